"""One commitment letter: the full text filled from the roster, and signing
it with the PIN. A signed letter shows the exact text that was signed, when,
and the short hash of its ledger entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from xiaoneng.checklists.numerals import to_chinese
from xiaoneng.errors import XiaonengError
from xiaoneng.model.checklist import FilledLetter, LetterTemplate
from xiaoneng.model.dates import BLANK_DATE, cn_date
from xiaoneng.model.records import Letter
from xiaoneng.services.ledger import short
from xiaoneng.tui.base import BaseScreen
from xiaoneng.tui.dialogs.pin_confirm import PinConfirmScreen
from xiaoneng.tui.format import when
from xiaoneng.tui.widgets.footer import Footer


def letter_body(text: FilledLetter | Letter, *, unit: str, signer: str, date: str) -> Group:
    """Title, preamble, numbered clauses, term, closing and the signature lines.
    `text` is a FilledLetter or a signed Letter (same fields)."""
    parts = [Text(text.title, style="bold", justify="center"), Text("")]
    parts.append(Text("　　" + text.preamble))
    for i, clause in enumerate(text.clauses, 1):
        parts.append(Text(f"　　{to_chinese(i)}、{clause}"))
    if text.term:
        parts.append(Text("　　" + text.term))
    if text.closing:
        parts.append(Text("　　" + text.closing))
    parts.append(Text(""))
    parts.append(Text(f"承诺单位：{unit}", justify="right"))
    parts.append(Text(f"承诺人（签字）：{signer}", justify="right"))
    parts.append(Text(f"日期：{date}", justify="right"))
    return Group(*parts)


Signed = tuple[Letter, dict[str, Any]]  # a signed letter and its ledger entry
Signature = tuple[Letter, dict[str, Any] | None]  # as found later (the entry may be missing)


@dataclass(frozen=True)
class LetterData:
    """The letter as this person reads it, read in a worker."""

    template: LetterTemplate
    reading: FilledLetter  # the text to read (and sign)
    refusal: str | None  # why the person may not sign it
    signature: Signature | None  # what they signed this year
    unit_name: str  # the person's unit
    signed_unit: str  # the unit named in the signed letter


class LetterScreen(BaseScreen[None]):
    CSS_PATH = "../css/letter.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "返回"),
        Binding("s", "sign", "签署"),
    ]

    def __init__(self, template_id: str):
        super().__init__()
        self.template_id = template_id
        self.template: LetterTemplate | None = None
        self.refusal: str | None = None
        self.signature: Signature | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("正在读取…", id="letter-head", classes="whoami")
        with VerticalScroll(id="letter-scroll"):
            yield Static("", id="letter-text")
        yield Static("", id="letter-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#letter-scroll").focus()
        self.reload()

    @property
    def signed_current(self) -> bool:
        """Signed this year, on the template's current version."""
        return bool(
            self.signature
            and self.template
            and self.signature[0].template["version"] == self.template.version
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "sign":
            return self.template is not None and self.refusal is None and not self.signed_current
        return True

    def reload(self) -> None:
        core, user, template_id = self.core, self.user, self.template_id

        def read() -> LetterData:
            template = core.letters.template(template_id)
            signature = core.letters.signature(user, template.id)
            return LetterData(
                template=template,
                reading=core.letters.reading(user, template.id),
                refusal=core.letters.refusal(user, template.id),
                signature=signature,
                unit_name=core.org.name_of(user.unit),
                signed_unit=core.org.name_of(signature[0].unit) if signature else "",
            )

        self.load(read, self._loaded, failed=self._failed)

    def _failed(self, err: XiaonengError) -> None:
        self.query_one("#letter-head", Static).update("无法打开承诺书")
        self.query_one("#letter-status", Static).update(Text(str(err), style="bold red"))

    def _loaded(self, msg: LetterData) -> None:
        status = self.query_one("#letter-status", Static)
        self.template, self.refusal, self.signature = msg.template, msg.refusal, msg.signature
        t, user = msg.template, self.user
        head = Text()
        head.append(t.title, style="bold")
        head.append(f"　第 {t.version} 版\n依据{t.source.label()}")
        self.query_one("#letter-head", Static).update(head)

        if self.signature is not None and self.signed_current:
            letter, entry = self.signature
            body = letter_body(
                letter,
                unit=msg.signed_unit,
                signer=f"{user.name}（已用 PIN 签署）",
                date=cn_date(letter.signed_at),
            )
            line = Text("已签署：", style="bold green")
            line.append(when(letter.signed_at))
            if entry:
                line.append(f"　台账哈希 {short(entry['hash'])}")
        else:
            signer = user.name if self.refusal is None else "________"
            body = letter_body(msg.reading, unit=msg.unit_name, signer=signer, date=BLANK_DATE)
            if self.refusal:
                line = Text("仅供阅读：", style="bold")
                line.append(self.refusal, style="yellow")
            elif self.signature:
                old, _ = self.signature
                line = Text("需重新签署：", style="bold yellow")
                line.append(
                    f"本年度已签第 {old.template['version']} 版（{when(old.signed_at)}），"
                    f"模板已更新为第 {t.version} 版。按 s 输入 PIN 签署新版。"
                )
            else:
                line = Text("未签署：", style="bold red")
                line.append("请阅读全文，按 s 输入 PIN 签署。")
        self.query_one("#letter-text", Static).update(body)
        status.update(line)
        self.refresh_bindings()

    def action_sign(self) -> None:
        if self.refusal:
            self.query_one("#letter-status", Static).update(Text(self.refusal, style="bold red"))
            return
        core, user, t = self.core, self.user, self.template
        if t is None:
            return
        year = core.today().year
        self.app.push_screen(
            PinConfirmScreen(
                "签署承诺书",
                f"《{t.title}》{year}年度（第 {t.version} 版）。\n签署后记入台账，不能撤回。",
                lambda pin: core.letters.sign_letter(user, t.id, pin),
            ),
            self._signed,
        )

    def _signed(self, result: Signed | None) -> None:
        if not result:
            return
        _letter, entry = result
        self.app.notify(f"承诺书已签署，台账哈希 {short(entry['hash'])}。")
        self.reload()
