"""The text of `status --json`: `json.dumps(report.to_dict(), indent=2,
ensure_ascii=False)` exactly, with each unit written from its figures.

At 50,000 staff the report has 1,655 units and about 18,000 done/due pairs:
turning them into dicts and walking those with the generic writer
(cli/json_text.py) cost about as much as working the figures out. A unit's
object has a fixed layout, so its text is one %-format for each shape of
unit (its module, session, activity and mode keys written in once) filled
with its id, name and numbers; the rest of the report goes through the
generic writer. Anything unexpected (a count that is not a plain int, a
key that is not a string) hands the whole report to `dumps_indented`, so
the text is always the same (tests/unit/test_status_json.py).
"""

from __future__ import annotations

from dataclasses import replace
from json.encoder import encode_basestring as _string  # the C version where there is one
from typing import Any

from xiaoneng.cli.json_text import INDENT, Other, dumps_indented, write_value
from xiaoneng.model.status import StatusReport, UnitStatus

TOP = "\n" + INDENT  # the report's keys
UNIT = TOP + INDENT  # a unit's object in the list
KEY = UNIT + INDENT  # a unit's keys


def report_text(report: StatusReport) -> str:
    """`dumps_indented(report.to_dict())`, the units written from their figures."""
    try:
        return _report_text(report)
    except (Other, TypeError, RecursionError):  # TypeError: a name that is not text
        return dumps_indented(report.to_dict())


def _report_text(report: StatusReport) -> str:
    rest = replace(report, units=[]).to_dict()  # everything but the units
    out: list[str] = []
    sep = "{" + TOP
    for key, value in rest.items():
        out.append(f"{sep}{_string(key)}: ")
        if key == "units" and report.units:
            _units(report.units, out)
        else:
            write_value(value, TOP, out)
        sep = "," + TOP
    out.append("\n}")
    return "".join(out)


Shape = tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]


class _Formats:
    """A unit's text as one %-format for each shape of unit (which modules,
    sessions, activities and modes it has figures for: a handful in an
    agency), its keys written in and its names and numbers left as %s and %d."""

    def __init__(self) -> None:
        self.formats: dict[Shape, str] = {}

    def of(self, shape: Shape) -> str:
        fmt = self.formats.get(shape)
        if fmt is None:
            fmt = self.formats[shape] = self._make(shape)
        return fmt

    @staticmethod
    def _key(k: Any) -> str:
        if type(k) is not str:
            raise Other
        return _string(k).replace("%", "%%")

    def _pair(self, nl: str) -> str:
        inner = nl + INDENT
        return f'{{{inner}"done": %d,{inner}"due": %d{nl}}}'

    def _pairs(self, keys: tuple[str, ...], nl: str) -> str:
        if not keys:
            return "{}"
        inner = nl + INDENT
        parts = [f"{inner}{self._key(k)}: {self._pair(inner)}" for k in keys]
        return "{" + ",".join(parts) + nl + "}"

    def _make(self, shape: Shape) -> str:
        studies, sessions, checks = shape
        k, k2 = KEY, KEY + INDENT
        if checks:
            parts = [f"{k2}{self._key(a)}: {self._pairs(modes, k2)}" for a, modes in checks]
            checked = "{" + ",".join(parts) + k + "}"
        else:
            checked = "{}"
        return (
            f'{{{k}"unit": %s,{k}"name": %s,{k}"headcount": %d,'
            f'{k}"studies": {self._pairs(studies, k)},'
            f'{k}"sessions": {self._pairs(sessions, k)},'
            f'{k}"checks": {checked},'
            f'{k}"letters": {self._pair(k)},'
            f'{k}"findings": {{{k2}"open": %d,{k2}"overdue": %d,{k2}"closed": %d{k}}},'
            f'{k}"overall": {self._pair(k)}{UNIT}}}'
        )


def _units(units: list[UnitStatus], out: list[str]) -> None:
    formats = _Formats()
    sep = "[" + UNIT
    for u in units:
        studies, sessions, checks = u.studies, u.sessions, u.checks
        shape = (
            tuple(studies),
            tuple(sessions),
            tuple([(a, tuple(modes)) for a, modes in checks.items()]),
        )
        nums: list[Any] = [u.headcount]
        for p in studies.values():
            nums += (p.done, p.due)
        for p in sessions.values():
            nums += (p.done, p.due)
        for modes in checks.values():
            for p in modes.values():
                nums += (p.done, p.due)
        letters, f, overall = u.letters, u.findings, u.overall()
        nums += (letters.done, letters.due, f.open, f.overdue, f.closed, overall.done, overall.due)
        for v in nums:
            if type(v) is not int:  # a bool, say: json's text for it
                raise Other
        out.append(sep + formats.of(shape) % (_string(u.unit), _string(u.name), *nums))
        sep = "," + UNIT
    out.append(TOP + "]")
