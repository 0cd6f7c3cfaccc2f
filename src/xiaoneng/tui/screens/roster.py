"""人员名册: find, add, edit, deactivate people and reset PINs (office only).

Tens of thousands of people: the screen opens at once, a worker shows the
first page and then everyone (roster_rows.read_roster). Every keystroke
filters the search keys in memory (debounced); the table takes the matches a
screenful at a time as the cursor or the view goes down (PagedDataTable),
their cells made only then, and the line above it counts them all.
"""

from __future__ import annotations

import threading

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import DataTable, Header, Input, Select, Static

from xiaoneng.errors import XiaonengError
from xiaoneng.model.people import Person, RosterEntry, Unit
from xiaoneng.services.roster import new_person
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.dialogs.confirm import ConfirmScreen
from xiaoneng.tui.dialogs.person_form import PersonFields, PersonFormScreen
from xiaoneng.tui.dialogs.pin_reveal import PinRevealScreen
from xiaoneng.tui.dialogs.roster_import import ImportDone, RosterImportDialog
from xiaoneng.tui.keyboard import FieldKeys
from xiaoneng.tui.screens.roster_rows import (
    EVERYONE,
    PAGE,
    SOUNDS,
    RosterData,
    count_text,
    import_note,
    matching,
    pin_question,
    plain_keys,
    put_person,
    read_roster,
    row_of,
    rows_of,
    search_key,
    toggle_question,
)
from xiaoneng.tui.widgets.footer import Footer
from xiaoneng.tui.widgets.paged_table import Paged, PagedDataTable

__all__ = ["PAGE", "RosterScreen"]

DEBOUNCE = 0.1  # seconds of quiet typing before the table is filtered


class RosterScreen(BaseScreen[None]):
    CSS_PATH = "../css/roster.tcss"
    ROLES = ("admin",)
    DOING = "管理人员名册"
    MESSAGE = "#roster-message"
    BINDINGS = [
        Binding("escape", "back", "返回"),
        Binding("slash,ctrl+f", "focus_search", "查找"),
        Binding("u", "focus_unit", "单位", show=False),
        Binding("a", "add", "新增"),
        Binding("e", "edit", "修改"),
        Binding("d", "toggle_active", "停用/启用"),
        Binding("p", "reset_pin", "重置PIN"),
        Binding("s", "studies", "学习测验"),
        Binding("i", "import_file", "导入"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._list: list[RosterEntry] = []  # everyone read, by unit then 工号
        self._keys: list[str] | None = None  # what a search matches of each (made at need)
        self._units: list[Unit] = []
        self._names: dict[str, str] = {}  # unit id -> name
        self._timer: Timer | None = None
        self._founded = ""
        self.stage = 0  # how far the roster has been read (FIRST, EVERYONE, SOUNDS)
        self._reading = 0
        self._drawn = threading.Event()
        self._sounding = 0  # the read whose pinyin search keys are being built
        self._touched: dict[str, RosterEntry] = {}  # changed here while the roster was read
        self.found: list[RosterEntry] = []  # who the search and unit match, in order
        self._letters = False  # the search has letters (pinyin keys may be wanted)
        # / and a name typed in one burst, even while the screen opens, land in the box.
        keys = {"slash": self.action_focus_search, "ctrl+f": self.action_focus_search}
        self.typing = FieldKeys(self, ["#roster-search"], self._search_done, shortcuts=keys)

    def compose_body(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="roster-filters"):
            yield Input(
                placeholder="查找：工号、姓名或单位（/ 键）", id="roster-search", compact=True
            )
            yield Select([], prompt="全部单位", id="roster-unit", compact=True)
        yield Static("正在读取人员名册...", id="roster-count", classes="muted")
        yield PagedDataTable(id="roster-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="roster-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        if self.denied:
            self.typing = None
            return
        table = self.query_one("#roster-table", DataTable)
        table.add_columns("工号", "姓名", "单位", "职务", "角色", "状态")
        if self.typing is not None:
            self.typing.start(table)
        self._read()

    def _read(self) -> None:
        core = self.core
        self._reading += 1
        self.stage, reading, self._touched = 0, self._reading, {}
        drawn = self._drawn = threading.Event()  # the first page is on the screen
        early = self._early
        self.load(lambda: read_roster(core, reading, early, drawn), self._loaded)

    def _early(self, data: RosterData) -> None:
        self.show_from_thread(data, self._loaded)

    def _want_sounds(self) -> None:
        """A search in letters: the pinyin of every name into the search keys (once)."""
        if self.stage != EVERYONE or self._sounding == self._reading:
            return
        self._sounding = reading = self._reading
        people, units, at = list(self._list), self._units, self._founded  # a copy: _put
        self.load(lambda: rows_of(people, units, at, SOUNDS, reading), self._loaded, group="sounds")

    @property
    def complete(self) -> bool:  # everyone read, not only the first page
        return self.stage >= EVERYONE

    def _loaded(self, msg: RosterData) -> None:
        if msg.reading != self._reading or msg.stage <= self.stage:
            return  # from an earlier read of the roster
        self._set_units(msg.units)
        self._list, self._keys = msg.people, msg.keys
        self._founded, self.stage = msg.founded, msg.stage
        for person in self._touched.values():  # saved here while the roster was read
            self._put(person)
        if not self._behind():
            self._touched = {}
        self.refilter()
        if msg.unfinished:  # an import cut off part way: the roster is not whole
            self.say(msg.unfinished)
        self.call_after_refresh(self._drawn.set)

    def _behind(self) -> bool:
        """A worker may still hand over people read before a change made here."""
        return self.stage < EVERYONE or self.stage < SOUNDS and self._sounding == self._reading

    def _set_units(self, units: list[Unit]) -> None:
        if units == self._units:
            return
        self._units = units
        self._names = {u.id: u.name for u in units}
        select = self.query_one("#roster-unit", Select)
        keep = select.value
        select.set_options([(u.name, u.id) for u in units if u.active])
        if keep != Select.NULL and any(u.id == keep for u in units):
            select.value = keep

    # -- filtering ---------------------------------------------------------------

    @on(Input.Changed, "#roster-search")
    def _typed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self.refilter)

    @on(Input.Submitted, "#roster-search")
    def _search_done(self, _event: object = None) -> None:
        self.refilter()
        self._focus(self.query_one("#roster-table", DataTable))

    def _focus(self, widget: Widget) -> None:
        """Focus `widget` in order with the keys typed (see tui/keyboard.py)."""
        if self.typing is not None:
            self.typing.focus(widget)
        else:
            widget.focus()

    @on(Select.Changed, "#roster-unit")
    def _unit_chosen(self) -> None:
        self.refilter()

    def refilter(self) -> None:
        self._timer = None
        query = self.query_one("#roster-search", Input).value
        if letters := any("a" <= ch <= "z" for ch in query.casefold()):
            self._want_sounds()
        self._letters = letters
        unit = self.query_one("#roster-unit", Select).value
        if self._keys is None and query.strip():  # the first search makes the keys
            self._keys = plain_keys(self._list, self._names)
        found = matching(self._list, self._keys, query, None if unit == Select.NULL else str(unit))
        table = self.query_one("#roster-table", PagedDataTable)
        current, before = self._current_id(), table.loaded
        self.found = found
        wide = self.app.size.width >= 110
        row = row_of(found, self._names, self.core.now(), wide=wide, founded=self._founded)
        with self.app.batch_update():
            table.show(len(found), row)
            # The cursor stays on the person it was on, if they were in the table.
            at = next((i for i, p in enumerate(found[:before]) if p.id == current), None)
            if at is not None:
                self._move_to(at)
        self._count()

    @on(Paged.Grown, "#roster-table")
    def _count(self) -> None:
        table = self.query_one("#roster-table", PagedDataTable)
        sounds = self._letters and self.stage == EVERYONE  # until then letters match 工号 and units
        text = count_text(len(self._list), len(self.found), table.loaded, self.complete, sounds)
        self.query_one("#roster-count", Static).update(text)

    def _move_to(self, at: int) -> None:
        table = self.query_one("#roster-table", PagedDataTable)
        table.want(at)
        table.move_cursor(row=at)

    def _put(self, person: RosterEntry) -> None:
        """Put one person's row in place (no re-read of thousands of people)."""
        key = search_key(person, self._names, sounds=self.stage == SOUNDS)
        put_person(self._list, self._keys, person, key)

    def _current_id(self) -> str | None:
        row = self.query_one("#roster-table", DataTable).cursor_row  # row i is found[i]
        return self.found[row].id if row < len(self.found) else None

    def _current(self) -> RosterEntry | None:
        row = self.query_one("#roster-table", DataTable).cursor_row
        person = self.found[row] if row < len(self.found) else None
        if person is None:
            self.say("请先在名册中选中一个人。")
        return person

    def action_back(self) -> None:
        """Esc clears the search first; with nothing typed it leaves the roster."""
        if self.denied is None and (search := self.query_one("#roster-search", Input)).value:
            search.value = ""
            self.refilter()
            return
        self.app.pop_screen()

    def action_focus_search(self) -> None:
        self._focus(self.query_one("#roster-search", Input))

    def action_focus_unit(self) -> None:
        self.query_one("#roster-unit", Select).focus()

    def on_key(self, event: events.Key) -> None:
        # Down from the search box goes to the results, as Enter does.
        if event.key == "down" and getattr(self.focused, "id", None) == "roster-search":
            self._focus(self.query_one("#roster-table", DataTable))
            event.stop()

    # -- changes -----------------------------------------------------------------

    def action_add(self) -> None:
        core, user = self.core, self.user

        def save(f: PersonFields) -> tuple[Person, str]:
            person = new_person(f.id, f.name, f.unit, f.position, f.roles)
            return core.roster.add(user, person, new_unit=f.new_unit)

        self.app.push_screen(PersonFormScreen(self._active_units(), save), self._added)

    def _added(self, result: tuple[Person, str] | None) -> None:
        if not result:
            return
        person, pin = result
        self._changed(person, f"已新增 {person.name}（{person.id}）。")
        self.app.push_screen(PinRevealScreen(person, pin, reason="新增人员"))

    @on(DataTable.RowSelected, "#roster-table")
    def action_edit(self) -> None:
        person = self._current()
        if person is None:
            return
        core, user = self.core, self.user

        def save(f: PersonFields) -> Person:
            return core.roster.edit(
                user,
                person.id,
                name=f.name,
                unit=f.unit,
                position=f.position,
                roles=f.roles,
                new_unit=f.new_unit,
            )

        def done(result: Person | None) -> None:
            if result is not None:
                self._changed(result, f"已保存 {result.name}（{result.id}）的修改。")

        self.app.push_screen(PersonFormScreen(self._active_units(), save, person), done)

    def _active_units(self) -> list[Unit]:
        return [u for u in self._units if u.active]

    def action_import_file(self) -> None:
        self.app.push_screen(RosterImportDialog(), self._imported)

    def _imported(self, done: ImportDone | None) -> None:
        if done is None:
            return
        self.say(import_note(done), error=False)
        self._read()  # many rows changed: read the roster again

    def action_toggle_active(self) -> None:
        person = self._current()
        if person is None:
            return
        title, verb, text = toggle_question(person)

        def answered(yes: bool | None) -> None:
            if yes:
                self.say(f"正在{verb}...", error=False)
                self._set_active(person.id, not person.active, verb)

        self.app.push_screen(ConfirmScreen(title, text, verb), answered)

    def _set_active(self, person_id: str, active: bool, verb: str) -> None:
        core, user = self.core, self.user
        self.load(
            lambda: core.roster.set_active(user, person_id, active),
            lambda p: self._changed(p, f"已{verb} {p.name}（{p.id}）。"),
            failed=self._failed,
            group="write",
        )

    def action_studies(self) -> None:
        """The person's studies: reset quiz attempts, record a paper test, read attempts."""
        person = self._current()
        if person is not None:
            self.xapp.go("person_study", person.id)

    def action_reset_pin(self) -> None:
        person = self._current()
        if person is None:
            return
        text = pin_question(person)

        def answered(yes: bool | None) -> None:
            if yes:
                self.say("正在重置 PIN...", error=False)
                self._reset_pin(person.id)

        self.app.push_screen(ConfirmScreen("重置 PIN", text, "重置"), answered)

    def _reset_pin(self, person_id: str) -> None:
        core, user = self.core, self.user

        def reset() -> tuple[Person, str]:
            pin = core.roster.reset_pin(user, person_id)
            return core.roster.require(person_id), pin

        self.load(reset, self._pin_reset, failed=self._failed, group="write")

    def _pin_reset(self, result: tuple[Person, str]) -> None:
        person, pin = result
        self._changed(person, f"已为 {person.name}（{person.id}）重置 PIN。")
        self.app.push_screen(PinRevealScreen(person, pin, reason="重置 PIN"))

    def _failed(self, err: XiaonengError) -> None:
        self.say(err)
        self.app.notify(str(err), severity="error")

    def _changed(self, person: Person, note: str) -> None:
        """Update one row in place (no re-read of thousands of people)."""
        self.say(note, error=False)
        if self.user.id == person.id:
            self.xapp.refresh_user()
            if not self.user.is_admin or not self.user.active:
                # Took away their own office rights: nothing here is theirs any more.
                self.app.notify("你已不再是在用的管理员，已回到首页。", severity="warning")
                self.xapp.show_home()
                return
        if person.unit not in self._names:
            self._set_units(self.core.org.units(include_inactive=True))
        entry = RosterEntry.of(person)
        if self._behind():
            self._touched[person.id] = entry  # kept when the rest of the roster comes
        self._put(entry)
        self.refilter()
        if not any(p.id == person.id for p in self.found):
            # The search or the unit filter hides them: show everyone, so the
            # person just added or changed is there to see.
            self.query_one("#roster-search", Input).value = ""
            self.query_one("#roster-unit", Select).clear()
            self.refilter()
        at = next((i for i, p in enumerate(self.found) if p.id == person.id), None)
        if at is not None:
            self._move_to(at)
