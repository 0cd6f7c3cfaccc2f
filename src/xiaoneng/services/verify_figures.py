"""verify's check of the agency-wide status figures (store/repos/figures.py).

Each of a year's figures files must be one this program sealed, and say what the
sealed unit summaries, the member files and the signed sessions say: a hand
edit breaks the seal, an old copy put back no longer matches. The summaries
themselves are checked against the records file by file (verify_parts), so
records -> summaries -> figures is checked link by link.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xiaoneng.services.verify_parts import Problem
from xiaoneng.store.repos.figures import FORMAT, shard_of
from xiaoneng.store.repos.summary import seal_ok

if TYPE_CHECKING:
    from xiaoneng.services.core import Core

SHOWN = 5  # units named in a mismatch; the rest are counted


def figures_problems(core: Core) -> list[Problem]:
    out = []
    figures = core.repos.figures
    for year in core.repos.units.years():
        stored = figures.stored(year)
        want: dict[str, dict[str, Any]] | None = None
        for part, doc in stored.items():
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
                want = figures.expected(year)
            shard = part.rsplit("/", 1)[1].removesuffix(".json")
            mine = {u: r for u, r in want.items() if shard_of(u) == shard}
            have = doc.get("units", {})
            wrong = [u for u in sorted(set(have) | set(mine)) if have.get(u) != mine.get(u)]
            if wrong:
                named = "、".join(wrong[:SHOWN])
                named += f" 等 {len(wrong)} 个单位" if len(wrong) > SHOWN else ""
                what = (
                    f"全机关状态数字 {part} 与单位汇总不符（{named}）：文件被换成了旧的副本，"
                    "状态和首页上的数字不可信（删除该文件后读取时会按单位汇总重建）。"
                )
                out.append(Problem(part, what))
    return out
