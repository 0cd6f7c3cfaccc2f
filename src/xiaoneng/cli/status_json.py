"""The text of `status --json`: `json.dumps(report.to_dict(), indent=2,
ensure_ascii=False)` exactly, with each unit written from its figures.

At 50,000 staff the report has 1,655 units and about 18,000 done/due pairs:
turning them into dicts and walking those with the generic writer
(cli/json_text.py) cost about as much as working the figures out. A unit's
object has a fixed shape, so its text is written here straight from
`UnitStatus`, keys escaped once; the rest of the report goes through the
generic writer. Anything unexpected (a count that is not a plain int, a
key that is not a string) hands the whole report to `dumps_indented`, so
the text is always the same (tests/unit/test_status_json.py).
"""

from __future__ import annotations

from dataclasses import replace
from json.encoder import encode_basestring as _string  # the C version where there is one
from typing import Any

from xiaoneng.cli.json_text import INDENT, Other, dumps_indented, write_value
from xiaoneng.model.records import Progress
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


class _Writer:
    """Texts that repeat across units: escaped keys, and a done/due pair's
    text with its two numbers left out, for each level it appears at."""

    def __init__(self) -> None:
        self.keys: dict[Any, str] = {}
        self.pairs: dict[str, str] = {}

    def key(self, k: Any) -> str:
        text = self.keys.get(k)
        if text is None:
            if type(k) is not str:
                raise Other
            text = self.keys[k] = _string(k)
        return text

    def pair(self, nl: str) -> str:
        """A done/due pair's text at line start `nl`, its numbers left as %d."""
        pair = self.pairs.get(nl)
        if pair is None:
            inner = nl + INDENT
            pair = self.pairs[nl] = f'{{{inner}"done": %d,{inner}"due": %d{nl}}}'
        return pair

    def progress(self, p: Progress, nl: str) -> str:
        done, due = p.done, p.due
        if type(done) is not int or type(due) is not int:  # a bool, say: json's text for it
            raise Other
        return self.pair(nl) % (done, due)

    def by_key(self, figures: dict[str, Progress], nl: str) -> str:
        if not figures:
            return "{}"
        inner = nl + INDENT
        pair, keys = self.pair(inner), self.keys
        parts = []
        for k, p in figures.items():
            done, due = p.done, p.due
            if type(done) is not int or type(due) is not int:
                raise Other
            parts.append(f"{inner}{keys.get(k) or self.key(k)}: {pair % (done, due)}")
        return "{" + ",".join(parts) + nl + "}"

    def checks(self, checks: dict[str, dict[str, Progress]], nl: str) -> str:
        if not checks:
            return "{}"
        inner = nl + INDENT
        parts = [f"{inner}{self.key(a)}: {self.by_key(m, inner)}" for a, m in checks.items()]
        return "{" + ",".join(parts) + nl + "}"


def _int(v: Any) -> int:
    if type(v) is not int:
        raise Other
    return int(v)


def _units(units: list[UnitStatus], out: list[str]) -> None:
    w = _Writer()
    k, k2 = KEY, KEY + INDENT
    findings = f'{{{k2}"open": %d,{k2}"overdue": %d,{k2}"closed": %d{k}}}'
    sep = "[" + UNIT
    for u in units:
        f = u.findings
        out.append(
            f'{sep}{{{k}"unit": {_string(u.unit)},{k}"name": {_string(u.name)},'
            f'{k}"headcount": {_int(u.headcount)},'
            f'{k}"studies": {w.by_key(u.studies, k)},'
            f'{k}"sessions": {w.by_key(u.sessions, k)},'
            f'{k}"checks": {w.checks(u.checks, k)},'
            f'{k}"letters": {w.progress(u.letters, k)},'
            f'{k}"findings": {findings % (_int(f.open), _int(f.overdue), _int(f.closed))},'
            f'{k}"overall": {w.progress(u.overall(), k)}{UNIT}}}'
        )
        sep = "," + UNIT
    out.append(TOP + "]")
