"""End to end in a real terminal: the installed `xiaoneng` command under tmux.

Builds a demo folder, starts the app in a detached tmux session of 100x30 on a
private socket (never the user's tmux server), signs in by typing as a person
would, waits for the home screen, quits with Ctrl+Q and checks the program
ended cleanly.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

TIMEOUT = 30.0  # seconds for any one screen to appear


def _xiaoneng() -> str:
    """The console script installed beside this interpreter (the venv's bin)."""
    beside = Path(sys.executable).with_name("xiaoneng")
    if beside.exists():
        return str(beside)
    found = shutil.which("xiaoneng")
    if found is None:
        pytest.fail("找不到已安装的 xiaoneng 命令（请先 uv sync）。")
    return found


@pytest.fixture
def tmux_bin() -> str:
    """tmux, or a skip on a developer's machine without it (a failure on CI)."""
    found = shutil.which("tmux")
    if found is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("CI 环境缺少 tmux：端到端测试不能跳过，请安装 tmux。")
        pytest.skip("tmux is not installed")
    return found


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TMUX")}
    env.pop("XIAONENG_DATA", None)  # never the developer's own data
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color")
    return env


class Tmux:
    """One tmux server on a private socket, with a single session."""

    def __init__(self, tmux: str):
        self.tmux = tmux
        self.socket = f"xiaoneng-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.session = "e2e"
        # The socket goes in a folder of our own (short: sockets have a path
        # limit), removed afterwards; the user's tmux folder is never touched.
        self.sockets = Path(tempfile.mkdtemp(prefix="xn-tmux-"))
        self.env = {**_env(), "TMUX_TMPDIR": str(self.sockets)}

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        # -f /dev/null: no user configuration; -u: UTF-8 whatever the locale says.
        cmd = [self.tmux, "-u", "-f", "/dev/null", "-L", self.socket, *args]
        return subprocess.run(
            cmd, capture_output=True, text=True, env=self.env, check=check, timeout=30
        )

    def start(self, command: str) -> None:
        self.run("new-session", "-d", "-x", "100", "-y", "30", "-s", self.session, command)

    def screen(self) -> str:
        out = self.run("capture-pane", "-p", "-t", self.session, check=False)
        return out.stdout if out.returncode == 0 else ""

    def alive(self) -> bool:
        return self.run("has-session", "-t", self.session, check=False).returncode == 0

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def cursor_row(self) -> int:
        """The terminal cursor's row: Textual keeps it in the focused input."""
        out = self.run("display-message", "-p", "-t", self.session, "#{cursor_y}")
        return int(out.stdout.strip())

    def wait_until(self, done: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
        """Poll `done` until it holds; fail with `what` and the screen after `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if done():
                return
            time.sleep(0.1)
        pytest.fail(f"等待{what}超时；终端上是：\n{self.screen()}")

    def wait_for(self, *texts: str, timeout: float = TIMEOUT) -> str:
        """Wait until the screen shows every one of `texts` (or the app ends)."""
        seen: list[str] = []

        def shown() -> bool:
            seen[:] = [self.screen()]
            if not self.alive():
                pytest.fail(f"程序在显示 {texts} 之前退出了；终端上是：\n{seen[0]}")
            return all(t in seen[0] for t in texts)

        self.wait_until(shown, f" {texts} ", timeout)
        return seen[0]

    def kill(self) -> None:
        self.run("kill-server", check=False)
        shutil.rmtree(self.sockets, ignore_errors=True)


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Path, dict]:
    data = tmp_path / "demo"
    out = subprocess.run(
        [_xiaoneng(), "--data", str(data), "demo", "--no-tui", "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=_env(),
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    admin = next(lg for lg in info["logins"] if lg["role"] == "admin")
    return data, admin


def test_sign_in_and_quit_in_a_real_terminal(tmux_bin, demo, tmp_path):
    data, admin = demo
    rc_file = tmp_path / "exit-code"
    app = shlex.join([_xiaoneng(), "--data", str(data)])
    # The shell records the exit code, so a crash on the way out is seen too.
    command = f"{app}; echo $? > {shlex.quote(str(rc_file))}"
    tmux = Tmux(tmux_bin)
    try:
        tmux.start(command)
        login = tmux.wait_for("效能 · 登录", "工号", "请输入 PIN")
        pin_row = next(i for i, line in enumerate(login.splitlines()) if "请输入 PIN" in line)
        # Each step waits to be seen: keys sent faster than the app moves focus
        # would land in the previous field (a person types slower than tmux).
        tmux.keys(admin["id"], literal=True)
        tmux.wait_for(admin["id"])
        assert tmux.cursor_row() != pin_row  # still in the 工号 field
        tmux.keys("Tab")
        tmux.wait_until(lambda: tmux.cursor_row() == pin_row, "光标移到 PIN 输入框")
        tmux.keys(admin["pin"], literal=True)
        tmux.wait_for("•" * len(admin["pin"]))
        tmux.keys("Enter")
        home = tmux.wait_for(admin["name"], "我的待办")
        assert "办公室" in home  # the office's key is offered to an admin
        tmux.keys("C-q")
        tmux.wait_until(lambda: not tmux.alive(), " Ctrl+Q 后程序退出")
        assert rc_file.read_text().strip() == "0"
    finally:
        tmux.kill()


def _fresh_agency(root: Path):
    """An agency with staff and a study session starting in ten minutes (real clock)."""
    import datetime as dt

    from xiaoneng.services.permissions import SystemActor
    from xiaoneng.services.roster import new_person
    from xiaoneng.services.setup import init_agency

    core, _ = init_agency(
        root, unit_name="测试机关", admin_id="A001", admin_name="管理员甲", pin="135792"
    )
    actor = SystemActor(id="test")
    people = [new_person(f"S{i}", f"职工{i}", "测试机关", "科员", ["staff"]) for i in (1, 2)]
    core.roster.add_many(actor, people, pins={p.id: "482915" for p in people})
    for p in people:  # past the forced first change, so a login goes straight home
        core.auth.change_pin(core.roster.require(p.id), "482915", "246813")
    start = core.now() + dt.timedelta(minutes=10)
    session = core.sessions.create(
        actor,
        title="安全生产法集中学习",
        module="work-safety-law-2021",
        start=start,
        place="三楼会议室",
        host="管理员甲",
        attendees=["S1", "S2"],
    )
    return core, session


def test_typing_at_full_speed_in_a_real_terminal(tmux_bin, tmp_path):
    """`1006` Tab `246813` Enter in ONE send-keys call (a fast typist, a paste, a
    badge scanner) signs in; at the kiosk 工号 Enter PIN Enter in one call signs
    in; the PIN is never on screen; Ctrl+Q at the kiosk asks for the admin's PIN."""
    data = tmp_path / "data"
    core, session = _fresh_agency(data)
    rc_file = tmp_path / "exit-code"
    app = shlex.join([_xiaoneng(), "--data", str(data)])
    tmux = Tmux(tmux_bin)
    try:
        tmux.start(f"{app}; echo $? > {shlex.quote(str(rc_file))}")
        tmux.wait_for("效能 · 登录", "请输入 PIN")
        tmux.keys("S1", "Tab", "246813", "Enter")  # one call: one burst
        home = tmux.wait_for("职工1", "我的待办")
        assert "246813" not in home
        tmux.keys("C-o")
        tmux.wait_for("效能 · 登录", "请输入 PIN")

        tmux.keys("A001", "Tab", "135792", "Enter")
        tmux.wait_for("管理员甲", "我的待办")
        tmux.keys("j")
        tmux.wait_for("安全生产法集中学习")
        tmux.keys("Enter")
        tmux.wait_for("输入工号后按 Enter", "未签到 2 人")
        tmux.keys("S2", "Enter", "246813", "Enter")  # one call
        kiosk = tmux.wait_for("职工2签到成功")
        assert "246813" not in kiosk
        assert core.sessions.signin_of(session, core.roster.require("S2")) is not None

        tmux.keys("C-q")  # not a way out without the admin's PIN
        tmux.wait_for("输入 PIN 确认签署", "关闭程序")
        assert tmux.alive()
        tmux.keys("135792", "Enter")
        tmux.wait_until(lambda: not tmux.alive(), " 输入 PIN 后程序退出")
        assert rc_file.read_text().strip() == "0"
    finally:
        tmux.kill()


def test_typed_before_the_program_is_ready_signs_in(tmux_bin, tmp_path):
    """`S1` Tab PIN Enter typed while the program is still starting: the
    terminal reads them in its usual mode, where the Enter's CR becomes LF
    (Textual's Ctrl+J), and that Enter must still sign in."""
    data = tmp_path / "data"
    _fresh_agency(data)
    app = shlex.join([_xiaoneng(), "--data", str(data)])
    tmux = Tmux(tmux_bin)
    try:
        tmux.start(f"sleep 1; {app}")  # the keys arrive during the sleep, for certain
        tmux.keys("S1", "Tab", "246813", "Enter")  # one call: one burst
        home = tmux.wait_for("职工1", "我的待办")
        assert "246813" not in home
    finally:
        tmux.kill()
