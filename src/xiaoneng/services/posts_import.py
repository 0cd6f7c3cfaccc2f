"""巾帼文明岗 applications from the sheets the district federations and sector
women's committees send in (.xlsx or .csv), read by xiaoneng.sheets.

The header row may sit below a title; columns go by their usual names and
synonyms (岗位名称/集体名称, 所在单位/单位, 行业/系统, 区/区县, 申报级别/级别,
负责人/岗长, 联系电话/电话, 岗位人数/人数, 女性人数/女职工人数, 已获称号/曾获称号,
and the optional 女性负责人 是/否, without which the woman-leader condition
cannot be checked). A post already on the register for the year (same name,
organisation and level) is updated from the fields the file gives.

`--check` shows the plan (new, changed, unchanged and bad rows, and the
conditions each new post would be flagged for); importing applies it in one
transaction, all or nothing: one bad row and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import UserError
from xiaoneng.model.posts import Post, format_titles, parse_titles, post_problems
from xiaoneng.services.posts import (
    PostView,
    normalise_level,
    parse_count,
    parse_woman_leader,
    require_manage,
)
from xiaoneng.services.text import clean_field, name_key
from xiaoneng.sheets import Column, Limits, RowProblem, read_table
from xiaoneng.sheets.table import HEADER_ROWS

if TYPE_CHECKING:
    from xiaoneng.services.core import Core
    from xiaoneng.services.permissions import Actor

MAX_POSTS = 5_000
LIMITS = Limits(max_rows=MAX_POSTS + HEADER_ROWS)


def _text(label: str, most: int) -> Any:
    return lambda t: clean_field(t, label, max_len=most, required=False)


COLUMNS = (
    Column(
        "岗位名称",
        ("岗位", "集体名称", "岗位集体名称", "申报岗位", "申报集体"),
        True,
        _text("岗位名称", 60),
    ),
    Column("所在单位", ("单位", "工作单位", "单位名称", "所属单位"), True, _text("所在单位", 60)),
    Column("行业", ("系统", "行业系统", "所属行业", "所属系统"), False, _text("行业", 30)),
    Column("区", ("所在区", "区县", "辖区", "所属区", "区县市"), False, _text("区", 30)),
    Column("申报级别", ("级别", "申报类别", "申报层级"), True, normalise_level),
    Column("负责人", ("岗长", "岗位负责人", "负责人姓名"), False, _text("负责人", 40)),
    Column(
        "联系电话",
        ("电话", "手机", "联系方式", "手机号码", "联系手机"),
        False,
        _text("联系电话", 30),
    ),
    Column(
        "岗位人数",
        ("人数", "成员数", "职工人数", "岗位总人数"),
        True,
        lambda t: parse_count(t, "岗位人数"),
    ),
    Column(
        "女性人数",
        ("女职工人数", "女性成员数", "女职工数", "其中女性"),
        True,
        lambda t: parse_count(t, "女性人数"),
    ),
    Column(
        "已获称号", ("已获荣誉", "曾获称号", "获得称号", "已获巾帼文明岗称号"), False, parse_titles
    ),
    Column(
        "女性负责人",
        ("主要负责人中有女性", "女性主要负责人", "负责人是否女性", "是否有女性负责人"),
        False,
        parse_woman_leader,
    ),
)
# Column -> Post field, and the fields compared for "changed".
FIELDS = {
    "岗位名称": "name",
    "所在单位": "organisation",
    "行业": "sector",
    "区": "district",
    "申报级别": "level",
    "负责人": "leader",
    "联系电话": "phone",
    "岗位人数": "members",
    "女性人数": "women",
    "已获称号": "titles",
    "女性负责人": "woman_leader",
}
LABELS = {v: k for k, v in FIELDS.items()}


def post_key(post: Post) -> tuple[str, str, str]:
    """What makes a row the same post as one on the register: name, organisation, level."""
    return (name_key(post.name), name_key(post.organisation), post.level)


@dataclass(frozen=True)
class PostRow:
    row: int
    post: Post  # id "" until it is matched or added
    given: frozenset[str]  # Post fields the file sets


@dataclass
class PostsFile:
    path: Path
    header_row: int
    year: int
    rows: list[PostRow] = field(default_factory=list)
    bad: list[RowProblem] = field(default_factory=list)


def read_posts(path: str | Path, year: int) -> PostsFile:
    table = read_table(path, COLUMNS, limits=LIMITS, what="申报表")
    if len(table.records) + len(table.bad_rows()) > MAX_POSTS:
        raise UserError(f"{table.path}：行数过多（最多 {MAX_POSTS} 个岗位）。")
    out = PostsFile(table.path, table.header_row, year, bad=list(table.problems))
    seen: dict[tuple[str, str, str], int] = {}
    for record in table.records:
        # A blank cell says nothing: a new post lacks that field, an existing
        # one keeps what it has.
        values = {FIELDS[k]: v for k, v in record.values.items() if v != ""}
        post = Post(id="", year=year, **_defaults(values))
        problems = post_problems(post)
        if problems:
            for p in problems:
                out.bad.append(RowProblem(table.path.name, record.row, None, p))
            continue
        key = post_key(post)
        if key in seen:
            message = f"“{post.name}”（{post.organisation}，{post.level}）与第 {seen[key]} 行重复"
            out.bad.append(RowProblem(table.path.name, record.row, "岗位名称", message))
            continue
        seen[key] = record.row
        out.rows.append(PostRow(record.row, post, frozenset(values)))
    return out


def _defaults(values: dict[str, Any]) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "",
        "organisation": "",
        "sector": "",
        "district": "",
        "level": "",
        "leader": "",
        "phone": "",
        "members": 0,
        "women": 0,
        "titles": (),
        "woman_leader": None,
    }
    base.update(values)
    return base


def _shown(field_name: str, value: object) -> object:
    if field_name == "titles" and isinstance(value, tuple):
        return format_titles(value)
    if field_name == "woman_leader":
        return {True: "是", False: "否", None: "未填"}[value]  # type: ignore[index]
    return value


@dataclass
class PostsPlan:
    file: PostsFile
    new: list[tuple[PostRow, PostView]] = field(default_factory=list)
    changed: list[tuple[PostRow, Post, dict[str, tuple[object, object]]]] = field(
        default_factory=list
    )
    unchanged: list[tuple[PostRow, Post]] = field(default_factory=list)

    @property
    def bad(self) -> list[RowProblem]:
        return sorted(self.file.bad, key=lambda p: p.row)

    def counts(self) -> dict[str, int]:
        return {
            "new": len(self.new),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
            "bad": len(self.bad),
            "flagged": sum(v.flagged for _r, v in self.new),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.file.path),
            "header_row": self.file.header_row,
            "year": self.file.year,
            "counts": self.counts(),
            "new": [
                {
                    "row": r.row,
                    "name": r.post.name,
                    "organisation": r.post.organisation,
                    "level": r.post.level,
                    "conditions_failed": v.failed,
                }
                for r, v in self.new
            ],
            "changed": [
                {
                    "row": r.row,
                    "id": old.id,
                    "name": old.name,
                    "changes": {
                        LABELS[k]: {"from": _shown(k, a), "to": _shown(k, b)}
                        for k, (a, b) in changes.items()
                    },
                }
                for r, old, changes in self.changed
            ],
            "unchanged": [{"row": r.row, "id": old.id} for r, old in self.unchanged],
            "bad": [{"row": p.row, "column": p.column, "message": p.message} for p in self.bad],
        }


def describe(changes: dict[str, tuple[object, object]]) -> str:
    """`女性人数 4 → 6；女性负责人 未填 → 是` for one post's changes."""
    return "；".join(
        f"{LABELS[k]} {_shown(k, a) or '（空）'} → {_shown(k, b) or '（空）'}"
        for k, (a, b) in changes.items()
    )


def plan_import(core: Core, parsed: PostsFile) -> PostsPlan:
    plan = PostsPlan(parsed)
    existing = {post_key(p): p for p in core.repos.posts.in_year(parsed.year)}
    conditions = core.posts.conditions(parsed.year)
    for r in parsed.rows:
        old = existing.get(post_key(r.post))
        if old is None:
            plan.new.append((r, core.posts.check(r.post, conditions)))
            continue
        changes = {
            f: (getattr(old, f), getattr(r.post, f))
            for f in FIELDS.values()
            if f in r.given and getattr(old, f) != getattr(r.post, f)
        }
        if changes:
            plan.changed.append((r, old, changes))
        else:
            plan.unchanged.append((r, old))
    return plan


def apply_plan(core: Core, actor: Actor, plan: PostsPlan) -> list[Post]:
    """Add the new posts and update the changed ones in one transaction."""
    require_manage(actor, "导入巾帼文明岗申报")
    if plan.bad:
        raise UserError(f"{plan.file.path.name} 有 {len(plan.bad)} 行有问题，未导入任何岗位。")
    updates = [
        replace(old, **{f: getattr(r.post, f) for f in changes}) for r, old, changes in plan.changed
    ]
    with core.store.transaction() as txn:
        return core.posts.add_txn(txn, actor, [r.post for r, _v in plan.new] + updates)
