"""One checklist's details (or, for a file that did not load, its problems)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from xiaoneng.checklists.problems import Problem
from xiaoneng.model.assessment import fmt_points
from xiaoneng.model.checklist import (
    KIND_LABELS,
    MODE_LABELS,
    Checklist,
    CheckTemplate,
    LetterTemplate,
    StudyModule,
)
from xiaoneng.model.people import ROLE_LABELS
from xiaoneng.model.post_conditions import SHARE_RULES, ConditionSet, percent
from xiaoneng.model.post_files import MaterialList
from xiaoneng.tui.dialogs.base import BaseDialog
from xiaoneng.tui.widgets.cell_text import cell

SCOPE_LABELS = {"unit": "每个单位一份", "person": "每人一份"}


def describe(c: Checklist) -> Text:
    t = Text()

    def line(label: str, value: object = "", style: str = "") -> None:
        t.append(f"{label}", style="bold")
        t.append(f"{value}\n", style=style)

    line("编号：", c.id)
    line("类型：", KIND_LABELS.get(c.kind, c.kind))
    line("版本：", c.version)
    line("依据：", cell(c.source.label()))
    line("发布机关：", cell(c.source.issuer))
    line("文件：", c.file)
    line("内容哈希：", c.content_hash[:12])
    if c.summary:
        line("简介：", cell(c.summary))
    if isinstance(c, StudyModule):
        line("章节：", f"{len(c.sections)} 节，要点 {sum(len(s.points) for s in c.sections)} 条")
        for n, s in enumerate(c.sections, 1):
            t.append(f"  {n}. {cell(s.title)}（{len(s.points)} 条要点）\n")
        single = sum(q.type == "single" for q in c.questions)
        line(
            "测验：",
            f"{len(c.questions)} 题（单选 {single}，多选 {len(c.questions) - single}），"
            f"{f'每次抽 {c.draw} 题，' if c.draw else ''}答对 {c.pass_mark} 题合格，可作答 {c.attempts} 次",
        )
    elif isinstance(c, CheckTemplate):
        line("适用：", "、".join(MODE_LABELS.get(m, m) for m in c.modes))
        line("检查项：", f"{len(c.groups)} 组，共 {sum(len(g.items) for g in c.groups)} 项")
        for n, g in enumerate(c.groups, 1):
            t.append(f"  {n}. {cell(g.title)}（{len(g.items)} 项）\n")
        if c.scored:
            line(
                "计分：",
                f"总分 {fmt_points(c.total or 0)} 分（巾帼文明岗考核评分，不用于三查活动）",
            )
        else:
            line("结果选项：", "、".join(cell(r.label) for r in c.results))
    elif isinstance(c, ConditionSet):
        line("适用：", f"{c.year} 年度起")
        for lv in c.levels:
            t.append(
                f"  {lv.level}：女性 {percent(lv.women_percent)}{SHARE_RULES[lv.share_rule][:2]}"
            )
            t.append("，主要负责人中有女性" if lv.woman_leader else "")
            t.append(f"，已获称号 {len(lv.titles)} 种途径\n" if lv.titles else "\n")
    elif isinstance(c, MaterialList):
        counts = c.counts()
        line("材料：", f"{counts['materials']} 项，其中必备 {counts['required']} 项")
        for n, (category, items) in enumerate(c.categories(), 1):
            t.append(f"  {n}. {cell(category)}（{len(items)} 项）\n")
    elif isinstance(c, LetterTemplate):
        line("标题：", cell(c.letter_title))
        line("签署人：", ROLE_LABELS.get(c.signer_role, c.signer_role))
        line("份数：", SCOPE_LABELS.get(c.scope, c.scope))
        line("条款：", f"{len(c.clauses)} 条")
    return t


class ChecklistDetailScreen(BaseDialog[None]):
    CSS_PATH = "../css/dialogs.tcss"
    BINDINGS = [Binding("escape,enter,q", "dismiss", "关闭")]

    def __init__(
        self,
        checklist: Checklist | None,
        *,
        file: str = "",
        problems: list[Problem] | None = None,
    ) -> None:
        super().__init__()
        self.checklist = checklist
        self.file = file
        self.problems = problems or []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="checklist-detail", classes="dialog wide"):
            if self.checklist is not None:
                yield Static(cell(self.checklist.title), classes="title")
                body = describe(self.checklist)
                if self.problems:  # a loaded checklist's problems are its quality warnings
                    body.append(
                        f"\n测验质量警告（{len(self.problems)} 条，不影响使用）：\n", style="bold"
                    )
                    for p in self.problems:
                        body.append(cell(str(p)) + "\n", style="yellow")
                yield Static(body, id="detail-body")
            else:
                yield Static("未载入的清单文件", classes="title")
                body = Text(f"{self.file}\n此文件有以下问题，改正前不会载入：\n\n")
                for p in self.problems:
                    body.append(cell(str(p)) + "\n", style="bold red")
                yield Static(body, id="detail-body")
            yield Static("Esc 或 Enter 关闭", classes="muted")
