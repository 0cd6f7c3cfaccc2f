"""Pilot: the command palette speaks Chinese and finds commands by pinyin:
full pinyin ("xuexi" finds 学习) and initials ("xx", "zgtz" for 整改台账)."""

from __future__ import annotations

from conftest import person
from helpers.settle import settle
from textual.command import CommandList

from xiaoneng.tui.factory import build_app
from xiaoneng.tui.palette import pinyin_match


def _options(app) -> list[str]:
    found = app.screen.query_one(CommandList)
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


async def _search(app, pilot, query: str, shows: str) -> list[str]:
    """Type `query` into the palette and wait until an option shows `shows`
    (the palette searches in a worker and shows hits as they come; "no matches"
    appears after a countdown)."""
    box = app.screen.query_one("CommandInput")
    box.value = ""
    await pilot.press(*query)
    await settle(
        pilot,
        lambda: any(shows in o for o in _options(app)),
        what=f"an option with {shows!r} for {query!r}",
    )
    return _options(app)


async def test_palette_finds_by_pinyin_and_speaks_chinese(org):
    app = build_app(org)
    async with app.run_test(size=(100, 30)) as pilot:
        app.user = person(org, "A001")
        app.show_home()
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert any("学习" in o for o in await _search(app, pilot, "xuexi", "学习"))
        assert any("学习" in o for o in await _search(app, pilot, "xx", "学习"))
        assert any("整改台账" in o for o in await _search(app, pilot, "zgtz", "整改台账"))
        assert any("整改台账" in o for o in await _search(app, pilot, "台账", "整改台账"))
        nothing = await _search(app, pilot, "qqqqq", "没有找到匹配的功能")
        text = " ".join(nothing)
        assert "没有找到匹配的功能" in text and "No matches" not in text


def test_pinyin_match_marks_the_characters_matched():
    assert pinyin_match("xuexi", "学习")[1] == [0, 1]
    assert pinyin_match("tz", "整改台账")[1] == [2, 3]
    assert pinyin_match("xue", "集中学习")[1] == [2]
    assert pinyin_match("abc", "学习") is None
