"""Command-line entry: the TUI by default, sub-commands for scripting.

Errors meant for the user (XiaonengError) become one line on stderr and an exit
code (2 for a user mistake, 1 for a refused or failed operation); nothing the
user can cause prints a traceback.
"""

from __future__ import annotations

import sys

import click

from xiaoneng.cli.base import cli
from xiaoneng.errors import XiaonengError


def main(argv: list[str] | None = None) -> None:
    import os

    # Files this process creates are the owner's alone (PIN hashes, exports);
    # the store also sets modes itself, for callers that skip this entry.
    os.umask(0o077)
    try:
        cli.main(args=argv, prog_name="xiaoneng", standalone_mode=False)
    except XiaonengError as err:
        click.echo(f"xiaoneng：{err}", err=True)
        sys.exit(err.exit_code)
    except click.exceptions.Abort:
        click.echo("xiaoneng：已取消。", err=True)
        sys.exit(1)
    except click.UsageError as err:
        hint = f"（运行 {err.ctx.command_path} --help 查看用法）" if err.ctx else ""
        click.echo(f"xiaoneng：参数错误：{err.format_message()}{hint}", err=True)
        sys.exit(2)
    except click.ClickException as err:
        click.echo(f"xiaoneng：{err.format_message()}", err=True)
        sys.exit(err.exit_code)
    except KeyboardInterrupt:
        click.echo("xiaoneng：已中断。", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except OSError as err:
        from xiaoneng.store.files import os_error_message

        where = err.filename or "数据目录"
        click.echo(f"xiaoneng：无法访问 {os_error_message(err, where)}。", err=True)
        sys.exit(1)
    except Exception as err:  # a bug: say so plainly, keep the details in a log file
        log = _crash_log(err)
        click.echo(
            f"xiaoneng：内部错误（{type(err).__name__}）：{err}。详细信息已写入 {log}，请发给维护人员。",
            err=True,
        )
        sys.exit(1)
    sys.exit(0)


def _crash_log(err: Exception) -> str:
    import tempfile
    import traceback

    fd, path = tempfile.mkstemp(prefix="xiaoneng-error-", suffix=".log")
    with open(fd, "w", encoding="utf-8") as fh:
        fh.write("".join(traceback.format_exception(err)))
    return path
