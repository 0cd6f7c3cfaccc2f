"""One date style: model/dates.py writes every Chinese date people read, and
no other module builds one (screens, letters, exports and CLI text agree)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from xiaoneng.model.dates import (
    clock_text,
    cn_date,
    cn_date_range,
    cn_datetime,
    cn_weekday,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "xiaoneng"
DATES = SRC / "model" / "dates.py"

# Ways a module builds a Chinese date of its own: an f-string or format with
# a month and a day (or a year and a month) around 年/月/日, a strftime
# pattern with them, or a formatted date cut into pieces by slicing.
HOMEMADE = [
    re.compile(r"\{[^{}\n]*\}\s*月\s*\{[^{}\n]*\}\s*日"),
    re.compile(r"\{[^{}\n]*\}\s*年\s*\{[^{}\n]*\}\s*月"),
    re.compile(r"%-?[Ymd]\s*[年月日]"),
    re.compile(r"\b(?:cn_date|cn_datetime|when|day)\([^()\n]*(?:\([^()\n]*\))?[^()\n]*\)\["),
]


def homemade_dates(text: str) -> list[str]:
    return [m.group(0) for rx in HOMEMADE for m in rx.finditer(text)]


def test_no_module_but_model_dates_writes_a_chinese_date():
    offenders = [
        f"{path.relative_to(SRC)}: {hit}"
        for path in sorted(SRC.rglob("*.py"))
        if path != DATES
        for hit in homemade_dates(path.read_text("utf-8"))
    ]
    assert not offenders, offenders


def test_screens_do_not_print_iso_dates_themselves():
    """Screens show dates through tui/format.py (which calls model/dates.py)."""
    iso = re.compile(r"strftime\(|\{[^{}\n]*\.isoformat\(\)[^{}\n]*\}")
    offenders = [
        f"{path.relative_to(SRC)}: {m.group(0)}"
        for path in sorted((SRC / "tui").rglob("*.py"))
        for m in iso.finditer(path.read_text("utf-8"))
    ]
    assert not offenders, offenders


@pytest.mark.parametrize(
    "snippet",
    [
        'f"{d.month}月{d.day}日"',
        'f"{d.year}年{d.month}月"',
        'start.strftime("%m月%d日 %H:%M")',
        'f"{start:%Y年%m月}"',
        "when(signin.time)[11:]",
        "cn_date(c.day)[5:]",
        "day(a.deadline(m))[5:]",
    ],
)
def test_the_scan_catches_each_homemade_form(snippet):
    assert homemade_dates(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        'f"{year}年度工作情况"',
        'f"复核{year}年"',
        'DATE_FORMAT = \'yyyy"年"m"月"d"日"\'',
        "cn_date(c.day, year=False)",
        'rf"({_NUM})\\s*月\\s*({_NUM})\\s*日"',
    ],
)
def test_the_scan_passes_what_is_not_a_date(snippet):
    assert not homemade_dates(snippet)


def test_cn_date_has_no_leading_zeros():
    assert cn_date("2026-03-06") == "2026年3月6日"
    assert cn_date(dt.date(2026, 12, 31)) == "2026年12月31日"
    assert cn_date("2026-03-06T09:05:00+08:00", year=False) == "3月6日"
    assert cn_date(None, blank="—") == "—"


def test_cn_datetime_and_clock():
    iso = "2026-03-06T09:05:00+08:00"
    assert cn_datetime(iso) == "2026年3月6日 09:05"
    assert cn_datetime(iso, year=False) == "3月6日 09:05"
    assert cn_datetime("2026-03-06") == "2026年3月6日"
    assert cn_datetime("", blank="—") == "—"
    assert clock_text(iso) == "09:05"
    assert clock_text("2026-03-06", blank="—") == "—"


def test_date_ranges_and_weekdays():
    assert cn_date_range("2026-05-12", "2026-05-13") == "2026年5月12日至13日"
    assert cn_date_range("2026-05-31", "2026-06-01") == "2026年5月31日至6月1日"
    assert cn_date_range("2026-12-31", "2027-01-02") == "2026年12月31日至2027年1月2日"
    assert cn_date_range("2026-05-12", "2026-05-12") == "2026年5月12日"
    assert cn_weekday("2026-05-12") == "5月12日（周二）"
    assert cn_weekday(dt.date(2026, 5, 17)) == "5月17日（周日）"
