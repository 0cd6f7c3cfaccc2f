"""`status --json`'s text (cli/status_json.py) is json.dumps(report.to_dict(),
indent=2, ensure_ascii=False) exactly: for any report, for odd values (which
go to the generic writer), and for an agency's real report."""

from __future__ import annotations

import json

from helpers.examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from xiaoneng.cli.status_json import report_text
from xiaoneng.model.posts_summary import ProgrammeSummary
from xiaoneng.model.records import Progress
from xiaoneng.model.status import (
    ActivityInfo,
    FindingCounts,
    ModuleInfo,
    SessionInfo,
    StatusReport,
    UnitStatus,
)


def _std(report: StatusReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


counts = st.integers(min_value=0, max_value=10**6)
progress = st.builds(Progress, counts, counts)
keys = st.text(max_size=8)
units = st.builds(
    UnitStatus,
    unit=st.text(max_size=8),
    name=st.text(max_size=12),
    headcount=counts,
    studies=st.dictionaries(keys, progress, max_size=3),
    sessions=st.dictionaries(keys, progress, max_size=3),
    checks=st.dictionaries(keys, st.dictionaries(keys, progress, max_size=3), max_size=3),
    letters=progress,
    findings=st.builds(FindingCounts, counts, counts, counts),
)
reports = st.builds(
    StatusReport,
    year=st.integers(min_value=2000, max_value=2100),
    date=st.text(max_size=10),
    modules=st.dictionaries(keys, st.builds(ModuleInfo, st.text(max_size=8), keys), max_size=3),
    sessions=st.dictionaries(keys, st.builds(SessionInfo, st.text(max_size=8), keys), max_size=2),
    activities=st.dictionaries(
        keys,
        st.builds(ActivityInfo, st.text(max_size=8), st.dictionaries(keys, keys, max_size=3)),
        max_size=2,
    ),
    units=st.lists(units, max_size=6),
)


@settings(max_examples=examples(300), deadline=None)
@given(reports)
def test_same_text_as_json_dumps(report):
    assert report_text(report) == _std(report)


def test_odd_values_are_written_as_json_dumps_writes_them():
    odd = [
        UnitStatus("u1", '单位"甲"\n', True, {"m": Progress(True, 2)}),  # bools print as true
        UnitStatus("u2", "乙", 3, {1: Progress(1, 2)}),  # type: ignore[dict-item]  # an int key
        UnitStatus("u3", "丙", 3, findings=FindingCounts(1.5, 0, 0)),  # type: ignore[arg-type]
        UnitStatus("u4", "丁", 3, checks={"a": {"self": Progress(1, 2.0)}}),  # type: ignore[arg-type]
        UnitStatus(5, "戊", 3),  # type: ignore[arg-type]  # an id that is not text
        # Percent signs in keys and names (the unit's text is a %-format).
        UnitStatus(
            "u%d", "完成 50%s %%", 3, {"100%": Progress(1, 2)}, checks={"%s": {"%d": Progress()}}
        ),
    ]
    for unit in odd:
        report = StatusReport(2026, "2026-03-16", {}, {}, {}, [unit])
        assert report_text(report) == _std(report)
    programme = ProgrammeSummary(2026, {"县级": {"a": 1}}, {"县级": 0}, 1)
    report = StatusReport(2026, "2026-03-16", {}, {}, {}, [], programme)
    assert report_text(report) == _std(report)


def test_an_agencys_report(org):
    report = org.status.report()
    assert len(report.units) >= 2 and report.modules
    assert any(u.studies for u in report.units)
    assert report_text(report) == _std(report)
    empty = StatusReport(2026, "2026-03-16", {}, {}, {}, [])
    assert report_text(empty) == _std(empty)
