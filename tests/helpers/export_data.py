"""Data for the export tests: a small agency with a record of every kind, its
year exported, and documents full of hostile text. Shared by the in-process
export tests, the export CLI tests and the LibreOffice rendering tests."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from conftest import ACTOR, PIN, TZ, FixedClock, make_agency

from xiaoneng.export.common import Directory, LedgerHead, PersonInfo, Signature
from xiaoneng.export.letter import commitment_letter
from xiaoneng.export.register import rectification_register
from xiaoneng.export.signin import signin_sheet
from xiaoneng.model.records import Finding, FindingDraft, ItemResult, Letter, SignIn, StudySession
from xiaoneng.services.core import Core
from xiaoneng.services.export_archive import Written, reserve
from xiaoneng.services.exporting import ExportService
from xiaoneng.services.permissions import cli_actor

MODULE = "work-safety-law-2021"
LETTER = "letter-work-safety"
HOSTILE = "张三/../李四\\王五:*?\x00\x07\x0b\u202e😀"
LONG_NAME = "长" * 5000 + "x" * 5000
# Record number kind (file names start with the record number) -> title text.
TITLES = {
    "签到表": "学习签到表",
    "学习记录": "学习记录",
    "自查表": "自查表",
    "互查表": "互查表",
    "巡查表": "巡查表",
    "整改台账": "问题整改台账",
    "承诺书": "承诺书",
    "年度汇总": "测试机关",
}
FOLDERS = {"学习签到表", "学习记录", "检查表", "整改台账", "承诺书", "年度汇总"}


def new_agency(root: Path) -> tuple:
    """The conftest `org` agency, built here so a whole module can share it."""
    clock = FixedClock(dt.datetime(2026, 3, 16, 9, 30, tzinfo=TZ))
    return make_agency(root, clock, with_people=True), clock


def populate(core, clock) -> dict:
    """A session with every kind of sign-in, a completion, three checks with an
    open (later overdue) and a closed finding, and a signed letter."""
    who = core.roster.require
    kg = core.org.find("测试幼儿园").id
    office = core.org.find("测试机关").id
    session = core.sessions.create(
        ACTOR,
        title="安全生产法集中学习",
        module=MODULE,
        start=clock.now + dt.timedelta(minutes=30),
        place="三楼会议室",
        host="领导甲",
        attendees=["S1", "S2", "H1", "S3", "L1"],
        recorder="办公室科员",
    )
    core.sessions.attend(who("S1"), session.id, PIN)
    core.sessions.record(ACTOR, session.id, "S2", "leave", "外出培训")
    core.sessions.record(ACTOR, session.id, "S3", "proxy", "手机没电由办公室代签")
    core.sessions.record(ACTOR, session.id, "H1", "late", "当天值班次日补签")
    module = core.study.module(MODULE)
    core.study.submit_quiz(who("S1"), MODULE, [set(q.answer) for q in module.questions])
    _, completion_entry = core.study.complete(who("S1"), MODULE, PIN)
    core.study.submit_quiz(who("S2"), MODULE, [set() for _ in module.questions])

    deadline = dt.date(2026, 4, 30)
    activity = core.activities.create(
        ACTOR,
        title="2026年度三查活动",
        template="sancha-check",
        deadlines={"self": deadline, "peer": deadline, "lead": deadline},
        leads={"L1": [kg, office]},
    )
    tpl = core.activities.template("sancha-check")

    def all_ok(mode, code="ok"):
        return {i.id: ItemResult(i.id, code) for _g, i in tpl.items_for(mode)}

    results = all_ok("self")
    results["duty-first-ask"] = ItemResult("duty-first-ask", "fail", "首问登记不全")
    draft = _draft("duty-first-ask", "来电登记本缺少三月记录", "补登并每日核对", "2026-03-20")
    own, own_entry = core.checks.submit(
        who("S1"), activity.id, "self", "S1", PIN, results, {"duty-first-ask": draft}
    )
    core.findings.add_progress(who("S1"), own.findings[0], "已补登三月记录")
    target = core.pairing.target_of(activity, who("S2"))
    core.checks.submit(who("S2"), activity.id, "peer", target, PIN, all_ok("peer"), {})
    core.checks.submit(who("L1"), activity.id, "lead", kg, PIN, all_ok("lead", "partial"), {})
    lead = all_ok("lead")
    lead["duty-unit-public"] = ItemResult("duty-unit-public", "fail")
    serious = _draft("duty-unit-public", "办事指南未公开", "上墙公开", "2026-04-10", "S3", "重大")
    checked, _ = core.checks.submit(
        who("L1"), activity.id, "lead", office, PIN, lead, {"duty-unit-public": serious}
    )
    closed_id = checked.findings[0]
    core.findings.add_progress(who("S3"), closed_id, "已上墙公开", done=True)
    core.findings.review(who("L1"), closed_id, PIN, passed=True, note="核实无误")
    letter, letter_entry = core.letters.sign_letter(who("H1"), LETTER, PIN)
    clock.advance(days=30)
    return {
        "session": session,
        "completion_entry": completion_entry,
        "own_check": own,
        "own_entry": own_entry,
        "open_finding": own.findings[0],
        "closed_finding": closed_id,
        "letter": letter,
        "letter_entry": letter_entry,
        "kg": kg,
        "office": office,
    }


def _draft(item, problem, measure, deadline, responsible="", category="一般"):
    return FindingDraft(
        item=item,
        problem=problem,
        measure=measure,
        deadline=deadline,
        money="500元",
        responsible=responsible,
        reviewer="L1" if responsible else "",
        category=category,
    )


def export_archive(core: Core, folder: Path) -> Written:
    """Every kind, for the year, with blank letters: the archive as written."""
    seen = []
    written = ExportService(core).run(
        cli_actor(),
        "all",
        folder=folder,
        start="2026-01-01",
        end="2026-12-31",
        blank_letters=True,
        progress=lambda done, total: seen.append((done, total)),
    )
    files = written.files
    total = seen[0][1]  # progress counts the export's batches, from 0 to all of them
    assert seen[0] == (0, total) and seen[-1] == (total, total) and total >= 1
    assert [done for done, _ in seen] == list(range(total + 1))
    assert all(p.parent.parent == folder and p.suffix == ".docx" for p in files)
    return written


def by_kind(paths: list[Path]) -> dict[str, list[Path]]:
    """Files by the kind their record number (the start of the name) names."""
    kinds: dict[str, list[Path]] = {}
    for p in paths:
        kinds.setdefault(p.name.split("〔", 1)[0], []).append(p)
    return kinds


def export_year(core: Core, folder: Path) -> dict[str, list[Path]]:
    """Every kind, for the year, with blank letters: {record number kind: [paths]}."""
    return by_kind(export_archive(core, folder).files)


def hostile_documents(folder: Path) -> list[Path]:
    """Letter, sign-in sheet and ledger full of control characters, separators,
    reserved names and a 10,000-character name, saved through `reserve`."""
    people = {
        "X1": PersonInfo("X1", HOSTILE, "CON", "科员\x0c主任"),
        "X2": PersonInfo("X2", LONG_NAME, "u2", "..\\.."),
    }
    directory = Directory("机关\x07/../", {"CON": "NUL", "u2": "../../etc"}, people)
    letter = Letter(
        id="t:2026:X1:1",
        template={"id": "t", "version": "1", "hash": "0"},
        year=2026,
        unit="CON",
        signer="X1",
        title=f"承诺书{HOSTILE}",
        preamble="第一行\x0b第二行\x0c第三行\x00\x1f\ufffe结束标记乙",
        clauses=(LONG_NAME, "丙丁\u200fمرحبا"),
        term="",
        closing="",
        signed_at="2026-03-16T09:30:00+08:00",
    )
    signature = Signature(letter.signed_at, 7, "0123456789ab", HOSTILE)
    session = StudySession(
        "S2026-009", f"会议{HOSTILE}", "m", "2026-03-16T10:00", "..", LONG_NAME, ("X1", "X2"), "X1"
    )
    signins = {"X1": SignIn("S2026-009", "X1", "proxy", "2026-03-16T10:01", "X2", LONG_NAME)}
    finding = Finding(
        "F2026-CON-001",
        2026,
        "CON",
        "A",
        "c",
        "self",
        "i",
        HOSTILE,
        LONG_NAME,
        "一般",
        HOSTILE,
        "",
        "X2",
        "2026-03-01",
        "X1",
        "X1",
        "2026-02-01T09:00",
    )
    docs = [
        (commitment_letter(letter, unit_name=HOSTILE, signer_name=LONG_NAME, signature=signature),
         ("承诺书", LONG_NAME)),
        (signin_sheet(session, signins, directory, module_title=HOSTILE, module_version="..",
                      unit_name=HOSTILE), ("CON",)),
        (rectification_register([finding], directory, today=dt.date(2026, 4, 1), period="..",
                              head=LedgerHead(9, "abc")), ("..", "/", "\\", HOSTILE)),
    ]  # fmt: skip
    paths = []
    for doc, parts in docs:
        path = reserve(folder, parts)
        doc.save(path)
        paths.append(path)
    return paths


def parts(data: bytes) -> dict[str, bytes]:
    """Every part of a .docx/.xlsx but its core properties (the creation time)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


def file_tree(folder: Path) -> list[str]:
    """Every file under `folder`, as sorted relative paths."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


# Imported by a test module as `populated_agency` (the fixture's name is `agency`).
@pytest.fixture(name="agency", scope="module")
def populated_agency(tmp_path_factory) -> Core:
    """A small agency with a year of records (`populate`), one per module."""
    core, clock = new_agency(tmp_path_factory.mktemp("agency") / "data")
    populate(core, clock)
    return core
