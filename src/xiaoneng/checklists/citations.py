"""Article and chapter citations in refs, section titles and points: 《消防法》第十六条, 第二章.

A study module cites its own text bare (第五条) or by name (《安全生产法》第五条,
《条例》第二章), and other texts by name. Each citation is read as
(text, 条 or 章, number), so a question's `ref` can be matched to the section
that teaches it, whatever the wording around the numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xiaoneng.checklists import numerals
from xiaoneng.model.checklist import Section

OWN = ""  # the text the module itself follows
_NUMBER = f"[{numerals.CHARS}]+"
_TOKEN = re.compile(rf"《([^》]+)》|第({_NUMBER})(条|章)|([。；;\n])")
_PREFIX = "中华人民共和国"


@dataclass(frozen=True, order=True)
class Cite:
    law: str  # OWN, or the short name of another text, e.g. "消防法"
    kind: str  # "条" (article) or "章" (chapter)
    number: int

    def label(self) -> str:
        name = f"《{self.law}》" if self.law else ""
        return f"{name}第{numerals.to_chinese(self.number)}{self.kind}"


def short_name(name: str) -> str:
    name = name.strip()
    return name[len(_PREFIX) :] if name.startswith(_PREFIX) else name


def own_names(source_name: str) -> frozenset[str]:
    """Names under which a module cites its own text: full, short, and 《条例》 for a regulation."""
    short = short_name(source_name)
    names = {source_name.strip(), short}
    if short.endswith("条例"):
        names.add("条例")
    return frozenset(names)


def cites(text: str, own: frozenset[str] = frozenset()) -> list[Cite]:
    """Every 第N条 / 第N章 in `text`, each with the text it belongs to.

    A 《name》 applies to the numbers after it until the sentence ends (。 or ；),
    so "《安全生产法》第四十二条；《消防法》第十六条、第二十八条" gives one
    article of the first law and two of the second. 第N项 and 第N款 are parts of an
    article and are not citations of their own.
    """
    law = OWN
    found: list[Cite] = []
    for m in _TOKEN.finditer(text):
        name, number, kind, stop = m.groups()
        if stop:
            law = OWN
        elif name is not None:
            law = OWN if name.strip() in own else short_name(name)
        else:
            value = numerals.parse(number)
            if value is not None:
                found.append(Cite(law, kind, value))
    return found


def all_cites(texts: Iterable[str], own: frozenset[str] = frozenset()) -> set[Cite]:
    return {c for text in texts for c in cites(text, own)}


def section_of(ref: str, sections: Sequence[Section], own: frozenset[str]) -> int | None:
    """The section a question with this `ref` tests: the first of its citations that a
    section's title or refs name, else that a section's points mention; None if none does."""
    named = [all_cites((s.title, *s.refs), own) for s in sections]
    mentioned = [all_cites(s.points, own) for s in sections]
    for table in (named, mentioned):
        for cite in cites(ref, own):
            for n, taught in enumerate(table):
                if cite in taught:
                    return n
    return None
