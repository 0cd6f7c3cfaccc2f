"""Where the 巾帼文明岗 documents get their records: the training class
(timetable, a sign-in sheet per course, the participant list with
attendance, the completion certificates) and each post's 档案目录.

Reads the class, its participants and signed attendance, the posts and the
ledger entries that sign them, and returns jobs that build each document
with the pure exporters (export/class_*.py, export/post_files.py).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any

from xiaoneng.export import class_certificate, class_sheets, post_files, post_scores
from xiaoneng.export.common import LedgerHead, Signature
from xiaoneng.export.index import Entry
from xiaoneng.model.dates import parse_date
from xiaoneng.model.record_numbers import RecordNumber, record_number
from xiaoneng.model.training import Attendance, TrainingClass
from xiaoneng.services.ledger import record_hash, short
from xiaoneng.services.permissions import Actor
from xiaoneng.services.posts import require_view
from xiaoneng.services.settings import load_fonts
from xiaoneng.store.repos.common import serial_of

if TYPE_CHECKING:
    from xiaoneng.services.core import Core
    from xiaoneng.services.export_sources import Job

TIMETABLE = "课程表"
SIGNIN = "培训签到表"
PARTICIPANTS = "学员名册"
CERTIFICATE = "结业证书"
FILES = "档案目录"
SCORES = "考核评分表"


def _code(prefix: str, record_id: str) -> str:
    """T001, R007, P017: the running number inside an id, with its letter."""
    n = serial_of(record_id)
    return f"{prefix}{n:03d}" if n is not None else record_id


def _entry(number: RecordNumber, title: str, who: str, day: str, ledger: str = "") -> Entry:
    """What the archive index (归档目录) lists of one document."""
    return Entry(str(number), title, who, parse_date(day), ledger, (number.sort_key(),))


class ProgrammeExport:
    def __init__(self, core: Core):
        self.core = core
        self.fonts = load_fonts(core.root)
        self.agency = str(core.agency().get("name", ""))

    @cached_property
    def head(self) -> LedgerHead | None:
        """The ledger's newest entry, printed on every document (an outside anchor)."""
        doc = self.core.repos.ledger.head()
        return LedgerHead(doc["seq"], short(doc["hash"])) if doc else None

    # -- names and signatures ----------------------------------------------------

    def name_of(self, person_id: str) -> str:
        if person_id.startswith("cli:") or person_id == "demo":
            return "办公室"
        person = self.core.roster.get(person_id)
        return person.name if person else person_id

    def signature(self, doc: dict[str, Any]) -> Signature | None:
        """The ledger entry that signs `doc`, if it still matches it."""
        seq = doc.get("seq")
        if not isinstance(seq, int):
            return None
        entry = self.core.ledger.entry(seq)
        time = str(doc.get("time") or doc.get("at") or "")
        if entry is None or entry.get("record_hash") != record_hash(doc):
            return Signature(time, None, "")
        return Signature(str(entry.get("time", time)), seq, short(str(entry["hash"])))

    # -- the class ---------------------------------------------------------------

    def class_jobs(self, actor: Actor, year: int) -> list[Job]:
        require_view(actor)
        return [j for t in self.core.repos.training.classes(year) for j in self.training_jobs(t)]

    def training_jobs(self, training: TrainingClass) -> list[Job]:
        """One class's documents (the caller has checked who asks)."""
        from xiaoneng.services.export_sources import Job

        code = _code("T", training.id)
        number = record_number(TIMETABLE, training.year, code)
        timetable = Job(
            "class",
            (str(number), training.title),
            partial(
                class_sheets.timetable,
                training,
                agency=self.agency,
                number=number,
                head=self.head,
                fonts=self.fonts,
            ),
            _entry(number, f"{training.title}课程表", self.agency, training.start),
        )
        jobs = [timetable, *self._signin_jobs(training, code), *self._roll_jobs(training, code)]
        # Filed as the class is held: timetable, the sheets in course order, roll, certificates.
        return [
            replace(j, entry=replace(j.entry, order=(training.start, n)))
            for n, j in enumerate(jobs)
        ]

    def _signin_jobs(self, training: TrainingClass, code: str) -> list[Job]:
        from xiaoneng.services.export_sources import Job

        participants = self.core.training.participants(training)
        # The record in force for each participant and course: the last signed.
        last: dict[tuple[str, str], dict[str, Any]] = {}
        for d in sorted(self.core.repos.training.attendance_docs(training), key=lambda d: d["seq"]):
            last[(d["participant"], d["course"])] = d
        recorder = self.name_of(next((d["entered_by"] for d in last.values()), ""))
        jobs = []
        for course in training.timetable():
            mine = {
                p.id: Attendance.from_dict(last[(p.id, course.id)])
                for p in participants
                if (p.id, course.id) in last
            }
            signatures = {
                pid: sig
                for pid in mine
                if (sig := self.signature(last[(pid, course.id)])) is not None and sig.seq
            }
            number = record_number(SIGNIN, training.year, code, course.id)
            title = f"{training.title}培训签到表（{course.title}）"
            jobs.append(
                Job(
                    "class",
                    (str(number), course.title),
                    partial(
                        class_sheets.signin_sheet,
                        training,
                        course,
                        participants,
                        mine,
                        self.name_of,
                        recorder=recorder,
                        signatures=signatures,
                        number=number,
                        head=self.head,
                        fonts=self.fonts,
                    ),
                    _entry(number, title, self.agency, course.day),
                )
            )
        return jobs

    def _roll_jobs(self, training: TrainingClass, code: str) -> list[Job]:
        from xiaoneng.services.export_sources import Job

        records = self.core.training_signin.records(training)
        post_names = {p.id: p.name for p in self.core.repos.posts.in_year(training.year)}
        docs = self.core.repos.training.attendance_docs(training)
        certs = [
            class_certificate.Certificate(
                r,
                str(record_number(CERTIFICATE, training.year, code, _code("R", r.participant.id))),
                tuple(
                    int(d["seq"])
                    for d in docs
                    if d["participant"] == r.participant.id and d["kind"] in ("self", "late")
                ),
            )
            for r in records
            if r.completed
        ]
        roll = record_number(PARTICIPANTS, training.year, code)
        jobs = [
            Job(
                "class",
                (str(roll), training.title),
                partial(
                    class_sheets.participant_list,
                    training,
                    records,
                    post_names,
                    agency=self.agency,
                    number=roll,
                    head=self.head,
                    fonts=self.fonts,
                ),
                _entry(roll, f"{training.title}学员名册", self.agency, training.end),
            ),
        ]
        # A file per certificate: each has its own number and goes to its holder.
        for cert in certs:
            p = cert.record.participant
            number = record_number(CERTIFICATE, training.year, code, _code("R", p.id))
            jobs.append(
                Job(
                    "class",
                    (str(number), p.name),
                    partial(
                        class_certificate.certificates,
                        training,
                        [cert],
                        agency=self.agency,
                        post_names=post_names,
                        head=self.head,
                        fonts=self.fonts,
                    ),
                    _entry(number, f"{p.name}结业证书", p.name, training.end),
                )
            )
        return jobs

    # -- the posts' files ----------------------------------------------------------

    def files_jobs(self, actor: Actor, year: int) -> list[Job]:
        require_view(actor)
        return self.year_files_jobs(year)

    def year_files_jobs(self, year: int) -> list[Job]:
        from xiaoneng.services.export_sources import Job

        review = self.core.post_review
        materials = review.materials()
        posts = self.core.repos.posts.in_year(year)
        ticks = self.core.repos.posts.ticks(year)
        jobs = []
        for post in posts:
            t = ticks.get(post.id)
            done = review.year_files(year, [post.id])[post.id].completeness
            number = record_number(FILES, year, _code("P", post.id))
            signature = self._ticks_signature(post.id, year)
            ledger = (
                f"第 {signature.seq} 条 {signature.hash}" if signature and signature.seq else ""
            )
            jobs.append(
                Job(
                    "posts",
                    (str(number), post.name),
                    partial(
                        post_files.files_catalogue,
                        post,
                        materials,
                        set(t.ticked) if t else set(),
                        done,
                        checked_by=self.name_of(t.by) if t else "",
                        signature=signature,
                        number=number,
                        head=self.head,
                        fonts=self.fonts,
                    ),
                    _entry(
                        number,
                        f"{post.name}创建档案目录",
                        post.name,
                        signature.time[:10] if signature else "",
                        ledger,
                    ),
                )
            )
        return jobs

    def score_jobs(self, actor: Actor, year: int) -> list[Job]:
        require_view(actor)
        return self.year_score_jobs(year)

    def year_score_jobs(self, year: int) -> list[Job]:
        """Each post's 考核评分表: blank for the post to fill in, or both sheets entered."""
        from xiaoneng.services.export_sources import Job

        review = self.core.post_review
        template = review.template()
        scores = review.year_scores(year)
        jobs = []
        for post in self.core.repos.posts.in_year(year):
            got = scores.get(post.id) or review.blank_scores()
            number = record_number(SCORES, year, _code("P", post.id))
            sigs = (
                self._score_signature(post.id, "self"),
                self._score_signature(post.id, "assessor"),
            )
            last = sigs[1] or sigs[0]
            jobs.append(
                Job(
                    "posts",
                    (str(number), post.name),
                    partial(
                        post_scores.score_sheet,
                        post,
                        template,
                        got.comparison,
                        got.self_sheet,
                        got.assessor_sheet,
                        signatures=sigs,
                        head=self.head,
                        number=number,
                        fonts=self.fonts,
                    ),
                    _entry(
                        number,
                        f"{post.name}创建考核评分表",
                        post.name,
                        last.time[:10] if last else "",
                        f"第 {last.seq} 条 {last.hash}" if last and last.seq else "",
                    ),
                )
            )
        return jobs

    def _score_signature(self, post_id: str, role: str) -> Signature | None:
        docs = [
            d
            for d in self.core.repos.posts.history_of(post_id)
            if "scores" in d and d.get("role") == role
        ]
        return self.signature(docs[-1]) if docs else None

    def _ticks_signature(self, post_id: str, year: int) -> Signature | None:
        docs = [d for d in self.core.repos.posts.history_of(post_id) if "ticked" in d]
        return self.signature(docs[-1]) if docs else None
