"""The items of a check form under their group titles (查履职 / 查精神 / …).

Each item shows its number, result, text, basis, note and, when its result
opens a finding, the six fixes (or a reminder to fill them in). Group titles
are disabled options, so ↑/↓ move from item to item.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from xiaoneng.model.checklist import UNCHECKED, UNCHECKED_LABEL, CheckTemplate
from xiaoneng.model.dates import cn_date
from xiaoneng.model.records import FindingDraft, ItemResult

NUMERALS = "一二三四五六七八九十"


def result_style(template: CheckTemplate, code: str) -> str:
    option = template.result(code)
    if option is None:
        return "dim"
    if option.finding:
        return "bold red"
    if option.score is None:
        return "dim"
    return "green" if option.score >= 1 else "yellow"


class CheckItemList(OptionList):
    def __init__(self, template: CheckTemplate, mode: str, **kw) -> None:
        super().__init__(**kw)
        self.template = template
        self.entries = template.items_for(mode)
        self.number = {item.id: n for n, (_g, item) in enumerate(self.entries, 1)}
        self.items = {item.id: item for _g, item in self.entries}
        # Groups with no item for this mode are left out.
        self._groups: list[tuple[str, list[str]]] = []
        for group in template.groups:
            ids = [i.id for i in group.items if i.id in self.items]
            if ids:
                self._groups.append((group.title, ids))
        self._group_of = {i: gi for gi, (_t, ids) in enumerate(self._groups) for i in ids}
        self.results: dict[str, ItemResult] = {}
        self.findings: dict[str, FindingDraft] = {}
        self.names: dict[str, str] = {}

    # -- building ------------------------------------------------------------------

    def watch_show_vertical_scrollbar(self) -> None:
        # OptionList measures each option's wrapped height at the width it
        # has when first drawn, and measures again only on a resize. The scroll
        # bar coming or going changes that width without one: on a busy machine
        # the first frame came before the bar, and the items kept the line
        # breaks of a width two columns wider than they had.
        self._clear_caches()

    def fill(
        self,
        results: dict[str, ItemResult],
        findings: dict[str, FindingDraft],
        names: dict[str, str],
    ) -> None:
        self.results, self.findings, self.names = results, findings, names
        options: list[Option] = []
        for gi, (_title, ids) in enumerate(self._groups):
            options.append(Option(self._group_prompt(gi), id=f"group-{gi}", disabled=True))
            options.extend(Option(self._item_prompt(i), id=i) for i in ids)
        self.set_options(options)
        self.action_first()

    def refresh_item(self, item_id: str) -> None:
        self.replace_option_prompt(item_id, self._item_prompt(item_id))
        gi = self._group_of[item_id]
        self.replace_option_prompt(f"group-{gi}", self._group_prompt(gi))

    # -- reading -------------------------------------------------------------------

    @property
    def item_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None and option.id in self.items else None

    def select_item(self, item_id: str) -> None:
        self.highlighted = self.get_option_index(item_id)

    def code(self, item_id: str) -> str:
        r = self.results.get(item_id)
        return r.result if r else UNCHECKED

    def opens_finding(self, item_id: str) -> bool:
        option = self.template.result(self.code(item_id))
        return bool(option and option.finding)

    # -- rendering -----------------------------------------------------------------

    def _group_prompt(self, gi: int) -> Text:
        title, ids = self._groups[gi]
        done = sum(self.code(i) != UNCHECKED for i in ids)
        numeral = NUMERALS[gi] if gi < len(NUMERALS) else str(gi + 1)
        text = Text(f"{numeral}、{title}", style="bold")
        text.append(f"  已检查 {done}/{len(ids)}", style="dim")
        return text

    def _item_prompt(self, item_id: str) -> Text:
        item = self.items[item_id]
        code = self.code(item_id)
        option = self.template.result(code)
        label = option.label if option else UNCHECKED_LABEL
        # No space before the item text: Rich would wrap the whole text to the next line.
        text = Text(f"{self.number[item_id]:>2}.")
        text.append(f"【{label}】", style=result_style(self.template, code))
        text.append(item.text)
        if item.basis:
            text.append(f"\n    依据：{item.basis}", style="dim")
        r = self.results.get(item_id)
        if r and r.note:
            text.append(f"\n    备注：{r.note}", style="italic")
        if option and option.finding:
            f = self.findings.get(item_id)
            if f is None or not f.problem.strip():
                text.append("\n    未填写六定：按 f 填写问题、措施、责任人和期限", style="bold red")
            else:
                text.append(f"\n    问题：{f.problem}", style="red")
                who = self.names.get(f.responsible, f.responsible) or "默认"
                checker = self.names.get(f.reviewer, f.reviewer) or "默认"
                text.append(
                    f"\n    {f.category} · 责任人 {who} · 期限 {cn_date(f.deadline, blank='未填')}"
                    f" · 复查人 {checker}",
                    style="dim",
                )
        return text
