"""试卷 in an archive export (`export all`): the papers staff sat on paper.

For each study module, every paper with a result the office recorded in the
period for someone in the run's units (the module's current version, as the
study record lists them) is filed again as it was handed out, then one answer
key to those papers. The paper comes from the signed attempt, which keeps the
paper shown, so a later change to the question bank does not change it. Blank
papers for a test still to come are `xiaoneng export papers --module`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from xiaoneng.export.index import Entry
from xiaoneng.export.paper import paper_file_parts, test_paper
from xiaoneng.export.paper_key import Copy, answer_key, key_file_parts
from xiaoneng.model.checklist import StudyModule
from xiaoneng.model.dates import parse_date
from xiaoneng.model.paper import Paper
from xiaoneng.model.record_numbers import RecordNumber, module_code, record_number
from xiaoneng.model.records import QuizAttempt
from xiaoneng.services.export_sources import Batch, Doc, Job, Run

KIND = "papers"
PAPER = "试卷"
KEY = "答案"


def paper_number(module: StudyModule, year: int, seed: int) -> RecordNumber:
    """试卷〔2026〕WSL2021-v2-123456: module, version (a seed draws a paper of one
    version only) and the seed."""
    return record_number(PAPER, year, module_code(module.id), f"v{module.version}", seed)


def key_number(module: StudyModule, year: int, seed: int) -> RecordNumber:
    """答案〔2026〕WSL2021-v2-123456: the key of the set whose first copy has `seed`."""
    return record_number(KEY, year, module_code(module.id), f"v{module.version}", seed)


@dataclass(frozen=True)
class Sat:
    """One paper (by its seed) and the recorded results on it, oldest first."""

    paper: Paper
    results: list[tuple[QuizAttempt, Doc]]

    @property
    def first(self) -> QuizAttempt:
        return self.results[0][0]


def paper_batches(run: Run) -> Iterator[Batch]:
    for module in run.core.study.modules():
        if module.questions:
            yield Batch(KIND, None, None, module.id)


def sat_papers(run: Run, module: StudyModule) -> list[Sat]:
    """The papers with a recorded result in the run, in the order first sat."""
    found: dict[int, list[tuple[QuizAttempt, Doc, Paper]]] = {}
    for _year, _unit, d in run.each(run.repos.study.attempt_docs):
        ref = d.get("module", {})
        if d.get("kind") != "paper" or (ref.get("id"), ref.get("version")) != (
            module.id,
            module.version,
        ):
            continue
        if not run.period.contains(d.get("time")) or not run.genuine(d):
            continue
        a = QuizAttempt.from_dict(d)
        paper = Paper.from_dict(a.paper) if a.paper else None
        if paper is not None and paper.seed is not None:
            found.setdefault(paper.seed, []).append((a, d, paper))
    sat = [
        Sat(rows[0][2], [(a, d) for a, d, _ in sorted(rows, key=lambda r: r[0].time)])
        for rows in found.values()
    ]
    return sorted(sat, key=lambda s: (s.first.time, s.paper.seed or 0))


def paper_jobs(run: Run, batch: Batch) -> Iterator[Job]:
    module = run.core.study.module(batch.key or "")
    sat = sat_papers(run, module)
    if not sat:
        return
    copies: list[Copy] = []
    for n, s in enumerate(sat, start=1):
        seed = s.paper.seed or 0
        day = parse_date(s.first.time) or run.today
        number = paper_number(module, day.year, seed)
        copies.append(Copy(str(number), s.paper))
        who = "、".join(dict.fromkeys(run.directory.name(a.person) for a, _ in s.results))
        sig = run.signature(s.results[0][1], s.first.time)
        build = partial(
            test_paper,
            s.paper,
            module,
            number=str(number),
            copy=n,
            copies=len(sat),
            fonts=run.fonts,
        )
        entry = Entry(
            str(number),
            f"试卷：{module.title}（抽题号 {seed}，已登记 {len(s.results)} 人）",
            who,
            day,
            run.code(sig),
            (module.id, n),
        )
        yield Job(KIND, paper_file_parts(str(number), module, n), build, entry)
    first = sat[0]
    year = (parse_date(first.first.time) or run.today).year
    key = key_number(module, year, first.paper.seed or 0)
    build_key = partial(answer_key, module, copies, number=str(key), fonts=run.fonts)
    entry = Entry(
        str(key),
        f"试卷答案：{module.title}（{len(copies)} 份试卷）",
        run.scope_name,
        min(run.today, run.period.end),
        "",
        (module.id, len(copies) + 1),
    )
    yield Job(KIND, key_file_parts(str(key), module), build_key, entry)
