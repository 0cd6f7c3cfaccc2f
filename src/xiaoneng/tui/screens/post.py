"""One 巾帼文明岗 applicant post: its application, the hard conditions, its
state and history (a to take the next step), the self-assessment beside the
assessors' scores with the difference (s, k to type a sheet in), and the
file materials the office has seen (space ticks, Ctrl+S saves)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import (
    DataTable,
    Header,
    SelectionList,
    Static,
    TabbedContent,
    TabPane,
)

from xiaoneng.model.assessment import fmt_points
from xiaoneng.model.post_states import allowed_actions, state_label
from xiaoneng.model.posts import Post, format_titles
from xiaoneng.services.posts import MANAGE, VIEW, PostView
from xiaoneng.services.posts_review import Files, Scores
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.format import when
from xiaoneng.tui.widgets.cell_text import clip
from xiaoneng.tui.widgets.footer import Footer


@dataclass(frozen=True)
class PostData:
    view: PostView
    scores: Scores
    files: Files
    names: dict[str, str]  # person id -> name, for the history


def points(value: float | None) -> str:
    return "-" if value is None else fmt_points(value)


def diff_cell(value: float | None) -> Text:
    if value is None:
        return Text("-")
    style = "bold red" if value < 0 else ("green" if value > 0 else "")
    return Text(f"{value:+g}" if value else "0", style=style)


class PostScreen(BaseScreen[None]):
    CSS_PATH = "../css/post.tcss"
    ROLES = VIEW
    DOING = "查看巾帼文明岗申报"
    MESSAGE = "#post-message"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("a", "step", "办理"),
        Binding("s", "score('self')", "录入自评"),
        Binding("k", "score('assessor')", "录入考核评分"),
        Binding("ctrl+s", "save_files", "保存档案勾选"),
        Binding("f5", "reload", "刷新"),
    ]

    def __init__(self, post_id: str):
        super().__init__()
        self.post_id = post_id
        self.data: PostData | None = None

    @property
    def manages(self) -> bool:
        return any(self.user.has(r) for r in MANAGE)

    def compose_body(self) -> ComposeResult:
        yield Header()
        yield Static("正在读取…", id="post-info", classes="whoami")
        with TabbedContent(id="post-tabs"):
            with TabPane("条件与状态", id="tab-state"):
                yield Static("", id="post-state")
            with TabPane("考核评分", id="tab-scores"):
                yield Static("", id="post-totals")
                yield DataTable(id="post-scores", cursor_type="row", zebra_stripes=True)
            with TabPane("档案材料", id="tab-files"):
                yield Static("", id="post-files-summary")
                yield SelectionList[str](id="post-files")
        yield Static("", id="post-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        if self.denied is None:
            table = self.query_one("#post-scores", DataTable)
            table.add_columns("项目", "满分", "自评", "考核", "差", "考核内容")

    def on_screen_resume(self) -> None:
        if self.denied is None:
            self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.denied is not None:
            return super().check_action(action, parameters)
        if action in ("step", "score", "save_files"):
            return self.manages and self.data is not None
        return True

    def action_reload(self) -> None:
        core, user, post_id = self.core, self.user, self.post_id

        def read() -> PostData:
            view = core.posts.get(user, post_id)
            files = core.post_review.files(user, view.post)
            ids = {h.by for h in view.post.history} | ({files.ticks.by} if files.ticks else set())
            names = {}
            for pid in ids:
                person = core.roster.get(pid)
                names[pid] = person.name if person else "办公室"
            return PostData(
                view,
                core.post_review.scores(user, view.post),
                files,
                names,
            )

        self.load(read, self._loaded)

    def _loaded(self, data: PostData) -> None:
        self.data = data
        self._show_info(data.view.post)
        self._show_state(data)
        self._show_scores(data.scores)
        self._show_files(data.files)
        self.refresh_bindings()

    def _show_info(self, p: Post) -> None:
        share = p.women_share()
        text = Text()
        text.append(f"{p.name}", style="bold")
        text.append(f"　{p.organisation}　{p.sector}　{p.district}　{p.year}年申报{p.level}\n")
        text.append(
            f"负责人：{p.leader} {p.phone}　人数 {p.members}，女性 {p.women}"
            + (f"（{share:.0%}）" if share is not None else "")
            + f"　已获称号：{format_titles(p.titles)}"
        )
        self.query_one("#post-info", Static).update(text)

    def _show_state(self, data: PostData) -> None:
        view, p = data.view, data.view.post
        text = Text()
        text.append("硬性条件\n", style="bold")
        for r in view.results:
            mark, style = ("✓", "green") if r.ok else ("✗", "bold red")
            text.append(f" {mark} ", style=style)
            text.append(f"{r.message}\n", style="" if r.ok else "red")
        text.append(f"\n状态：{state_label(p.state)}\n", style="bold")
        if not p.history:
            text.append(" 已申报，尚未受理。")
        for h in p.history:
            who = data.names.get(h.by, h.by)
            text.append(f" {when(h.at)}　{state_label(h.before)} → {state_label(h.after)}")
            text.append(f"　{who}" + (f"　{h.reason}" if h.reason else "") + "\n")
        if self.manages and allowed_actions(p):
            text.append("\n按 a 办理下一步。", style="dim")
        self.query_one("#post-state", Static).update(text)

    def _show_scores(self, scores: Scores) -> None:
        c = scores.comparison
        table = self.query_one("#post-scores", DataTable)
        row = table.cursor_row
        table.clear()
        for ic in c.items:
            item = ic.item
            table.add_row(
                item.id,
                points(item.points),
                points(ic.self_score),
                points(ic.assessor_score),
                diff_cell(ic.diff),
                clip(item.text, 60),
                key=item.id,
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        totals = Text(f"满分 {fmt_points(c.total)}　自评 {points(c.self_total)}")
        if scores.self_sheet and scores.self_sheet.scorer:
            totals.append(f"（{scores.self_sheet.scorer}）")
        totals.append(f"　考核 {points(c.assessor_total)}")
        if scores.assessor_sheet and scores.assessor_sheet.scorer:
            totals.append(f"（{scores.assessor_sheet.scorer}）")
        totals.append("　差 ")
        totals.append_text(diff_cell(c.diff))
        gaps = c.largest_gaps(3)
        if gaps:
            totals.append("　相差最大：" + "、".join(g.item.id for g in gaps))
        self.query_one("#post-totals", Static).update(totals)

    def _show_files(self, files: Files) -> None:
        ticked = set(files.ticks.ticked) if files.ticks else set()
        box: SelectionList[str] = self.query_one("#post-files", SelectionList)
        with box.prevent(SelectionList.SelectedChanged):  # filling is not ticking
            box.clear_options()
            for m in files.materials.materials:
                label = f"{m.category}｜{m.title}" + ("" if m.required else "（可选）")
                box.add_option((label, m.id, m.id in ticked))
        self._files_summary(files)

    def _files_summary(self, files: Files) -> None:
        c = files.completeness
        text = Text(c.label(), style="green" if c.complete else "yellow")
        if c.missing:
            text.append("　缺：" + "、".join(m.title for m in c.missing[:4]))
            if len(c.missing) > 4:
                text.append(f" 等 {len(c.missing)} 项")
        if files.ticks:
            names = self.data.names if self.data else {}
            who = names.get(files.ticks.by, self.user.name)
            text.append(f"\n上次勾选：{when(files.ticks.at)} {who}")
        if self.manages:
            text.append("　空格勾选，Ctrl+S 保存", style="dim")
        self.query_one("#post-files-summary", Static).update(text)

    # -- the office's work ------------------------------------------------------------

    def action_step(self) -> None:
        from xiaoneng.tui.dialogs.post_state import PostStateDialog

        if self.data is not None:
            self.app.push_screen(PostStateDialog(self.data.view.post), self._stepped)

    def _stepped(self, post: Post | None) -> None:
        if post is not None:
            self.app.notify(f"“{post.name}”现为“{state_label(post.state)}”，已签署记入台账。")

    def action_score(self, role: str) -> None:
        from xiaoneng.tui.dialogs.post_scores import PostScoresDialog

        data = self.data
        if data is None:
            return
        current = data.scores.self_sheet if role == "self" else data.scores.assessor_sheet
        self.query_one("#post-tabs", TabbedContent).active = "tab-scores"
        self.app.push_screen(
            PostScoresDialog(data.view.post, role, data.scores.template, current),
            lambda sheet: self.app.notify("评分已保存，已签署记入台账。") if sheet else None,
        )

    def action_save_files(self) -> None:
        data = self.data
        if data is None:
            return
        chosen = list(self.query_one("#post-files", SelectionList).selected)
        core, user, post = self.core, self.user, data.view.post

        def save() -> Files:
            return core.post_review.tick(user, post, chosen)

        self.load(save, self._files_saved, group="save")

    def _files_saved(self, files: Files) -> None:
        if self.data is not None:
            self.data = PostData(self.data.view, self.data.scores, files, self.data.names)
        self._files_summary(files)
        self.say(f"档案材料勾选已保存：{files.completeness.label()}。", error=False)

    @on(SelectionList.SelectedChanged, "#post-files")
    def _ticked(self) -> None:
        if self.manages:
            self.say("勾选已改动，按 Ctrl+S 保存。", error=False)
