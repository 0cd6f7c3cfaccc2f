"""Word test papers for staff who sit the quiz on paper: `xiaoneng export papers`.

N copies of a module's quiz, each drawn with its own seed (a different draw
and order), and one answer key. Copy 1 is drawn with the seed given (or a new
one), so `export papers --seed N --copies 1` prints the paper that
`checklists paper --seed N` shows; the next copies take seeds that seed
derives, skipping any that would repeat a paper. Each paper's record number
ends in its seed, which is what the office types to record a result.

For `export all`, the papers that were sat (those with a recorded result in the
period) are filed again with their key, in the archive's 试卷 folder.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from xiaoneng.errors import OperationError, UserError
from xiaoneng.export.index import Entry
from xiaoneng.export.paper import paper_file_parts, test_paper
from xiaoneng.export.paper_key import Copy, answer_key, key_file_parts
from xiaoneng.model.checklist import StudyModule
from xiaoneng.model.paper import SEED_LIMIT, Paper, draw_paper, new_seed
from xiaoneng.services.export_archive import Progress, write_one
from xiaoneng.services.export_sources import Job
from xiaoneng.services.exporting import ExportService
from xiaoneng.services.paper_archive import PAPER, key_number, paper_number
from xiaoneng.services.permissions import Actor, require_admin
from xiaoneng.services.settings import load_fonts

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

MAX_COPIES = 200
_TRIES = 20  # seeds tried per copy before the bank is called too small


def draw_copies(module: StudyModule, seed: int, copies: int) -> list[Paper]:
    """`copies` papers with different draws or orders; the first drawn by `seed`."""
    rng = random.Random(seed)
    papers: list[Paper] = []
    seen: set[tuple[tuple[int, tuple[int, ...]], ...]] = set()
    candidate = seed
    for _ in range(copies * _TRIES):
        paper = draw_paper(module, candidate)
        shape = tuple((q.index, q.order) for q in paper.questions)
        if shape not in seen:
            seen.add(shape)
            papers.append(paper)
            if len(papers) == copies:
                return papers
        candidate = rng.randrange(SEED_LIMIT)
    raise OperationError(
        f"“{module.title}”的题库只能抽出 {len(papers)} 份不同的试卷，少于要求的 {copies} 份。"
    )


def _seed(paper: Paper) -> int:
    if paper.seed is None:
        raise ValueError("a printed paper is always drawn by a seed")
    return paper.seed


@dataclass(frozen=True)
class PaperSet:
    """The papers of one export and the jobs that write them."""

    module: StudyModule
    papers: list[Paper]
    jobs: list[Job]


class PaperExport:
    def __init__(self, core: Core):
        self.core = core

    def plan(self, actor: Actor, module_id: str, copies: int, seed: int | None = None) -> PaperSet:
        require_admin(actor, "导出试卷和答案")
        module = self.core.study.module(module_id)
        if not module.questions:
            raise UserError(f"“{module.title}”没有测验题，不能出试卷。")
        if not 1 <= copies <= MAX_COPIES:
            raise UserError(f"份数应在 1～{MAX_COPIES} 之间，实际是 {copies}。")
        if seed is not None and not 0 <= seed < SEED_LIMIT:
            raise UserError(f"抽题号应为 0～{SEED_LIMIT - 1} 的整数，实际是 {seed}。")
        papers = draw_copies(module, new_seed() if seed is None else seed, copies)
        return PaperSet(module, papers, self.jobs(module, papers))

    def jobs(self, module: StudyModule, papers: list[Paper]) -> list[Job]:
        """One job per paper, then the key (the key last: it is not handed out)."""
        year = self.core.today().year
        fonts = load_fonts(self.core.root)
        numbered = [(str(paper_number(module, year, _seed(p))), p) for p in papers]
        today = self.core.today()
        jobs = []
        for n, (number, p) in enumerate(numbered, start=1):
            build = partial(
                test_paper, p, module, number=number, copy=n, copies=len(papers), fonts=fonts
            )
            entry = Entry(number, f"{module.title}试卷（第 {n} 份）", "", today)
            jobs.append(Job("papers", paper_file_parts(number, module, n), build, entry))
        key = str(key_number(module, year, _seed(papers[0])))
        copies = [Copy(number, p) for number, p in numbered]
        build_key = partial(answer_key, module, copies, number=key, fonts=fonts)
        entry = Entry(key, f"{module.title}试卷答案", "", today)
        jobs.append(Job("papers", key_file_parts(key, module), build_key, entry))
        return jobs

    def default_folder(self) -> Path:
        return ExportService(self.core).default_folder() / PAPER

    def write(
        self, planned: PaperSet, folder: Path | None = None, progress: Progress | None = None
    ) -> list[Path]:
        """The papers, then the key, into `folder` (default: today's exports/…/试卷)."""
        target = folder or self.default_folder()
        paths = []
        if progress:
            progress(0, len(planned.jobs))
        for n, job in enumerate(planned.jobs, start=1):
            paths.append(write_one(job, target))
            if progress:
                progress(n, len(planned.jobs))
        return paths

    def run(
        self,
        actor: Actor,
        module_id: str,
        copies: int,
        *,
        folder: Path | None = None,
        seed: int | None = None,
    ) -> list[Path]:
        return self.write(self.plan(actor, module_id, copies, seed), folder)
