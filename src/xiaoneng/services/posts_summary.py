"""The year's 巾帼文明岗 figures (for `status`, the home screen and the annual
report), computed from the signed records of that year."""

from __future__ import annotations

from statistics import mean
from typing import TYPE_CHECKING

from xiaoneng.errors import UserError
from xiaoneng.model.posts_summary import Assessment, ClassSummary, ProgrammeSummary, empty_levels
from xiaoneng.model.training import TrainingClass, latest, participant_record

if TYPE_CHECKING:
    from xiaoneng.services.core import Core


def programme_summary(core: Core, year: int) -> ProgrammeSummary | None:
    """None when the year has neither applicant posts nor a training class."""
    posts = core.repos.posts.in_year(year)
    classes = core.repos.training.classes(year)
    if not posts and not classes:
        return None
    conditions = core.posts.conditions(year)
    levels = empty_levels()
    flagged = dict.fromkeys(levels, 0)
    for p in posts:
        states = levels.setdefault(p.level, {})
        states[p.state] = states.get(p.state, 0) + 1
        if core.posts.check(p, conditions).flagged:
            flagged[p.level] = flagged.get(p.level, 0) + 1
    return ProgrammeSummary(
        year=year,
        levels=levels,
        flagged=flagged,
        files_complete=_files_complete(core, year, [p.id for p in posts]),
        classes=tuple(_class(core, t) for t in classes),
        assessment=_assessment(core, year),
    )


def _files_complete(core: Core, year: int, ids: list[str]) -> int:
    try:
        files = core.post_review.year_files(year, ids)
    except UserError:  # no materials list loaded: nothing can be complete
        return 0
    return sum(f.completeness.complete for f in files.values())


def _class(core: Core, training: TrainingClass) -> ClassSummary:
    participants = core.repos.training.participants(training)
    records = core.repos.training.attendance(training)
    current = latest(records)
    courses = {c.id for c in training.courses}
    people = {p.id for p in participants}
    inforce = [a for (pid, cid), a in current.items() if pid in people and cid in courses]
    done = sum(participant_record(training, p, records).completed for p in participants)
    return ClassSummary(
        id=training.id,
        title=training.title,
        start=training.start,
        end=training.end,
        participants=len(participants),
        courses=len(courses),
        compulsory=len(training.compulsory()),
        present=sum(a.present for a in inforce),
        late=sum(a.kind == "late" for a in inforce),
        leave=sum(a.kind == "leave" for a in inforce),
        completed=done,
    )


def _assessment(core: Core, year: int) -> Assessment | None:
    try:
        scores = core.post_review.year_scores(year)
    except UserError:  # no scored template loaded
        return None
    if not scores:
        return None
    total = next(iter(scores.values())).template.total or 0.0
    mine = [s.comparison.self_total for s in scores.values() if s.self_sheet]
    theirs = [s.comparison.assessor_total for s in scores.values() if s.assessor_sheet]
    diffs = [s.comparison.diff for s in scores.values() if s.self_sheet and s.assessor_sheet]
    return Assessment(
        total=total,
        self_scored=len(mine),
        assessed=len(theirs),
        self_mean=mean(x for x in mine if x is not None) if mine else None,
        assessor_mean=mean(x for x in theirs if x is not None) if theirs else None,
        diff_mean=mean(x for x in diffs if x is not None) if diffs else None,
    )
