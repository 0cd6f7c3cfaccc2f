"""verify's check of the agency-wide status figures (store/repos/figures.py)
and the findings indexes (store/repos/finding_index.py).

Each of a year's figures and index files must be one this program sealed, and
say what the sealed unit summaries (and for the figures, the member files and
the signed sessions) say: a hand edit breaks the seal, an old copy put back no
longer matches. The summaries themselves are checked against the records file
by file (verify_parts), so records -> summaries -> figures and indexes is
checked link by link.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from xiaoneng.services.verify_parts import Problem
from xiaoneng.store.repos import finding_index, register_head
from xiaoneng.store.repos.figures import FORMAT, shard_of
from xiaoneng.store.repos.summary import seal_ok

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

SHOWN = 5  # units or people named in a mismatch; the rest are counted
HEAD_PARTS = {"rows": "最前面的问题", "count": "问题条数", "open": "未销号问题的期限"}

Doc = dict[str, Any]
Summaries = Callable[[], dict[str, Doc]]  # the year's sealed summaries, read when first needed


def figures_problems(core: Core) -> list[Problem]:
    out = []
    for year in core.repos.units.years():
        sealed = functools.cache(functools.partial(core.repos.figures.sealed_summaries, year))
        out += _figures(core, year, sealed) + _indexes(core, year, sealed)
    return out


def _figures(core: Core, year: int, sealed: Summaries) -> list[Problem]:
    out = []
    figures = core.repos.figures
    want: dict[str, Doc] | None = None
    for part, doc in figures.stored(year).items():
        if doc is None:
            continue  # the next read builds them all
        if not seal_ok(core.secret, part, doc) or doc.get("year") != year:
            what = (
                f"全机关状态数字 {part} 的校验码不符：文件被直接改动或从别处拷来，"
                "状态和首页上的数字不可信（读取时会按单位汇总重建）。"
            )
            out.append(Problem(part, what))
            continue
        if doc.get("format") != FORMAT:
            continue  # written by another version of the program: rebuilt when read
        if want is None:
            want = figures.expected(year, sealed())
        shard = part.rsplit("/", 1)[1].removesuffix(".json")
        mine = {u: r for u, r in want.items() if shard_of(u) == shard}
        wrong = _differ(doc.get("units", {}), mine)
        if wrong:
            what = (
                f"全机关状态数字 {part} 与单位汇总不符（{_named(wrong, '个单位')}）："
                "文件被换成了旧的副本，状态和首页上的数字不可信（删除该文件后读取时会按单位汇总重建）。"
            )
            out.append(Problem(part, what))
    return out


def _indexes(core: Core, year: int, sealed: Summaries) -> list[Problem]:
    """The year's findings index (the register's rows) and waiting index (the
    home's to-do list of findings)."""
    out = []
    index = core.repos.finding_index
    want: tuple[dict[str, list[Doc]], dict[str, list[Doc]]] | None = None
    for part, doc in index.stored(year).items():
        kind = index.what(part)
        rows = kind != finding_index.PEOPLE
        label = {finding_index.HEAD: "整改台账首页"}.get(
            kind, "整改台账索引" if rows else "待办整改索引"
        )
        shown = "整改台账" if rows else "首页待办中的整改和复查"
        if doc is None:
            continue  # the next read builds them all
        if not seal_ok(core.secret, part, doc) or doc.get("year") != year:
            what = (
                f"{label} {part} 的校验码不符：文件被直接改动或从别处拷来，"
                f"{shown}不可信（读取时会按单位汇总重建）。"
            )
            out.append(Problem(part, what))
            continue
        if doc.get("format") != finding_index.FORMAT:
            continue  # written by another version of the program: rebuilt when read
        if want is None:
            want = finding_index.build_index(sealed())
        if kind == finding_index.HEAD:
            every = (r for found in want[0].values() for r in found)
            wrong = [HEAD_PARTS[w] for w in register_head.problems(doc.get(kind, {}), every)]
            if wrong:
                what = (
                    f"{label} {part} 与单位汇总不符（{'、'.join(wrong)}）：文件被换成了旧的副本，"
                    f"{shown}的第一页不可信（删除该文件后读取时会按单位汇总重建）。"
                )
                out.append(Problem(part, what))
            continue
        mine = index.expected(part, year, *want)
        wrong = _differ(doc.get(kind, {}), mine)
        if wrong:
            what = (
                f"{label} {part} 与单位汇总不符（{_named(wrong, '个单位' if rows else '人')}）："
                f"文件被换成了旧的副本，{shown}不可信（删除该文件后读取时会按单位汇总重建）。"
            )
            out.append(Problem(part, what))
    return out


def _differ(have: dict[str, Any], want: dict[str, Any]) -> list[str]:
    return [k for k in sorted(set(have) | set(want)) if have.get(k) != want.get(k)]


def _named(keys: list[str], unit: str) -> str:
    named = "、".join(keys[:SHOWN])
    return named + (f" 等 {len(keys)} {unit}" if len(keys) > SHOWN else "")
