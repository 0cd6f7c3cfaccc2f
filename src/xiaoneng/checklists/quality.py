"""Quiz quality warnings for study modules: quizzes that can be passed without knowing the rules.

Four rules, measured on modules that already loaded without problems:
- the correct option is the unique longest in more than 40% of a module's
  single-choice questions (people learn to pick the longest);
- more than 40% of its multiple-choice keys are all options or all but one
  (people learn to tick everything);
- two questions, in one module or in two, are near duplicates;
- a question's `ref` cites an article or chapter no section of the module teaches.

The rates need a sample: they apply from MIN_SAMPLE questions of that type.
Warnings do not stop a file from loading; `validate --strict` counts them as
problems.

Near duplicates: Jaccard similarity of the sets of character bigrams of the
question text plus the text of its correct option(s), after dropping spaces and
punctuation. Distractors are left out because rewording them does not make a
question new. Measured on the 65 questions bundled before issue 12 (2,080
pairs), the highest pair that was not a copy scored 0.26, while 6 of the 8
copies between fj-efficiency-2024 and efficiency-systems scored 0.30-0.70 (the
other two, 0.16 and 0.20, told the same case in other words, which bigrams
cannot see). NEAR_DUPLICATE = 0.30 sits just above the unrelated pairs.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xiaoneng.checklists.citations import Cite, all_cites, cites, own_names
from xiaoneng.checklists.locate import LineIndex
from xiaoneng.checklists.problems import Problem, one_line
from xiaoneng.model.checklist import Question, StudyModule

LONGEST_SHARE = 0.40
FULL_KEY_SHARE = 0.40
MIN_SAMPLE = 5
NEAR_DUPLICATE = 0.30

_NOT_TEXT = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class QualityWarning(Problem):
    """A Problem that does not stop the file loading; `rule` names which check found it."""

    rule: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        head = f"{where}: {self.path}" if self.path else where
        return one_line(f"{head}: 警告：{self.message}")

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "rule": self.rule}


def quality_warnings(modules: Sequence[StudyModule]) -> list[QualityWarning]:
    """Every warning for these modules, module by module, then near duplicates across them."""
    lines = _Lines()
    found: list[QualityWarning] = []
    for module in modules:
        found += _rates(module, lines)
        found += _refs(module, lines)
    found += _near_duplicates(modules, lines)
    return found


# ---- measures (also used to report the figures of a bank) ------------------


def longest_is_answer(q: Question) -> bool:
    """A single-choice question whose correct option is strictly longer than every other."""
    if q.type != "single" or len(q.answer) != 1:
        return False
    sizes = [len(_NOT_TEXT.sub("", c)) for c in q.choices]
    right = sizes[min(q.answer)]
    return all(right > s for i, s in enumerate(sizes) if i not in q.answer)


def full_key(q: Question) -> bool:
    """A multiple-choice key of all options, or all but one."""
    return q.type == "multiple" and len(q.answer) >= len(q.choices) - 1


def bigrams(text: str) -> frozenset[str]:
    text = _NOT_TEXT.sub("", text)
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def fingerprint(q: Question) -> frozenset[str]:
    key = "".join(q.choices[i] for i in sorted(q.answer))
    return bigrams(q.text + key)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


# ---- rules -------------------------------------------------------------------


class _Lines:
    """Line numbers of field paths, read from each file once and only when needed."""

    def __init__(self) -> None:
        self._index: dict[str, LineIndex | None] = {}

    def line(self, file: str, path: str) -> int | None:
        if file not in self._index:
            try:
                self._index[file] = LineIndex(Path(file).read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError):
                self._index[file] = None
        index = self._index[file]
        return index.line(path) if index else None

    def warn(self, module: StudyModule, path: str, rule: str, message: str) -> QualityWarning:
        line = self.line(module.file, path)
        return QualityWarning(module.file, line, path, message, rule)


@dataclass(frozen=True)
class _RateRule:
    """A share of one question type that gives the answers away."""

    rule: str
    qtype: str
    flags: Callable[[Question], bool]
    limit: float
    at: str  # field of the first flagged question the warning points at ("" for the table)
    what: str  # the share that is too high, in words
    advice: str


_RATE_RULES = (
    _RateRule(
        "longest",
        "single",
        longest_is_answer,
        LONGEST_SHARE,
        "",
        "单选题中正确选项是唯一最长选项的",
        "凭长短就能猜出答案；请把干扰项写得与正确选项长短、句式相近",
    ),
    _RateRule(
        "full-key",
        "multiple",
        full_key,
        FULL_KEY_SHARE,
        ".answer",
        "多选题中答案是全部选项或只差一项的",
        "全选就能得分；请让答案个数有多有少",
    ),
)


def _rates(module: StudyModule, lines: _Lines) -> list[QualityWarning]:
    found = []
    for r in _RATE_RULES:
        asked = [i for i, q in enumerate(module.questions) if q.type == r.qtype]
        flagged = [i for i in asked if r.flags(module.questions[i])]
        if len(asked) < MIN_SAMPLE or len(flagged) <= r.limit * len(asked):
            continue
        share = f"{len(flagged)}/{len(asked)} 题（{round(100 * len(flagged) / len(asked))}%）"
        paths = "、".join(f"questions[{i}]" for i in flagged)
        message = f"{r.what}有 {share}，超过 {r.limit:.0%}，{r.advice}：{paths}"
        found.append(lines.warn(module, f"questions[{flagged[0]}]{r.at}", r.rule, message))
    return found


def _refs(module: StudyModule, lines: _Lines) -> list[QualityWarning]:
    own = own_names(module.source.name)
    taught: set[Cite] = set()
    for section in module.sections:
        taught |= all_cites((section.title, *section.refs, *section.points), own)
    found = []
    for n, q in enumerate(module.questions):
        missing = [c for c in dict.fromkeys(cites(q.ref, own)) if c not in taught]
        if missing:
            names = "、".join(f"“{c.label()}”" for c in missing)
            message = (
                f"依据中的 {names} 不在本模块任何一节的 title、refs 或 points 中；"
                "请在讲这条的一节写明它，或改正依据"
            )
            found.append(lines.warn(module, f"questions[{n}].ref", "ref", message))
    return found


def _near_duplicates(modules: Sequence[StudyModule], lines: _Lines) -> list[QualityWarning]:
    """Each pair once, reported at the later question and naming the earlier one."""
    bank = [(m, n, fingerprint(q)) for m in modules for n, q in enumerate(m.questions)]
    found = []
    for (m1, n1, f1), (m2, n2, f2) in itertools.combinations(bank, 2):
        score = similarity(f1, f2)
        if score < NEAR_DUPLICATE:
            continue
        where = "本文件的 " if m1.file == m2.file else f" {m1.file} 的 "
        text = m1.questions[n1].text
        shown = text if len(text) <= 24 else text[:23] + "…"
        message = (
            f"与{where}questions[{n1}]（{shown}）几乎相同（相似度 {score:.2f}，"
            f"达到 {NEAR_DUPLICATE:.2f}）；一份试卷可能抽到两道，请改写或删去一道"
        )
        found.append(lines.warn(m2, f"questions[{n2}]", "near-duplicate", message))
    return found
