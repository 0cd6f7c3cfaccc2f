"""巾帼文明岗: the year's applicant posts with their state, hard conditions,
file completeness and scores; search and filters by level, state, sector
and district. Enter opens a post; c opens the training class."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Select, Static

from xiaoneng.model.assessment import fmt_points
from xiaoneng.model.post_states import STATES, state_label
from xiaoneng.model.posts import LEVELS, format_titles
from xiaoneng.services.posts import VIEW, PostFilter, PostView
from xiaoneng.services.posts_review import Files, Scores
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.keyboard import FieldKeys
from xiaoneng.tui.widgets.cell_text import clip
from xiaoneng.tui.widgets.footer import Footer

ANY = "__any__"  # a filter Select's "不限"


@dataclass(frozen=True)
class PostsData:
    year: int
    years: list[int]
    views: list[PostView]
    files: dict[str, Files]
    scores: dict[str, Scores]


def conditions_cell(view: PostView) -> Text:
    if not view.flagged:
        return Text("符合", style="green")
    return Text(f"不符{len(view.failed)}项", style="bold red")


def women_cell(view: PostView) -> str:
    share = view.post.women_share()
    return f"{view.post.women}/{view.post.members}" + (f" {share:.0%}" if share is not None else "")


def files_cell(files: Files | None) -> Text:
    if files is None:
        return Text("-")
    c = files.completeness
    return Text(f"{c.required_done}/{c.required_total}", style="" if c.complete else "yellow")


def scores_cell(scores: Scores | None) -> str:
    if scores is None:
        return "-"
    c = scores.comparison

    def one(value: float | None) -> str:
        return "-" if value is None else fmt_points(value)

    return f"{one(c.self_total)}/{one(c.assessor_total)}"


class SearchKeys(FieldKeys):
    """The search box's keys, and "/" to it from the list at once (a binding
    would run only after the keys typed behind it had gone to the list)."""

    def __init__(self, screen: PostsScreen, fields: list[str], enter: Callable[[Input], None]):
        super().__init__(screen, fields, enter)
        self._early = None  # keys before the list shows are the list's

    def claim(self, event: events.Key) -> bool:
        box = self.fields()[0] if self.screen.is_mounted else None
        if event.key == "slash" and box is not None and self.current is not box:
            self.focus(box)
            return True
        return super().claim(event)


class PostsScreen(BaseScreen[None]):
    CSS_PATH = "../css/posts.tcss"
    ROLES = VIEW
    DOING = "查看巾帼文明岗申报"
    MESSAGE = "#posts-message"
    AUTO_FOCUS = "#posts"  # the list first; / goes to the search
    BINDINGS = [
        Binding("escape", "back", "返回"),
        Binding("slash", "search", "搜索"),  # SearchKeys takes it first
        Binding("x", "flagged", "只看不符条件"),
        Binding("y", "year", "换年度"),
        Binding("c", "app.go('training')", "培训班"),
        Binding("f5", "reload", "刷新"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.year = 0  # 0: this year, or the latest year with posts
        self.data: PostsData | None = None
        self.shown: list[PostView] = []
        self.only_flagged = False

    def compose_body(self) -> ComposeResult:
        yield Header()
        yield Static("巾帼文明岗申报　正在读取…", id="posts-title", classes="section-title")
        with Horizontal(id="posts-filters"):
            yield Input(placeholder="/ 搜索岗位、单位、负责人、电话", id="posts-search")
            yield Select([(v, v) for v in LEVELS], prompt="级别", id="posts-level")
            yield Select([(v, k) for k, v in STATES.items()], prompt="状态", id="posts-state")
            yield Select([], prompt="行业", id="posts-sector")
            yield Select([], prompt="区", id="posts-district")
        yield DataTable(id="posts", cursor_type="row", zebra_stripes=True)
        yield Static("", id="posts-detail")
        yield Static("", id="posts-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        if self.denied is not None:
            return
        table = self.query_one("#posts", DataTable)
        table.add_columns("岗位名称", "级别", "状态", "条件", "女性", "档案", "自评/考核", "单位")
        # "/" and a name typed in one burst: the name lands in the search box.
        self.typing = SearchKeys(self, ["#posts-search"], lambda _box: self.typing_to_table())

    def typing_to_table(self) -> None:
        if self.typing is not None:
            self.typing.focus(self.query_one("#posts", DataTable))
        else:
            self.query_one("#posts", DataTable).focus()

    def on_screen_resume(self) -> None:
        if self.denied is None:
            self.action_reload()

    def action_back(self) -> None:
        current = self.typing.current if self.typing else self.focused
        if current is self.query_one("#posts-search", Input):
            self.typing_to_table()
        else:
            self.app.pop_screen()

    def action_reload(self) -> None:
        core, user, wanted = self.core, self.user, self.year

        def read() -> PostsData:
            years = core.posts.years()
            year = wanted or core.today().year
            if not wanted and year not in years and years:
                year = max(years)
            views = core.posts.posts(user, year)
            files = core.post_review.year_files(year, [v.post.id for v in views])
            return PostsData(year, years, views, files, core.post_review.year_scores(year))

        self.load(read, self._loaded)

    def _loaded(self, data: PostsData) -> None:
        self.data = data
        self.year = data.year
        for sel_id, values in (
            ("#posts-sector", sorted({v.post.sector for v in data.views if v.post.sector})),
            ("#posts-district", sorted({v.post.district for v in data.views if v.post.district})),
        ):
            select: Select[str] = self.query_one(sel_id, Select)
            keep = select.value
            select.set_options([(v, v) for v in values])
            if isinstance(keep, str) and keep in values:
                select.value = keep
        self._fill()

    def current_filter(self) -> PostFilter:
        def value(sel_id: str) -> str:
            v = self.query_one(sel_id, Select).value
            return v if isinstance(v, str) else ""

        return PostFilter(
            text=self.query_one("#posts-search", Input).value,
            level=value("#posts-level"),
            state=value("#posts-state"),
            sector=value("#posts-sector"),
            district=value("#posts-district"),
            flagged=True if self.only_flagged else None,
        )

    def _fill(self) -> None:
        data = self.data
        if data is None:
            return
        table = self.query_one("#posts", DataTable)
        row = table.cursor_row
        table.clear()
        chosen = self.current_filter()
        self.shown = [v for v in data.views if chosen.matches(v)]
        wide = self.app.size.width >= 110
        for v in self.shown:
            p = v.post
            files = data.files.get(p.id)
            table.add_row(
                clip(p.name, 24 if wide else 16),
                p.level,
                state_label(p.state),
                conditions_cell(v),
                women_cell(v),
                files_cell(files),
                scores_cell(data.scores.get(p.id)),
                clip(p.organisation, 24 if wide else 14),
                key=p.id,
            )
        flagged = sum(v.flagged for v in data.views)
        title = (
            f"{data.year}年度巾帼文明岗申报：共 {len(data.views)} 个岗位，"
            f"不符合硬性条件 {flagged} 个；显示 {len(self.shown)} 个"
        )
        if self.only_flagged:
            title += "（只看不符条件，x 取消）"
        self.query_one("#posts-title", Static).update(title)
        if self.shown:
            table.move_cursor(row=min(max(row, 0), len(self.shown) - 1))
            self._detail(table.cursor_row)
        else:
            empty = "没有符合筛选条件的岗位。" if data.views else "本年度还没有申报岗位。"
            hint = "" if data.views else "用 xiaoneng posts import 文件 导入申报表。"
            self.query_one("#posts-detail", Static).update(empty + hint)

    @on(Input.Changed, "#posts-search")
    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#posts-search")
    def _search_done(self) -> None:
        self.typing_to_table()

    @on(DataTable.RowHighlighted, "#posts")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail(event.cursor_row)

    def _detail(self, row: int) -> None:
        if not 0 <= row < len(self.shown):
            return
        v = self.shown[row]
        p = v.post
        text = Text()
        text.append(f"{p.name}", style="bold")
        text.append(f"　{p.organisation}　{p.sector}　{p.district}　申报{p.level}\n")
        text.append(f"负责人：{p.leader} {p.phone}　已获称号：{format_titles(p.titles)}\n")
        if v.flagged:
            text.append("不符合：" + "；".join(v.failed), style="bold red")
        else:
            text.append("硬性条件均符合。", style="green")
        self.query_one("#posts-detail", Static).update(text)

    @on(DataTable.RowSelected, "#posts")
    def _open(self, event: DataTable.RowSelected) -> None:
        self.xapp.go("post", str(event.row_key.value))

    def action_search(self) -> None:
        if self.typing is not None:
            self.typing.focus(self.query_one("#posts-search", Input))

    def action_flagged(self) -> None:
        self.only_flagged = not self.only_flagged
        self._fill()

    def action_year(self) -> None:
        data = self.data
        if data is None or not data.years:
            return
        years = sorted(set(data.years) | {data.year})
        self.year = years[(years.index(data.year) + 1) % len(years)]
        self.action_reload()
