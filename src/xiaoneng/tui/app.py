"""The Textual application: who is signed in, and which screen shows.

Screens are opened by route name (`app.go("study", module_id)`), so the
home screen, the command palette and other screens can link to each other
without importing each other; each route's module is imported on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Provider
from textual.screen import Screen
from textual.widgets import DataTable

from xiaoneng.model.people import Person
from xiaoneng.tui import linebreak
from xiaoneng.tui.widgets.paged_table import Paged

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

# route -> (module in xiaoneng.tui.screens, screen class)
ROUTES: dict[str, tuple[str, str]] = {
    "home": ("home", "HomeScreen"),
    "help": ("help", "HelpScreen"),
    "pin": ("pin_change", "PinChangeScreen"),
    "studies": ("studies", "StudiesScreen"),
    "study": ("study", "StudyScreen"),
    "attempts": ("attempts", "AttemptsScreen"),
    "person_study": ("person_study", "PersonStudyScreen"),
    "sessions": ("sessions", "SessionsScreen"),
    "session": ("session_signin", "SessionSigninScreen"),
    "checks": ("checks", "ChecksScreen"),
    "check": ("check_form", "CheckFormScreen"),
    "register": ("register", "RegisterScreen"),
    "finding": ("finding", "FindingScreen"),
    "letters": ("letters", "LettersScreen"),
    "letter": ("letter", "LetterScreen"),
    "office": ("office", "OfficeScreen"),
    "roster": ("roster", "RosterScreen"),
    "catalogue": ("catalogue", "CatalogueScreen"),
    "audit": ("audit", "AuditScreen"),
    "export": ("export", "ExportScreen"),
    "posts": ("posts", "PostsScreen"),
    "post": ("post", "PostScreen"),
    "training": ("training", "TrainingScreen"),
    "training_kiosk": ("training_kiosk", "TrainingKioskScreen"),
}

# Main actions offered in the command palette: (route, title, help, roles or None for all)
MAIN_ACTIONS: list[tuple[str, str, str, tuple[str, ...] | None]] = [
    ("home", "我的待办", "回到首页，查看需要我处理的事项", None),
    ("studies", "学习", "学习模块、测验和完成确认", None),
    ("sessions", "集中学习", "学习活动、签到和补签登记", None),
    ("checks", "三查", "自查、互查、领导巡查", None),
    ("register", "整改台账", "问题整改台账：进度、复查、销号", None),
    ("letters", "承诺书", "阅读和签署承诺书、签署情况", None),
    (
        "posts",
        "巾帼文明岗",
        "申报岗位、硬性条件、考核评分和档案材料",
        ("admin", "publicity", "leader"),
    ),
    (
        "training",
        "巾帼文明岗培训班",
        "课程表、学员出勤、门口签到",
        ("admin", "publicity", "leader"),
    ),
    ("office", "办公室", "人员、活动、清单、台账校验和导出", ("admin",)),
    ("roster", "人员名册", "查找、新增、修改、停用人员，重置 PIN", ("admin",)),
    ("export", "导出 Word", "把记录导出为公文格式的 Word 文档", ("admin", "leader")),
    ("audit", "台账校验", "重算哈希链，核对每一条签署记录", ("admin", "leader")),
    ("pin", "修改 PIN", "修改自己的 PIN", None),
    ("help", "帮助", "按键和使用说明", None),
]


ROUTE_ROLES = {route: roles for route, _t, _h, roles in MAIN_ACTIONS if roles is not None}


def _commands() -> type[Provider]:
    from xiaoneng.tui.palette import XiaonengCommands

    return XiaonengCommands


class XiaonengApp(App[object]):
    CSS_PATH = "app.tcss"
    COMMANDS = {_commands}  # the app's own commands, by title or pinyin (tui/palette.py)
    TITLE = "效能"
    SUB_TITLE = "机关效能建设与安全生产"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "退出", priority=True),
        Binding("ctrl+p", "command_palette", "命令", show=False, priority=True),
        Binding("f1", "go('help')", "帮助", show=False),
        # Every table: Home/End to the first/last row (DataTable's own scroll sideways).
        Binding("home", "table_edge(False)", show=False, priority=True),
        Binding("end", "table_edge(True)", show=False, priority=True),
    ]

    def __init__(
        self,
        core: Core | None,
        *,
        data_dir: Path,
        start: tuple[Person, tuple[str, ...]] | None = None,
    ):
        super().__init__()
        linebreak.install()  # Chinese line breaking for every wrapped text
        self.core: Core | None = core
        self.data_dir = data_dir
        self.user: Person | None = None
        self._start = start

    def on_mount(self) -> None:
        if self.core is None:
            from xiaoneng.tui.screens.setup import SetupScreen

            self.push_screen(SetupScreen())
        elif self._start is not None:
            self.user, route = self._start
            if route:
                self.go(*route)
            else:
                self.show_home()
        else:
            self.show_login()

    async def on_event(self, event: events.Event) -> None:
        # Typing into a screen's fields goes in arrival order (tui/keyboard.py);
        # it never claims the app's keys (Ctrl+Q, Ctrl+P).
        if isinstance(event, events.Key) and not event.is_forwarded:
            typing = getattr(self.screen, "typing", None)
            if typing is not None and typing.claim(event):
                return
        await super().on_event(event)

    # -- navigation ------------------------------------------------------------

    def make_screen(self, route: str, *args: str) -> Screen[Any]:
        module_name, class_name = ROUTES[route]
        module = importlib.import_module(f"xiaoneng.tui.screens.{module_name}")
        return getattr(module, class_name)(*args)

    def push_screen(self, screen, callback=None, wait_for_dismiss=False, *, mode=None):
        if isinstance(screen, Screen) and not screen.is_attached:
            self._size_classes(screen)
        return super().push_screen(screen, callback, wait_for_dismiss, mode=mode)

    def _size_classes(self, screen: Screen[Any]) -> None:
        """Give a screen about to open the breakpoint classes (`-narrow`,
        `-wide`) of the terminal's size, chosen as its first resize will
        choose them. Textual sets them only then, after every widget of the
        new screen was styled without them, and styles them all again; with
        them set first, that resize changes nothing."""
        width, height = self.size
        classes: dict[str, bool] = {}
        chosen: list[str] = []
        for own, app_wide, length in (
            (screen.HORIZONTAL_BREAKPOINTS, self.HORIZONTAL_BREAKPOINTS, width),
            (screen.VERTICAL_BREAKPOINTS, self.VERTICAL_BREAKPOINTS, height),
        ):
            breakpoints = (app_wide if own is None else own) or []
            classes.update((name, False) for _at, name in breakpoints)
            fits = [(at, name) for at, name in breakpoints if length >= at]
            if fits:
                chosen.append(max(fits)[1])
        classes.update((name, True) for name in chosen)
        screen.update_classes(classes, update=False)

    def go(self, route: str, *args: str) -> None:
        """Push the screen for `route` (signed-in screens only)."""
        if self.user is None:
            return
        if route == "home":
            self.show_home()
            return
        self.push_screen(self.make_screen(route, *args))

    def action_command_palette(self) -> None:
        from xiaoneng.tui.palette import ChinesePalette

        if self.use_command_palette and not ChinesePalette.is_open(self):
            self.push_screen(
                ChinesePalette(
                    placeholder="搜索功能：学习、三查、整改台账…（也可输入拼音，如 xuexi、xx）",
                    id="--command-palette",
                )
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Hide keys for screens the signed-in person may not use (the screens
        # refuse anyway; this keeps the footer honest).
        if action == "go" and parameters and self.user is not None:
            roles = ROUTE_ROLES.get(str(parameters[0]))
            if roles is not None and not any(self.user.has(r) for r in roles):
                return False
        return True

    def action_table_edge(self, last: bool) -> None:
        table = self.focused
        if not isinstance(table, DataTable) or not table.row_count:
            raise SkipAction()  # not a table: Home/End do what they do there
        if last and isinstance(table, Paged):
            table.fill()  # the real last row, not the last one put in so far
        table.move_cursor(row=table.row_count - 1 if last else 0)

    def action_go(self, route: str) -> None:
        self.go(route)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if self.user is not None:
            for route, title, help_text, roles in MAIN_ACTIONS:
                if roles is None or any(self.user.has(r) for r in roles):
                    yield SystemCommand(title, help_text, lambda r=route: self.go(r))
            yield SystemCommand("退出登录", "结束本次登录，回到登录界面", self.action_sign_out)
        yield SystemCommand("退出程序", "关闭效能", self.exit)

    # -- session -------------------------------------------------------------

    def show_login(self) -> None:
        from xiaoneng.tui.screens.login import LoginScreen

        self.user = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(LoginScreen())

    def use_core(self, core: Core) -> None:
        """After setup: the folder now holds data."""
        self.core = core
        self.show_login()

    def signed_in(self, person: Person) -> None:
        self.user = person
        if person.pin_initial:
            from xiaoneng.tui.screens.pin_change import PinChangeScreen

            self.push_screen(PinChangeScreen(forced=True))
        else:
            self.show_home()

    def show_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(self.make_screen("home"))

    def refresh_user(self) -> None:
        """Re-read the signed-in person (roles may have changed)."""
        if self.user is not None and self.core is not None:
            self.user = self.core.roster.get(self.user.id) or self.user

    async def action_quit(self) -> None:
        if not self._guarded("关闭程序", self.exit):
            self.exit()

    def _guarded(self, doing: str, then: Callable[[], object]) -> bool:
        """A screen on the stack (the sign-in kiosk) that asks before `doing`."""
        for screen in reversed(self.screen_stack):
            guard = getattr(screen, "guard_exit", None)
            if guard is not None and guard(doing, then):
                return True
        return False

    def action_sign_out(self) -> None:
        name = self.user.name if self.user else ""
        self.show_login()
        if name:
            self.notify(f"{name}已退出登录。")
