"""Chinese line breaking (tui/linebreak.py): no line starts with a closing
mark or ends with an opening one, lines fit, Latin text wraps as before, and
Rich and Textual both wrap with it once installed."""

from __future__ import annotations

from helpers.examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from rich._wrap import divide_line as rich_divide_line
from rich.cells import cell_len

from xiaoneng.tui.linebreak import NO_END, NO_START, divide_line, install, wrap

RULE = (
    "安全出口、疏散通道必须保持畅通，绝不锁闭、占用或者堵塞；消防设施（灭火器、消火栓）定期检查。"
)


def _check(lines: list[str], width: int) -> None:
    for i, line in enumerate(lines):
        assert cell_len(line) <= width, (width, line)
        if i:
            assert line[:1] not in NO_START, (width, lines)
        if i < len(lines) - 1:
            assert line[-1:] not in NO_END, (width, lines)


def test_the_rules_at_every_width():
    for width in range(6, 60):
        lines = wrap(RULE, width)
        assert "".join(lines) == RULE
        _check(lines, width)


def test_the_cases_seen_on_screen():
    # 绝不锁闭 / 、占用 and a lone 。 were seen with Rich's own breaking.
    lines = wrap("，绝不锁闭、占用或者堵塞", 10)
    assert not any(line.startswith("、") for line in lines)
    lines = wrap("新的初始 PIN 只显示一次，请当面交给本人。", 40)
    assert lines[-1] != "。" and not lines[-1].startswith("。")


def test_latin_text_wraps_as_rich_does():
    for text in ("hello world foo", "The quick brown fox jumps over the lazy dog", "a  b   c"):
        for width in range(3, 20):
            assert divide_line(text, width) == rich_divide_line(text, width), (text, width)


@settings(max_examples=examples(300), deadline=None)
@given(
    st.text(
        alphabet=list("学习安全生产法条例第二十九条")
        + list("，。、；：！？）》」（《「")
        + [" ", "a", "1"],
        max_size=80,
    ),
    st.integers(min_value=4, max_value=30),
)
def test_any_text_keeps_the_rules_where_it_can(text, width):
    lines = wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert cell_len(line) <= width


def test_rich_and_textual_use_it_once_installed():
    import rich.text
    import textual.content

    install()
    assert rich.text.divide_line is divide_line
    assert textual.content.divide_line is divide_line


def test_a_date_stays_on_one_line():
    text = "待整改 · 责任人 教师甲 · 期限 2026年3月20日 · 复查人 园长甲 · 发现时间 2026年3月16日"
    for width in range(14, 60):
        lines = wrap(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        _check(lines, width)
        joined = "\n".join(lines)
        assert "2026年3月20日" in joined and "2026年3月16日" in joined, (width, lines)
    assert wrap("甲乙丙 2026年3月", 10) == ["甲乙丙", "2026年3月"]
