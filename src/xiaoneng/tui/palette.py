"""The command palette (Ctrl+P) in Chinese, found by pinyin too.

Textual's palette speaks English ("No matches found") and matches only the
characters typed. Here every text is Chinese, and a command is found by its
title, its full pinyin ("xuexi" finds 学习) or the initials of each
character ("xx", "zgtz" for 整改台账), spaces and case ignored. Pinyin
comes from pypinyin (pinned in pyproject), worked out once per title.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import ClassVar

from rich.align import Align
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.widgets.option_list import Option

NO_MATCHES = "没有找到匹配的功能（可输入拼音或首字母，如 xuexi、xx）"


@cache
def syllables(title: str) -> tuple[str, ...]:
    """The pinyin of each character of `title` (other characters as they are)."""
    from pypinyin import Style, pinyin  # imported on first use: its tables take ~0.4 s

    out: list[str] = []
    for ch in title:
        if "\u4e00" <= ch <= "\u9fff":
            out.append(pinyin(ch, style=Style.NORMAL)[0][0].lower())
        else:
            out.append(ch.lower())
    return tuple(out)


def pinyin_match(query: str, title: str) -> tuple[float, list[int]] | None:
    """(score, matched character positions) when `query` is the start of, or
    in, the title's full pinyin or its initials; None otherwise."""
    q = "".join(query.lower().split())
    if not q or not q.isascii():
        return None
    sounds = syllables(title)
    spans: list[tuple[str, list[int]]] = []  # (text, the character each letter belongs to)
    full, initials = "", ""
    full_at: list[int] = []
    for i, s in enumerate(sounds):
        full += s
        full_at += [i] * len(s)
        initials += s[:1]
    spans = [(full, full_at), (initials, list(range(len(initials))))]
    best: tuple[float, list[int]] | None = None
    for text, owner in spans:
        at = text.find(q)
        if at < 0:
            continue
        chars = sorted({owner[j] for j in range(at, at + len(q))})
        score = (1.0 if at == 0 else 0.7) * min(1.0, len(q) / max(len(text), 1) + 0.5)
        if best is None or score > best[0]:
            best = (score, chars)
    return best


def highlighted(title: str, chars: list[int]) -> Text:
    text = Text(title)
    for i in chars:
        text.stylize("bold reverse", i, i + 1)
    return text


class XiaonengCommands(Provider):
    """The app's own commands (XiaonengApp.get_system_commands), by title or pinyin."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        return [(c.title, c.help, c.callback) for c in self.app.get_system_commands(self.screen)]

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            shown: Text | Content = matcher.highlight(title)
            by_sound = pinyin_match(query, title)
            if by_sound is not None and by_sound[0] > score:
                score, shown = by_sound[0], highlighted(title, by_sound[1])
            elif score <= 0 and query.strip() and query.strip() in help_text:
                score, shown = 0.3, Text(title)
            if score > 0:
                yield Hit(score, shown, callback, help=help_text)


class ChinesePalette(CommandPalette):
    """Textual's command palette with its texts in Chinese."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+end, shift+end", "command_list('last')", "到底部", show=False),
        Binding("ctrl+home, shift+home", "command_list('first')", "到顶部", show=False),
        Binding("down", "cursor_down", "下一项", show=False),
        Binding("escape", "escape", "关闭命令面板"),
        Binding("pagedown", "command_list('page_down')", "下一页", show=False),
        Binding("pageup", "command_list('page_up')", "上一页", show=False),
        Binding("up", "command_list('cursor_up')", "上一项", show=False),
    ]

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own, with the Chinese text (the English one is built in there).
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(NO_MATCHES, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
