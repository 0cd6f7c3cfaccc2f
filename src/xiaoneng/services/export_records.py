"""Export sources of people's records: sign-in sheets, study records, check
forms and commitment letters. Each kind has `*_batches(run)` and
`*_jobs(run, batch)` (see export_kinds); a job builds one document and says
what the archive index records of it (record number, title, who, date, the
ledger entry it carries, and the order it is filed in)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from xiaoneng.errors import UserError
from xiaoneng.export import check_form, letter, signin, study_record
from xiaoneng.export.index import Entry
from xiaoneng.model import record_numbers as rn
from xiaoneng.model.checklist import MODE_LABELS, MODES, CheckTemplate
from xiaoneng.model.dates import parse_date
from xiaoneng.model.records import (
    Activity,
    CheckRecord,
    Completion,
    Finding,
    Letter,
    QuizAttempt,
    SignIn,
)
from xiaoneng.services.export_sources import Batch, Job, Run
from xiaoneng.services.study import attempt_state
from xiaoneng.store.repos.common import serial_of, year_of
from xiaoneng.store.repos.org import unit_number

# -- 学习签到表 -------------------------------------------------------------------


def signin_batches(run: Run) -> Iterator[Batch]:
    """One batch a session in the period with attendees in the run's units."""
    for year in run.period.years:
        for s in run.core.sessions.sessions(year):
            if run.period.contains(s.start) and any(
                run.unit_of(p) in run.units for p in s.attendees
            ):
                yield Batch("signin", year, None, s.id)


def signin_jobs(run: Run, batch: Batch) -> Iterator[Job]:
    s = run.repos.sessions.get(batch.key or "")
    if s is None:
        return
    units = set(run.units)
    people = [p for p in s.attendees if run.unit_of(p) in units]
    by_unit: dict[str, list[str]] = {}
    for pid in people:
        by_unit.setdefault(run.unit_of(pid) or "", []).append(pid)
    signins, sigs = {}, {}
    for unit, pids in by_unit.items():  # a unit's file read once, then let go
        for pid in pids:
            d = run.repos.sessions.signin_doc(s, pid, unit) if unit else None
            if d:
                signins[pid] = SignIn.from_dict(d)
                if (sig := run.signature(d, d["time"])) is not None and sig.seq:
                    sigs[pid] = sig
        run.repos.forget_records()
    module = run.core.catalogue.get(s.module)
    number = rn.signin_number(s.year, serial_of(s.id) or 0, run.unit_no)
    build = partial(
        signin.signin_sheet,
        s,
        signins,
        run.directory,
        module_title=module.title if module else "（学习内容已不在清单中）",
        module_version=module.version if module else "",
        attendees=people,
        unit_name=run.unit_name,
        signatures=sigs,
        number=number,
        head=run.head,
        fonts=run.fonts,
    )
    seqs = sorted(sig.seq for sig in sigs.values() if sig.seq)
    carried = f"{len(seqs)} 条，第 {seqs[0]}～{seqs[-1]} 条" if seqs else "未电子签到"
    entry = Entry(
        str(number),
        f"学习签到表：{s.title}",
        run.scope_name,
        s.day,
        carried,
        (s.start, number.sort_key()),
    )
    yield Job("signin", signin.signin_file_parts(number, s, run.unit_name), build, entry)


# -- 学习记录 ---------------------------------------------------------------------


def study_batches(run: Run) -> Iterator[Batch]:
    for module in run.core.study.modules():
        yield Batch("study", None, None, module.id)


def _study_state(person: str, old: dict[str, str], tries: dict[str, list[QuizAttempt]]) -> str:
    if person in old:
        return f"需重新学习（已完成第 {old[person]} 版）"
    mine = tries.get(person, [])
    quizzes = [a for a in mine if a.kind == "quiz"]
    if any(a.passed for a in quizzes):
        return "已通过测验，未确认完成"
    papers = [a for a in mine if a.kind == "paper"]
    if papers:
        last = papers[-1]
        return f"纸质测验未通过（答对 {last.correct}/{last.total}）"
    if quizzes:
        return f"未通过测验（已作答 {len(quizzes)} 次）"
    return "未学习"


def study_jobs(run: Run, batch: Batch) -> Iterator[Job]:
    module = run.core.study.module(batch.key or "")
    units = set(run.units)
    due = [p.id for p in run.core.roster.people() if p.unit in units]
    done: dict[str, study_record.Done] = {}
    old: dict[str, str] = {}
    tries: dict[str, list[QuizAttempt]] = {}
    listed: list[study_record.Try] = []
    for year in run.period.years:
        for uid in run.units:  # each unit's file read once, then let go
            for c in run.repos.study.completion_docs(year, uid).values():
                if c["module"]["id"] != module.id or not run.period.contains(c["time"]):
                    continue
                if c["module"]["version"] == module.version:
                    sig = run.signature(c, c["time"])
                    done[c["person"]] = study_record.Done(Completion.from_dict(c), sig)
                else:
                    old[c["person"]] = c["module"]["version"]
            voided = {
                key
                for r in run.repos.study.reset_docs(year, uid).values()
                if isinstance(r.get("seq"), int)
                for key in r["attempts"]
            }
            for d in run.repos.study.attempt_docs(year, uid).values():
                ref = d["module"]
                if (ref["id"], ref["version"]) != (module.id, module.version):
                    continue
                if not run.period.contains(d["time"]):
                    continue
                a = QuizAttempt.from_dict(d)
                state = attempt_state(a, voided, module.version)
                listed.append(study_record.Try(a, state))
                if state == "有效":
                    tries.setdefault(a.person, []).append(a)
            run.repos.forget_records()
    listed.sort(key=lambda t: (t.attempt.time, t.attempt.person, t.attempt.number))
    pending = [study_record.Pending(p, _study_state(p, old, tries)) for p in due]
    pending = [p for p in pending if p.person not in done]
    if not done and not pending:
        return
    rows = sorted(done.values(), key=lambda d: (d.completion.time, d.completion.person))
    number = rn.study_number(module.id, run.period.start, run.period.end, run.unit_no)
    build = partial(
        study_record.study_record,
        module,
        rows,
        pending,
        run.directory,
        listed,
        period=run.period.label,
        unit_name=run.unit_name,
        number=number,
        head=run.head,
        fonts=run.fonts,
    )
    entry = Entry(
        str(number),
        f"学习记录：{module.title}（第 {module.version} 版）",
        run.scope_name,
        min(run.today, run.period.end),
        f"完成 {len(rows)} 人，各附校验码",
        (number.sort_key(),),
    )
    yield Job(
        "study",
        study_record.study_file_parts(number, module, run.unit_name),
        build,
        entry,
    )


# -- 自查表 / 互查表 / 巡查表 --------------------------------------------------------


def check_batches(run: Run) -> Iterator[Batch]:
    for year in run.period.years:
        for uid in run.units:
            yield Batch("checks", year, uid)


def _target_code(record: CheckRecord, run: Run) -> str:
    if record.target in run.directory.units:
        return rn.unit_code(unit_number(record.target))
    return record.target


def check_jobs(run: Run, batch: Batch) -> Iterator[Job]:
    assert batch.year is not None and batch.unit is not None
    docs = run.repos.checks.check_docs(batch.year, batch.unit)
    found = [d for d in docs.values() if run.period.contains(d["submitted"])]
    if not found:
        return
    stored = run.repos.findings.finding_docs(batch.year, batch.unit)
    activities: dict[str, Activity | None] = {}
    for d in found:
        record = CheckRecord.from_dict(d)
        if record.activity not in activities:
            try:
                activities[record.activity] = run.core.activities.get(record.activity)
            except UserError:
                activities[record.activity] = None
        activity = activities[record.activity]
        template = run.core.catalogue.get(record.template.get("id", ""))
        template = template if isinstance(template, CheckTemplate) else None
        findings = [Finding.from_dict(stored[f]) for f in record.findings if f in stored]
        checker = run.directory.name(record.checker)
        sig = run.signature(d, record.submitted, checker)
        number = rn.check_number(
            record.mode,
            year_of(record.activity) or batch.year,
            serial_of(record.activity) or 0,
            _target_code(record, run),
            record.checker,
        )
        build = partial(
            check_form.check_form,
            record,
            activity=activity,
            template=template,
            findings=findings,
            directory=run.directory,
            signature=sig,
            number=number,
            head=run.head,
            fonts=run.fonts,
        )
        parts = check_form.check_file_parts(number, record, run.directory)
        mode = MODE_LABELS.get(record.mode, record.mode)
        title = activity.title if activity else "检查活动"
        mode_order = MODES.index(record.mode) if record.mode in MODES else len(MODES)
        entry = Entry(
            str(number),
            f"{mode}表：{title}",
            parts[1],
            parse_date(record.submitted),
            run.code(sig),
            (record.activity, mode_order, run.unit_order(batch.unit), number.sort_key()),
        )
        yield Job("checks", parts, build, entry)


# -- 承诺书 -------------------------------------------------------------------------


def letter_batches(run: Run) -> Iterator[Batch]:
    for year in run.period.years:
        for uid in run.units:
            yield Batch("commitments", year, uid)


def letter_jobs(run: Run, batch: Batch) -> Iterator[Job]:
    assert batch.year is not None and batch.unit is not None
    docs = run.repos.letters.letter_docs(batch.year, batch.unit)
    signed = [d for d in docs.values() if run.period.contains(d["signed_at"])]
    order = run.unit_order(batch.unit)
    for d in sorted(signed, key=lambda d: (d["signed_at"], d.get("seq", 0))):
        lt = Letter.from_dict(d)
        unit_name = run.directory.unit_name(lt.unit)
        signer = run.directory.name(lt.signer)
        sig = run.signature(d, lt.signed_at, signer)
        number = rn.letter_number(lt.year, lt.signer, d.get("seq") or 0)
        build = partial(
            letter.commitment_letter,
            lt,
            unit_name=unit_name,
            signer_name=signer,
            signature=sig,
            number=number,
            head=run.head,
            fonts=run.fonts,
        )
        entry = Entry(
            str(number),
            lt.title,
            f"{signer}（{unit_name}）",
            parse_date(lt.signed_at),
            run.code(sig),
            (lt.year, order, 0, lt.signed_at, number.sort_key()),
        )
        yield Job(
            "commitments",
            letter.letter_file_parts(number, unit_name, signer),
            build,
            entry,
        )
    if run.blank and batch.unit in {u.id for u in run.core.org.units()}:
        yield from _blank_letters(run, batch.year, batch.unit, order)


def _blank_letters(run: Run, year: int, uid: str, order: int) -> Iterator[Job]:
    unit_name = run.directory.unit_name(uid)
    for due in run.core.letters.due(unit=uid, year=year):
        if due.state == "signed" or due.signer is None:
            continue
        filled = run.core.letters.fill(due.template, due.signer, year)
        build = partial(letter.blank_letter, filled, unit_name=unit_name, fonts=run.fonts)
        parts = letter.blank_file_parts(year, unit_name, due.signer.name, filled.title)
        entry = Entry(
            "",
            f"{filled.title}（空白待签）",
            f"{due.signer.name}（{unit_name}）",
            None,
            "未签署",
            (year, order, 1, due.signer.id, due.template.id),
        )
        yield Job("commitments", parts, build, entry)
