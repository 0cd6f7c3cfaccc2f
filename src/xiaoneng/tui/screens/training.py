"""巾帼文明岗 training class (培训班): its days, place and timetable, and each
participant's attendance across the class with the completion mark (结业).
k opens the sign-in kiosk at the door; n shows the year's next class."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from xiaoneng.model.dates import cn_date, cn_date_range
from xiaoneng.model.training import (
    PARTICIPANT_ROLES,
    SLOTS,
    Participant,
    ParticipantRecord,
    TrainingClass,
)
from xiaoneng.services.posts import MANAGE, VIEW
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.dialogs.jinguo_form import Field, JinguoFormDialog
from xiaoneng.tui.screens.training_forms import class_form, course_form, participant_form
from xiaoneng.tui.widgets.cell_text import clip
from xiaoneng.tui.widgets.footer import Footer


@dataclass(frozen=True)
class ClassData:
    classes: list[TrainingClass]
    training: TrainingClass | None
    records: list[ParticipantRecord]
    post_names: dict[str, str]
    helpers: list[str]  # names of the door helpers


class TrainingScreen(BaseScreen[None]):
    CSS_PATH = "../css/training.tcss"
    ROLES = VIEW
    DOING = "查看巾帼文明岗培训班"
    MESSAGE = "#class-message"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("k", "kiosk", "门口签到"),
        Binding("a", "new_class", "新建培训班", show=False),
        Binding("e", "edit_class", "修改培训班", show=False),
        Binding("o", "add_course", "加课程"),
        Binding("p", "enrol", "登记负责人"),
        Binding("i", "add_participant", "加学员"),
        Binding("h", "helpers", "门口协助人员", show=False),
        Binding("t", "switch_tab", "课程表"),
        Binding("n", "next_class", "下一个培训班", show=False),
        Binding("f5", "reload", "刷新", show=False),
    ]

    def __init__(self, class_id: str = "") -> None:
        super().__init__()
        self.class_id = class_id
        self.data: ClassData | None = None

    def compose_body(self) -> ComposeResult:
        yield Header()
        yield Static("正在读取…", id="class-info", classes="whoami")
        with TabbedContent(id="class-tabs"):
            with TabPane("学员出勤", id="tab-roll"):
                yield Static("", id="roll-summary")
                yield DataTable(id="class-roll", cursor_type="row", zebra_stripes=True)
            with TabPane("课程表", id="tab-timetable"):
                yield DataTable(id="class-courses", cursor_type="row", zebra_stripes=True)
        yield Static("", id="class-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        if self.denied is not None:
            return
        roll = self.query_one("#class-roll", DataTable)
        roll.add_columns("姓名", "岗位或单位", "出勤", "结业", "类别", "缺必修课", "手机")
        courses = self.query_one("#class-courses", DataTable)
        courses.add_columns("日期", "时段", "课程", "主讲", "必修", "到课")
        roll.focus()

    def on_screen_resume(self) -> None:
        if self.denied is None:
            self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.denied is not None:
            return super().check_action(action, parameters)
        training = self.data.training if self.data else None
        if action == "kiosk":
            return training is not None and self.core.training_signin.may_confirm(
                self.user, training
            )
        if action == "next_class":
            return self.data is not None and len(self.data.classes) > 1
        if action == "new_class":
            return self.manages
        if action in ("edit_class", "add_course", "enrol", "add_participant", "helpers"):
            return self.manages and training is not None
        return True

    @property
    def manages(self) -> bool:
        return any(self.user.has(r) for r in MANAGE)

    def action_reload(self) -> None:
        core, user, wanted = self.core, self.user, self.class_id

        def read() -> ClassData:
            year = int(wanted[1:5]) if wanted[1:5].isdigit() else core.today().year
            classes = core.training.classes(user, year)
            if not classes and not wanted:
                years = core.posts.years()
                if years and max(years) != year:
                    classes = core.training.classes(user, max(years))
            training = next((c for c in classes if c.id == wanted), None)
            training = training or (classes[0] if classes else None)
            if training is None:
                return ClassData(classes, None, [], {}, [])
            records = core.training_signin.records(training)
            posts = {v.post.id: v.post.name for v in core.posts.posts(user, training.year)}
            helpers = [p.name for h in training.helpers if (p := core.roster.get(h))]
            return ClassData(classes, training, records, posts, helpers)

        self.load(read, self._loaded)

    def _loaded(self, data: ClassData) -> None:
        self.data = data
        t = data.training
        info = self.query_one("#class-info", Static)
        if t is None:
            info.update("本年度还没有巾帼文明岗培训班。" + ("按 a 新建。" if self.manages else ""))
            self.refresh_bindings()
            return
        self.class_id = t.id
        text = Text()
        text.append(t.title, style="bold")
        text.append(f"　{cn_date_range(t.start, t.end)}　{t.place}\n")
        text.append(f"共 {len(t.courses)} 门课程，必修 {len(t.compulsory())} 门")
        if data.helpers:
            text.append("　门口协助：" + "、".join(data.helpers))
        if self.manages:
            text.append("\na 新建培训班 · e 修改 · h 门口协助人员 · Enter 修改所选", style="dim")
        info.update(text)
        self._show_roll(data)
        self._show_courses(t, data.records)
        self.refresh_bindings()

    def _show_roll(self, data: ClassData) -> None:
        table = self.query_one("#class-roll", DataTable)
        row = table.cursor_row
        table.clear()
        total = len(data.training.courses) if data.training else 0
        done = 0
        for r in data.records:
            p = r.participant
            done += r.completed
            mark = Text("结业", style="green") if r.completed else Text("未结业", style="yellow")
            missed = "、".join(c.title for c in r.missed_compulsory)
            where = data.post_names.get(p.post, "") if p.post else p.organisation
            table.add_row(
                clip(p.name, 8),
                clip(where or p.organisation, 18),
                f"{r.attended}/{total}",
                mark,
                PARTICIPANT_ROLES.get(p.role, p.role),
                clip(missed, 24) or "-",
                p.phone,
                key=p.id,
            )
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
        self.query_one("#roll-summary", Static).update(
            f"学员 {len(data.records)} 人，已结业 {done} 人（参加全部必修课程）"
        )

    def _show_courses(self, t: TrainingClass, records: list[ParticipantRecord]) -> None:
        table = self.query_one("#class-courses", DataTable)
        table.clear()
        for c in t.timetable():
            came = sum(
                1
                for r in records
                for course, a in r.courses
                if course.id == c.id and a and a.present
            )
            table.add_row(
                cn_date(c.day, year=False),
                SLOTS.get(c.slot, c.slot),
                clip(c.title, 30),
                clip(c.speaker, 12),
                "必修" if c.compulsory else "选修",
                f"{came}/{len(records)}",
                key=c.id,
            )

    def action_switch_tab(self) -> None:
        tabs = self.query_one("#class-tabs", TabbedContent)
        tabs.active = "tab-timetable" if tabs.active == "tab-roll" else "tab-roll"

    def action_kiosk(self) -> None:
        if self.data and self.data.training:
            self.xapp.go("training_kiosk", self.data.training.id)

    # -- the office sets the class up ---------------------------------------------

    def _form(self, dialog: JinguoFormDialog, done: str) -> None:
        def closed(result: object) -> None:
            if result is not None:
                if isinstance(result, TrainingClass):
                    self.class_id = result.id
                self.app.notify(done)

        self.app.push_screen(dialog, closed)

    def action_new_class(self) -> None:
        self._form(class_form(self.core, self.user, None), "培训班已建立。按 o 添加课程。")

    def action_edit_class(self) -> None:
        if self.data and self.data.training:
            self._form(class_form(self.core, self.user, self.data.training), "培训班已修改。")

    def action_add_course(self) -> None:
        if self.data and self.data.training:
            self.query_one("#class-tabs", TabbedContent).active = "tab-timetable"
            dialog = course_form(self.core, self.user, self.data.training, None)
            self._form(dialog, "课程已加入课程表。")

    def action_add_participant(self) -> None:
        if self.data and self.data.training:
            dialog = participant_form(self.core, self.user, self.data.training, None)
            self._form(dialog, "学员已登记。")

    def action_helpers(self) -> None:
        t = self.data.training if self.data else None
        if t is None:
            return
        core, user = self.core, self.user
        field = Field("helpers", "工号", "，".join(t.helpers), "多人用逗号分开", 200)

        def save(v: dict[str, str]) -> TrainingClass:
            ids = [i for i in re.split(r"[,，、\s]+", v["helpers"]) if i]
            return core.training.update(user, t.id, helpers=ids)

        note = "除办公室和宣传部外，这些人员也可在门口确认签到（用本人 PIN）。"
        self._form(
            JinguoFormDialog("门口协助人员", [field], save, note=note), "门口协助人员已保存。"
        )

    def action_enrol(self) -> None:
        t = self.data.training if self.data else None
        if t is None:
            return
        core, user = self.core, self.user

        def enrolled(people: list[Participant]) -> None:
            self.say(f"已登记 {len(people)} 名申报岗位负责人为学员。", error=False)
            self.action_reload()

        self.load(lambda: core.training.enrol_posts(user, t.id), enrolled, group="save")

    @on(DataTable.RowSelected, "#class-courses")
    def _edit_course(self, event: DataTable.RowSelected) -> None:
        t = self.data.training if self.data else None
        course = t.course(str(event.row_key.value)) if t else None
        if t is not None and course is not None and self.manages:
            self._form(course_form(self.core, self.user, t, course), "课程已修改。")

    @on(DataTable.RowSelected, "#class-roll")
    def _edit_participant(self, event: DataTable.RowSelected) -> None:
        data = self.data
        if data is None or data.training is None or not self.manages:
            return
        pid = str(event.row_key.value)
        found = next((r.participant for r in data.records if r.participant.id == pid), None)
        if found is not None:
            self._form(participant_form(self.core, self.user, data.training, found), "学员已修改。")

    def action_next_class(self) -> None:
        data = self.data
        if data is None or data.training is None or len(data.classes) < 2:
            return
        ids = [c.id for c in data.classes]
        self.class_id = ids[(ids.index(data.training.id) + 1) % len(ids)]
        self.action_reload()
