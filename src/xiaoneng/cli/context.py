"""State shared by CLI commands: the data folder and, on demand, the core."""

from __future__ import annotations

import sys
from functools import cached_property
from pathlib import Path

import click

from xiaoneng.cli.json_text import dumps_indented
from xiaoneng.paths import resolve_data_dir


class CliState:
    def __init__(self, data_option: str | None):
        self.data_option = data_option

    @cached_property
    def data_dir(self) -> Path:
        return resolve_data_dir(self.data_option)

    def core(self):
        """The core on an initialised data folder (refuses an empty one)."""
        from xiaoneng.services.core import open_core

        core = open_core(self.data_dir, on_wait=self.say_waiting)
        for notice in core.store.notices:
            click.echo(f"xiaoneng：{notice}", err=True)
        core.store.notices.clear()
        return core

    @staticmethod
    def say_waiting(message: str) -> None:
        click.echo(f"xiaoneng：{message}", err=True)

    @staticmethod
    def print_json(obj) -> None:
        sys.stdout.write(dumps_indented(obj) + "\n")


pass_state = click.make_pass_decorator(CliState)
