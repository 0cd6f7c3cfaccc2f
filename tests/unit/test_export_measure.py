"""The short cut in line counting: a text it calls one line is one line."""

from __future__ import annotations

from helpers.examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.export.measure import Span, _surely_one_line, break_lines, count_lines

_CHARS = st.sampled_from(list("效能建设，。《》（）“”、：；0123456789WMmiIl -/.%") + ["\n", "é"])
_SPAN = st.builds(
    Span,
    st.text(_CHARS, max_size=40),
    st.sampled_from([9.0, 10.5, 12.0, 16.0]),
    st.sampled_from([0.0, 0.0, 0.3, -0.2]),
)


@settings(max_examples=examples(300))
@given(st.lists(_SPAN, min_size=1, max_size=3), st.floats(20, 500), st.sampled_from([0.0, 32.0]))
def test_a_text_surely_on_one_line_breaks_into_one_line(spans, width, indent):
    if _surely_one_line(spans, width - indent):
        assert len(break_lines(spans, width, first_indent=indent, size=spans[0].size)) == 1
    size = max(s.size for s in spans)
    counted = count_lines(spans, width, first_indent=indent, size=size)
    assert counted == len(break_lines(spans, width, first_indent=indent, size=size))


def test_the_short_cut_takes_short_cells_and_leaves_long_ones():
    assert _surely_one_line([Span("2026年12月1日", 9.0)], 100.0)
    assert _surely_one_line([Span("承诺书〔2026〕H12-000123", 9.0)], 160.0)
    assert not _surely_one_line([Span("一二三四五六七八九十" * 2, 9.0)], 100.0)
    assert not _surely_one_line([Span("两行\n文字", 9.0)], 500.0)
