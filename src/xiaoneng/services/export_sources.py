"""Where each kind of export gets its records: one method per document kind.

Reads the unit partitions and the ledger for one export run (period, units),
looks up names and signatures, and returns the jobs that will build each
document with the pure exporters in `xiaoneng.export`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import UserError
from xiaoneng.export import check_form, letter, register, report, signin, study_record
from xiaoneng.export.common import Directory, LedgerHead, Signature, head_text, small_note
from xiaoneng.export.document import OfficialDocument
from xiaoneng.model.checklist import MODES, CheckTemplate
from xiaoneng.model.records import (
    Activity,
    CheckRecord,
    Completion,
    Finding,
    Letter,
    QuizAttempt,
    SignIn,
)
from xiaoneng.services.ledger import record_hash, short
from xiaoneng.services.settings import load_fonts
from xiaoneng.services.study import attempt_state
from xiaoneng.store.repos.ledger import segment_of

Doc = dict[str, Any]

if TYPE_CHECKING:
    from xiaoneng.services.core import Core
    from xiaoneng.services.exporting import Period


@dataclass(frozen=True)
class Job:
    kind: str
    name: tuple[Any, ...]  # file name parts
    build: Callable[[], OfficialDocument]


class Sources:
    """One export run: the period, the units, the names; one method per kind."""

    def __init__(self, core: Core, period: Period, units: list[str], narrowed: bool, blank: bool):
        self.core, self.period, self.units, self.blank = core, period, units, blank
        self.repos = core.repos
        self._segments: dict[int, dict[str, Doc]] = {}
        self.fonts = load_fonts(core.root)
        self.directory = Directory.of(
            core.agency().get("name", ""),
            core.org.units(include_inactive=True),
            core.roster.people(include_inactive=True),
        )
        self.unit_name = self.directory.unit_name(units[0]) if narrowed else None

    def signature(self, doc: Doc, time: str, signer: str = "") -> Signature | None:
        """The ledger entry that signs `doc` (found by its `seq`), if it matches."""
        seq = doc.get("seq")
        if not isinstance(seq, int):
            return None
        index = segment_of(seq)
        if index not in self._segments:
            self._segments[index] = self.repos.ledger.segment(index)
        entry = self._segments[index].get(str(seq))
        if entry is None or entry.get("record_hash") != record_hash(doc):
            return Signature(time, None, "", signer)
        return Signature(entry.get("time", time), seq, short(entry["hash"]), signer)

    def genuine(self, doc: Doc) -> bool:
        """The record is the one the ledger entry it names signs."""
        sig = self.signature(doc, "")
        return sig is not None and sig.seq is not None

    def head(self) -> LedgerHead | None:
        doc = self.repos.ledger.head()
        return LedgerHead(doc["seq"], short(doc["hash"])) if doc else None

    def _unit(self, person_id: str) -> str | None:
        info = self.directory.people.get(person_id)
        return info.unit if info else None

    def _each(
        self, docs: Callable[[int, str], dict[str, Doc]], years: Iterable[int] | None = None
    ) -> Iterator[tuple[int, str, Doc]]:
        """(year, unit, stored record) of one kind, in the run's units and years."""
        for year in years or self.period.years:
            for uid in self.units:
                for doc in docs(year, uid).values():
                    yield year, uid, doc

    def signin(self) -> list[Job]:
        jobs = []
        for year in self.period.years:
            for s in self.core.sessions.sessions(year):
                if not self.period.contains(s.start):
                    continue
                people = [p for p in s.attendees if self._unit(p) in self.units]
                if not people:
                    continue
                signins, sigs = {}, {}
                for pid in people:
                    unit = self._unit(pid)
                    d = self.repos.sessions.signin_doc(s, pid, unit) if unit else None
                    if d:
                        signins[pid] = SignIn.from_dict(d)
                        if (sig := self.signature(d, d["time"])) is not None and sig.seq:
                            sigs[pid] = sig
                module = self.core.catalogue.get(s.module)
                build = partial(
                    signin.signin_sheet,
                    s,
                    signins,
                    self.directory,
                    module_title=module.title if module else s.module,
                    module_version=module.version if module else "",
                    attendees=people,
                    unit_name=self.unit_name,
                    signatures=sigs,
                    fonts=self.fonts,
                )
                jobs.append(Job("signin", signin.signin_file_parts(s, self.unit_name), build))
        return jobs

    def study(self) -> list[Job]:
        jobs = []
        due = [p.id for p in self.core.roster.people() if p.unit in self.units]
        for module in self.core.study.modules():
            done: dict[str, study_record.Done] = {}
            old: dict[str, str] = {}
            for _y, _u, c in self._each(self.repos.study.completion_docs):
                if c["module"]["id"] != module.id or not self.period.contains(c["time"]):
                    continue
                if c["module"]["version"] == module.version:
                    sig = self.signature(c, c["time"])
                    done[c["person"]] = study_record.Done(Completion.from_dict(c), sig)
                else:
                    old[c["person"]] = c["module"]["version"]
            tries: dict[str, list[QuizAttempt]] = {}
            listed: list[study_record.Try] = []
            for year in self.period.years:
                for uid in self.units:
                    voided = {
                        key
                        for r in self.repos.study.reset_docs(year, uid).values()
                        if isinstance(r.get("seq"), int)
                        for key in r["attempts"]
                    }
                    for d in self.repos.study.attempt_docs(year, uid).values():
                        ref = d["module"]
                        if (ref["id"], ref["version"]) != (module.id, module.version):
                            continue
                        if not self.period.contains(d["time"]):
                            continue
                        a = QuizAttempt.from_dict(d)
                        state = attempt_state(a, voided, module.version)
                        listed.append(study_record.Try(a, state))
                        if state == "有效":
                            tries.setdefault(a.person, []).append(a)
            listed.sort(key=lambda t: (t.attempt.time, t.attempt.person, t.attempt.number))
            pending = [study_record.Pending(p, _study_state(p, old, tries)) for p in due]
            pending = [p for p in pending if p.person not in done]
            if not done and not pending:
                continue
            rows = sorted(done.values(), key=lambda d: (d.completion.time, d.completion.person))
            build = partial(
                study_record.study_record,
                module,
                rows,
                pending,
                self.directory,
                listed,
                period=self.period.label,
                unit_name=self.unit_name,
                fonts=self.fonts,
            )
            parts = study_record.study_file_parts(module, self.period.label, self.unit_name)
            jobs.append(Job("study", parts, build))
        return jobs

    def checks(self) -> list[Job]:
        jobs: list[Job] = []
        activities: dict[str, Activity | None] = {}
        found = []
        for year, uid, d in self._each(self.repos.checks.check_docs):
            if self.period.contains(d["submitted"]):
                found.append((year, uid, d))
        found.sort(key=lambda t: (t[2]["activity"], _mode_order(t[2]["mode"]), t[2]["submitted"]))
        for year, uid, d in found:
            record = CheckRecord.from_dict(d)
            if record.activity not in activities:
                try:
                    activities[record.activity] = self.core.activities.get(record.activity)
                except UserError:
                    activities[record.activity] = None
            activity = activities[record.activity]
            template = self.core.catalogue.get(record.template.get("id", ""))
            template = template if isinstance(template, CheckTemplate) else None
            stored = self.repos.findings.finding_docs(year, uid)
            findings = [Finding.from_dict(stored[f]) for f in record.findings if f in stored]
            checker = self.directory.name(record.checker)
            build = partial(
                check_form.check_form,
                record,
                activity=activity,
                template=template,
                findings=findings,
                directory=self.directory,
                signature=self.signature(d, record.submitted, checker),
                fonts=self.fonts,
            )
            title = activity.title if activity else record.activity
            parts = check_form.check_file_parts(record, self.directory, title)
            jobs.append(Job("checks", parts, build))
        return jobs

    def jobs(self, kind: str) -> list[Job]:
        """The jobs of one kind (a key of exporting.KINDS). Every document of
        records ends with the ledger's newest entry, an outside anchor (the
        register and the report print it in their closing lines themselves)."""
        jobs = self._jobs(kind)
        if kind not in ("signin", "study", "checks"):
            return jobs  # the register and report close with it; letters add it themselves
        return self._headed(jobs)

    def _headed(self, jobs: list[Job]) -> list[Job]:
        head = self.head()
        return [replace(j, build=partial(_with_head, j.build, head)) for j in jobs]

    def _jobs(self, kind: str) -> list[Job]:
        builders: dict[str, Callable[[], list[Job]]] = {
            "signin": self.signin,
            "study": self.study,
            "checks": self.checks,
            "rectifications": self.register,
            "commitments": self.commitments,
            "report": self.report,
        }
        return builders[kind]()

    def register(self) -> list[Job]:
        start = self.period.start.isoformat()
        years = [y for y in self.repos.units.years() if y <= self.period.end.year]
        rows = []

        def docs(year: int, unit: str) -> dict[str, Doc]:
            # A finding's state is folded only from events its ledger entry signs.
            return self.repos.findings.finding_docs(year, unit, events=self.genuine)

        for _y, _u, f in self._each(docs, years):
            carried = f["found_at"][:10] < start and (
                f["state"] != "closed" or f.get("closed_at", "")[:10] >= start
            )
            if self.period.contains(f["found_at"]) or carried:
                rows.append(Finding.from_dict(f))
        if not rows:
            return []
        rows.sort(key=lambda f: (f.found_at, f.id))
        build = partial(
            register.rectification_register,
            rows,
            self.directory,
            today=self.core.today(),
            period=self.period.label,
            unit_name=self.unit_name,
            head=self.head(),
            fonts=self.fonts,
        )
        parts = register.register_file_parts(
            self.period.label, self.unit_name, self.directory.agency
        )
        return [Job("rectifications", parts, build)]

    def commitments(self) -> list[Job]:
        jobs = []
        signed = [
            d
            for _y, _u, d in self._each(self.repos.letters.letter_docs)
            if self.period.contains(d["signed_at"])
        ]
        for d in sorted(signed, key=lambda d: (d["signed_at"], d.get("seq", 0))):
            lt = Letter.from_dict(d)
            unit_name = self.directory.unit_name(lt.unit)
            signer = self.directory.name(lt.signer)
            build = partial(
                letter.commitment_letter,
                lt,
                unit_name=unit_name,
                signer_name=signer,
                signature=self.signature(d, lt.signed_at, signer),
                fonts=self.fonts,
            )
            jobs.append(Job("commitments", letter.letter_file_parts(lt, unit_name, signer), build))
        jobs = self._headed(jobs)  # a blank letter to sign by hand is no record: no head
        if self.blank:
            jobs += self._blank_letters()
        return jobs

    def _blank_letters(self) -> list[Job]:
        jobs = []
        active = {u.id for u in self.core.org.units()}
        for year in self.period.years:
            for uid in (u for u in self.units if u in active):
                for due in self.core.letters.due(unit=uid, year=year):
                    if due.state == "signed" or due.signer is None:
                        continue
                    filled = self.core.letters.fill(due.template, due.signer, year)
                    unit_name = self.directory.unit_name(uid)
                    build = partial(
                        letter.blank_letter, filled, unit_name=unit_name, fonts=self.fonts
                    )
                    parts = letter.blank_file_parts(
                        year, unit_name, due.signer.name, due.template.id
                    )
                    jobs.append(Job("commitments", parts, build))
        return jobs

    def report(self) -> list[Job]:
        jobs = []
        for year in self.period.years:
            data = self.core.status.report(year).narrowed(self.units)
            build = partial(
                report.annual_report,
                data,
                agency=self.directory.agency,
                today=self.core.today(),
                unit_name=self.unit_name,
                head=self.head(),
                fonts=self.fonts,
            )
            parts = report.report_file_parts(year, self.directory.agency, self.unit_name)
            jobs.append(Job("report", parts, build))
        return jobs


def _with_head(build: Callable[[], OfficialDocument], head: LedgerHead | None) -> OfficialDocument:
    doc = build()
    small_note(doc, head_text(head))
    return doc


def _mode_order(mode: str) -> int:
    return MODES.index(mode) if mode in MODES else len(MODES)


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
