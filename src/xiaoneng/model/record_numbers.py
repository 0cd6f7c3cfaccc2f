"""Record numbers people read on paper and in file names: 承诺书〔2026〕4001-48.

Every number has one form, `<kind>〔<year>〕<serial>`, in the style of Chinese
archive and document numbers. The serial is built from parts a person can
read and look up - a 工号, an activity's or session's number, a unit's number,
a ledger entry number - never from internal keys (`a:b:c`, `a|b|c`) or
checklist ids, which stay inside the data folder.

A number depends only on the record itself (no counters): the same record
gets the same number at every export, on every machine, in any order, which
lets exports run in parallel batches. The callers (services) take the
numeric parts out of ids through the repositories; this module only formats.

| kind | example | serial |
|---|---|---|
| 承诺书 | 承诺书〔2026〕4001-48 | signer's 工号 - ledger entry that signed it |
| 自查表 | 自查表〔2026〕A002-3001 | activity - checked person (or unit D03) |
| 互查表/巡查表 | 互查表〔2026〕A002-3005-3001 | activity - checked - checker |
| 签到表 | 签到表〔2026〕S001(-D03) | session (- unit when one unit's sheet) |
| 学习记录 | 学习记录〔2026〕WSL2021-总 | study module code - unit or 总 |
| 整改台账 | 整改台账〔2026〕D03 | unit or 总 |
| 年度汇总 | 年度汇总〔2026〕总 | unit or 总 |

A period other than one whole year adds its first and last day
(`整改台账〔2026〕总-0301-0630`). Other kinds (试卷, 巾帼文明岗 class documents)
use `record_number(kind, year, *parts)`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xiaoneng.model.checklist import MODE_LABELS

LETTER = "承诺书"
SIGNIN = "签到表"
STUDY = "学习记录"
REGISTER = "整改台账"
REPORT = "年度汇总"
CHECK_KINDS = {mode: f"{label}表" for mode, label in MODE_LABELS.items()}  # 自查表 互查表 巡查表
WHOLE_AGENCY = "总"  # the scope "all units"
_UNIT_PREFIX = "D"  # a unit's number, told apart from a 工号: D03
# Characters a serial part may not hold: the separators of internal keys, the
# number's own brackets and anything a file name cannot carry.
_FORBIDDEN = re.compile(r"[:|〔〕<>\"/\\?*\s\x00-\x1f]")
_SLUG_WORD = re.compile(r"[a-z]+|\d+", re.IGNORECASE)


class RecordNumberError(ValueError):
    """A part of a record number would carry an internal id or break the form."""


@dataclass(frozen=True, slots=True)
class RecordNumber:
    """<kind>〔<year>〕<serial>; str() is what paper and file names show."""

    kind: str
    year: int
    serial: str

    def __str__(self) -> str:
        return f"{self.kind}〔{self.year}〕{self.serial}"

    def sort_key(self) -> tuple[str, int, tuple[tuple[int, int | str], ...]]:
        """Natural order: A002-9 before A002-10."""
        parts = tuple(
            (0, int(p)) if p.isdigit() else (1, p) for p in re.findall(r"\d+|\D+", self.serial)
        )
        return (self.kind, self.year, parts)


def _part(value: object) -> str:
    text = str(value).strip()
    if not text or _FORBIDDEN.search(text):
        raise RecordNumberError(f"记录编号的组成部分“{text[:40]}”为空或含有不允许的字符")
    return text


def record_number(kind: str, year: int, *parts: object) -> RecordNumber:
    """The number of a record of `kind` in `year`; `parts` joined with '-'."""
    if not kind.strip() or _FORBIDDEN.search(kind):
        raise RecordNumberError(f"记录类别“{kind[:20]}”无效")
    if not 1900 <= int(year) <= 9999:
        raise RecordNumberError(f"记录编号的年度无效：{year}")
    serial = "-".join(_part(p) for p in parts)
    if not serial:
        raise RecordNumberError("记录编号至少要有一个组成部分")
    return RecordNumber(kind, int(year), serial)


def serial_code(prefix: str, serial: int) -> str:
    """A001, S012: a letter and the running number of an activity or session."""
    if serial < 1:
        raise RecordNumberError(f"编号应为正整数：{serial}")
    return f"{prefix}{serial:03d}"


def unit_code(number: int | None) -> str:
    """D03 for the unit numbered 3; 总 for the whole agency (None)."""
    if number is None:
        return WHOLE_AGENCY
    if number < 0:
        raise RecordNumberError(f"单位编号应为非负整数：{number}")
    return f"{_UNIT_PREFIX}{number:02d}"


def module_code(module_id: str) -> str:
    """A short code for a study module, from the initials of its id's words:
    work-safety-law-2021 -> WSL2021 (numbers are kept whole)."""
    words = _SLUG_WORD.findall(module_id)
    code = "".join(w if w.isdigit() else w[0].upper() for w in words)
    if not code:
        raise RecordNumberError(f"学习模块“{module_id[:40]}”无法生成编号")
    return code


def period_parts(start: dt.date, end: dt.date) -> tuple[str, ...]:
    """Nothing for the whole year of `start`; else first and last day (0301, 0630),
    with the year when the period leaves the start's year (20270115)."""
    if start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31):
        return ()
    last = f"{end:%m%d}" if end.year == start.year else f"{end:%Y%m%d}"
    return (f"{start:%m%d}", last)


def letter_number(year: int, signer: str, ledger_seq: int) -> RecordNumber:
    """承诺书〔2026〕4001-48: the signer's 工号 and the ledger entry that signed it
    (unique and fixed the moment the letter is signed)."""
    return record_number(LETTER, year, signer, ledger_seq)


def check_number(
    mode: str, year: int, activity: int, target: str, checker: str | None = None
) -> RecordNumber:
    """自查表〔2026〕A002-3001; 互查表/巡查表 add the checker (a person may be
    checked by two colleagues, a unit inspected by two leaders).

    `target` is a 工号 or a unit_code(); `activity` the activity's number.
    """
    kind = CHECK_KINDS.get(mode)
    if kind is None:
        raise RecordNumberError(f"检查方式“{mode}”无效")
    parts = [serial_code("A", activity), target]
    if mode != "self" and checker:
        parts.append(checker)
    return record_number(kind, year, *parts)


def signin_number(year: int, session: int, unit: int | None = None) -> RecordNumber:
    """签到表〔2026〕S001; one unit's part of the sheet adds the unit (S001-D03)."""
    parts = [serial_code("S", session)] + ([unit_code(unit)] if unit is not None else [])
    return record_number(SIGNIN, year, *parts)


def study_number(
    module_id: str, start: dt.date, end: dt.date, unit: int | None = None
) -> RecordNumber:
    """学习记录〔2026〕WSL2021-总 for a module over a period, all units or one."""
    return record_number(
        STUDY, start.year, module_code(module_id), unit_code(unit), *period_parts(start, end)
    )


def register_number(start: dt.date, end: dt.date, unit: int | None = None) -> RecordNumber:
    """整改台账〔2026〕总 (or D03) for a period."""
    return record_number(REGISTER, start.year, unit_code(unit), *period_parts(start, end))


def report_number(year: int, unit: int | None = None) -> RecordNumber:
    """年度汇总〔2026〕总 (or D03)."""
    return record_number(REPORT, year, unit_code(unit))
