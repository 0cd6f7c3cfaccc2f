"""The key line at the bottom of every screen: one widget that draws the
screen's keys, shown from the first frame.

Textual's Footer is a container of one widget per key. Each is styled, laid
out and drawn on its own, and the line is recomposed after every bindings
update: on a plain screen the eleven keys of the key line took a third of
the CPU of opening it (0.10 of 0.29 s). This one draws the same line as one
piece of text and follows binding changes by redrawing it, only when what it
shows changed. A click on a key presses it, as in Textual's; a disabled key
rings the bell. When the keys do not fit, they are drawn closer together
(Textual's compact style) and then those that still do not fit are left
out, never cut in half; the command palette's key keeps its place at the
right. Keys that Textual's own widgets
show (an open dropdown's Esc) are labelled in Chinese like ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import App
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget

# Textual's shown key descriptions (all of them in Textual 8: SelectOverlay's).
CHINESE = {"Dismiss menu": "收起列表"}


@dataclass(frozen=True, slots=True)
class Key:
    """One key as the line shows it."""

    key: str  # what a click presses (Binding.key)
    display: str  # what the line prints for it
    description: str
    enabled: bool
    tooltip: str = ""


@dataclass(frozen=True, slots=True)
class _Keys:
    """What the line shows: the keys, groups' descriptions after their keys,
    and the command palette's key."""

    items: tuple[Key | str, ...]  # a str is a group's description
    palette: Key | None


class Footer(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer--key", "footer--description", "footer--hover"}
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._keys = _Keys((), None)
        self._read = False
        self._spans: list[tuple[int, int, Key]] = []  # (start, end) columns of each drawn key
        self._hover: Key | None = None

    # What is shown

    def shown(self) -> list[Key]:
        """The keys the line shows, in order, the command palette's last."""
        self._refresh_keys()
        keys = [k for k in self._keys.items if isinstance(k, Key)]
        return keys + ([self._keys.palette] if self._keys.palette else [])

    def descriptions(self) -> list[str]:
        """Each shown key's label (a grouped key's is its group's)."""
        self._refresh_keys()
        items = [*self._keys.items, *([self._keys.palette] if self._keys.palette else [])]
        labels = [k.description if isinstance(k, Key) else k for k in items]
        return [label for label in labels if label]

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        # After every focus move or key that might change a binding; most
        # change nothing shown, and then nothing is drawn again. Read after
        # the refresh, as Textual's does: in between, a sign-out may have
        # left a screen that asks who is signed in.
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._reread)

    def _reread(self) -> None:
        if self.is_attached and self._refresh_keys(again=True):
            self.refresh()

    def _refresh_keys(self, *, again: bool = False) -> bool:
        """Read the screen's keys (once, or `again`); True if they changed."""
        if self._read and not again:
            return False
        try:
            keys = _read_keys(self.screen, self.app)
        except NoMatches:
            return False  # a widget the screen's check_action looks up is still being composed
        self._read = True
        if keys == self._keys:
            return False
        self._keys = keys
        return True

    # Drawing

    def render(self) -> Text:
        self._refresh_keys()
        width = self.size.width
        styles = (
            self.get_component_rich_style("footer--key"),
            self.get_component_rich_style("footer--description"),
            self.get_component_rich_style("footer--hover"),
        )
        palette = self._palette_text(styles)
        room = max(0, width - palette.cell_len)
        line, spans = self._line(styles, compact=False)
        if line.cell_len > room:
            line, spans = self._line(styles, compact=True)
        if line.cell_len > room:  # whole keys only: no label cut in half
            spans = [(a, b, k) for a, b, k in spans if b <= room]
            line.truncate(spans[-1][1] if spans else 0, overflow="crop")
        if palette.cell_len:
            line.pad_right(room - line.cell_len)
            start = line.cell_len + 1  # after the rule
            key = self._keys.palette
            assert key is not None
            spans.append((start, start + palette.cell_len - 1, key))
            line.append_text(palette)
        self._spans = spans
        line.stylize_before(self.rich_style)
        return line

    def _line(
        self, styles: tuple[Style, Style, Style], *, compact: bool
    ) -> tuple[Text, list[tuple[int, int, Key]]]:
        key_style, description_style, hover_style = styles
        text = Text(no_wrap=True, end="")
        spans: list[tuple[int, int, Key]] = []
        for item in self._keys.items:
            if isinstance(item, str):
                text.append(item + " ", description_style)
                continue
            start = text.cell_len
            piece = self._key_text(item, key_style, description_style, hover_style, compact)
            text.append_text(piece)
            spans.append((start, text.cell_len, item))
            if compact:
                text.append(" ")
        return text, spans

    def _key_text(
        self, key: Key, key_style: Style, description_style: Style, hover: Style, compact: bool
    ) -> Text:
        shown = f"{key.display}" if compact else f" {key.display} "
        piece = Text(shown, key_style + hover if key is self._hover else key_style)
        if key.description:
            after = f" {key.description}" if compact else f"{key.description} "
            piece.append(
                after, description_style + hover if key is self._hover else description_style
            )
        if not key.enabled:
            piece.stylize(Style(dim=True))
        return piece

    def _palette_text(self, styles: tuple[Style, Style, Style]) -> Text:
        key = self._keys.palette
        if key is None:
            return Text("")
        rule = Text("▏", Style(dim=True))
        rule.append_text(self._key_text(key, *styles, compact=False))
        return rule

    # Mouse

    def _key_at(self, x: int) -> Key | None:
        return next((k for a, b, k in self._spans if a <= x < b), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event.x)
        if key is not self._hover:
            self._hover = key
            self.tooltip = key.tooltip if key is not None and key.tooltip else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()


def _read_keys(screen: Screen, app: App[object]) -> _Keys:
    """The shown bindings of `screen`, one per action, groups kept together
    (Textual's rules), and the command palette's key (shown even when its
    binding's `show` is off)."""
    active = screen.active_bindings
    per_action: dict[str, list[tuple[Binding, bool, str]]] = {}
    for _node, binding, enabled, tooltip in active.values():
        if binding.show:
            per_action.setdefault(binding.action, []).append((binding, enabled, tooltip))
    items: list[Key | str] = []
    for group, runs in groupby(per_action.values(), lambda bs: bs[0][0].group):
        actions = list(runs)
        grouped = group is not None and len(actions) > 1
        for (binding, enabled, tooltip), *_ in actions:
            description = "" if grouped else CHINESE.get(binding.description, binding.description)
            items.append(
                _key(
                    app,
                    binding,
                    enabled,
                    tooltip or (binding.description if grouped else ""),
                    description,
                )
            )
        if grouped and group is not None:
            items.append(group.description)
    palette = None
    if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
        _node, binding, enabled, tooltip = active[app.COMMAND_PALETTE_BINDING]
        palette = _key(
            app, binding, enabled, binding.tooltip or binding.description, binding.description
        )
    return _Keys(tuple(items), palette)


def _key(app: App[object], binding: Binding, enabled: bool, tooltip: str, description: str) -> Key:
    return Key(binding.key, app.get_key_display(binding), description, enabled, tooltip)
