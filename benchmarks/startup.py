"""Cold start to the login screen vs a bare Textual app that shows one label.

Each run is a fresh process that imports what the real command imports,
starts the app headless and exits as soon as the first screen is mounted.
Target: ratio <= 1.5.

    uv run python benchmarks/startup.py [--reps 9]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import LARGE, agency, table  # noqa: E402

BARE = """
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("登录")

    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run(headless=True)
"""

# The real entry point (`xiaoneng --data DIR`), stopped once the login screen is up.
XIAONENG = """
import sys
import xiaoneng.tui.screens.login as login

shown = login.LoginScreen.on_mount

def on_mount(self):
    shown(self)
    self.call_after_refresh(self.app.exit)

login.LoginScreen.on_mount = on_mount
import xiaoneng.tui.app as app_module

run = app_module.XiaonengApp.run
app_module.XiaonengApp.run = lambda self, **kw: run(self, headless=True)
from xiaoneng.cli import main
main(["--data", sys.argv[1]])
"""


def once(code: str, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=9)
    args = parser.parse_args()
    root = str(agency(LARGE))
    bare, ours = [], []
    for _ in range(args.reps):
        bare.append(once(BARE))
        ours.append(once(XIAONENG, root))
    b, o = statistics.median(bare) * 1000, statistics.median(ours) * 1000
    table(
        [("bare Textual app", f"{b:.0f} ms"), ("xiaoneng to login", f"{o:.0f} ms")],
        ("start", "median"),
    )
    print(f"ratio xiaoneng/bare = {o / b:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
