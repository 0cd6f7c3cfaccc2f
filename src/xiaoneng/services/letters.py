"""Commitment letters (承诺书): who must sign what, and the signed letters.

A unit-scope letter (e.g. 安全生产承诺书) is signed once a year by the unit's
head; a person-scope letter by each person holding the signing role. The
signed record keeps the exact filled-in text and the template's version, so
a new version of the template shows the letter as needing to be signed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from xiaoneng.errors import OperationError, PermissionDenied, UserError
from xiaoneng.model.checklist import FilledLetter, LetterTemplate
from xiaoneng.model.dates import BLANK_DATE, cn_date
from xiaoneng.model.people import ROLE_LABELS, Person
from xiaoneng.model.records import Letter
from xiaoneng.services import unitdata as ud
from xiaoneng.services.study import ledger_entry

if TYPE_CHECKING:
    from xiaoneng.services.core import Core


@dataclass(frozen=True)
class LetterDue:
    template: LetterTemplate
    year: int
    unit: str
    signer: Person | None  # who must sign (None: the unit has no one in the role)
    signed: Letter | None  # the latest signed letter (None in overviews built from summaries)
    version: str | None = None  # the template version last signed, if any
    signed_at: str | None = None

    @classmethod
    def of(cls, template, year, unit, signer, signed: Letter | None) -> LetterDue:
        version = signed.template["version"] if signed else None
        return cls(
            template, year, unit, signer, signed, version, signed.signed_at if signed else None
        )

    @property
    def state(self) -> str:
        if self.version is None:
            return "unsigned"
        return "signed" if self.version == self.template.version else "resign"

    @property
    def label(self) -> str:
        return {"unsigned": "未签署", "signed": "已签署", "resign": "需重新签署"}[self.state]


def letter_key(template: LetterTemplate, year: int, signer: str) -> str:
    # The version is part of the key: re-signing a new version adds a record
    # and leaves the earlier signature (and its ledger entry) as it was.
    return f"{template.id}:{year}:{signer}:{template.version}"


def latest_doc(letters: dict, template: LetterTemplate, year: int, signer: str) -> dict | None:
    """The signer's latest stored letter of `template` that year, any version."""
    prefix = f"{template.id}:{year}:{signer}:"
    mine = [d for k, d in letters.items() if k.startswith(prefix)]
    return max(mine, key=lambda d: (d["signed_at"], d.get("seq", 0))) if mine else None


def latest(letters: dict, template: LetterTemplate, year: int, signer: str) -> Letter | None:
    doc = latest_doc(letters, template, year, signer)
    return Letter.from_dict(doc) if doc else None


class LetterService:
    def __init__(self, core: Core):
        self.core = core

    def templates(self) -> list[LetterTemplate]:
        return self.core.catalogue.letters()

    def template(self, template_id: str) -> LetterTemplate:
        t = self.core.catalogue.get(template_id)
        if not isinstance(t, LetterTemplate):
            raise UserError(f"承诺书模板 {template_id} 不存在。")
        return t

    def fill(
        self, template: LetterTemplate, signer: Person, year: int, date: str = ""
    ) -> FilledLetter:
        return template.fill(
            unit=self.core.org.name_of(signer.unit),
            signer=signer.name,
            position=signer.position,
            year=str(year),
            date=date or BLANK_DATE,
            agency=self.core.agency().get("name", ""),
        )

    def _signers(self, template: LetterTemplate, unit: str) -> list[Person]:
        people = [p for p in self.core.roster.people(unit=unit) if p.has(template.signer_role)]
        return people[:1] if template.scope == "unit" else people

    def due(self, *, unit: str | None = None, year: int | None = None) -> list[LetterDue]:
        """Every letter that should exist this year, signed or not.

        For one unit, with the signed letters themselves; for all units, from
        the per-unit summaries (state, version and time only), so the office's
        overview does not read every unit's records."""
        year = year or self.core.today().year
        out: list[LetterDue] = []
        if unit is not None:
            letters = ud.unit_tables(self.core.store, year, unit).get(ud.LETTERS, {})
            for t in self.templates():
                for signer in self._signers(t, unit):
                    out.append(
                        LetterDue.of(t, year, unit, signer, latest(letters, t, year, signer.id))
                    )
            return out
        summaries = ud.summaries(self.core.store, year)
        for u in self.core.org.units():
            s = summaries.get(u.id, {})
            for t in self.templates():
                versions = s.get("letters", {}).get(t.id, {})
                times = s.get("letter_times", {}).get(t.id, {})
                for signer in self._signers(t, u.id):
                    out.append(
                        LetterDue(
                            t,
                            year,
                            u.id,
                            signer,
                            None,
                            versions.get(signer.id),
                            times.get(signer.id),
                        )
                    )
        return out

    def for_person(self, person: Person, year: int | None = None) -> list[LetterDue]:
        """The letters this person must sign. Only a unit-scope letter needs the
        unit's members (is this person its head?), so staff never pay for that."""
        year = year or self.core.today().year
        mine = [
            t
            for t in self.templates()
            if person.has(t.signer_role)
            and (
                t.scope == "person" or [p.id for p in self._signers(t, person.unit)] == [person.id]
            )
        ]
        if not mine:
            return []
        letters = ud.unit_tables(self.core.store, year, person.unit).get(ud.LETTERS, {})
        return [
            LetterDue.of(t, year, person.unit, person, latest(letters, t, year, person.id))
            for t in mine
        ]

    def sign_letter(
        self, person: Person, template_id: str, pin: str, year: int | None = None
    ) -> tuple[Letter, dict]:
        template = self.template(template_id)
        year = year or self.core.today().year
        self._require_signer(person, template)
        self.core.auth.confirm(person, pin)
        with self.core.store.transaction() as txn:
            return self.sign_letter_txn(txn, person, template, year)

    def _require_signer(self, person: Person, template: LetterTemplate) -> None:
        if not person.has(template.signer_role):
            raise PermissionDenied(
                f"《{template.title}》须由{ROLE_LABELS.get(template.signer_role, template.signer_role)}签署，"
                f"{person.name}无权签署。"
            )
        # By id: the Person passed in may be an older copy (e.g. before a wrong
        # PIN changed its try count), and dataclass equality compares every field.
        signers = {p.id for p in self._signers(template, person.unit)}
        if template.scope == "unit" and person.id not in signers:
            raise PermissionDenied(f"《{template.title}》由本单位主要负责人签署。")

    def refusal(self, person: Person, template_id: str) -> str | None:
        """The message `sign` would refuse `person` with, asked before the PIN
        (None: they may sign, unless it is already signed this year)."""
        try:
            self._require_signer(person, self.template(template_id))
        except PermissionDenied as err:
            return str(err)
        return None

    def signature(
        self, person: Person, template_id: str, year: int | None = None
    ) -> tuple[Letter, dict | None] | None:
        """The person's latest signed letter of this template this year (any
        version), and the ledger entry that signed it."""
        template = self.template(template_id)
        year = year or self.core.today().year
        letters = ud.unit_tables(self.core.store, year, person.unit).get(ud.LETTERS, {})
        d = latest_doc(letters, template, year, person.id)
        if d is None:
            return None
        return Letter.from_dict(d), ledger_entry(self.core.store, d.get("seq"))

    def reading(self, person: Person, template_id: str, year: int | None = None) -> FilledLetter:
        """The letter as `person` should read it: filled for them when they sign
        it; a unit letter they do not sign, filled for the unit's signer."""
        template = self.template(template_id)
        year = year or self.core.today().year
        signer = person
        if template.scope == "unit" and self.refusal(person, template_id):
            signer = next(iter(self._signers(template, person.unit)), person)
        return self.fill(template, signer, year)

    def sign_letter_txn(
        self, txn, person: Person, template: LetterTemplate, year: int
    ) -> tuple[Letter, dict]:
        now = self.core.now()
        part = ud.touch(txn, year, person.unit)
        key = letter_key(template, year, person.id)
        old = txn.get(part, ud.LETTERS, key)
        if old is not None:
            raise OperationError(
                f"《{template.title}》{year}年度已签署（{old['signed_at'][:16]}）。"
            )
        filled = self.fill(template, person, year, cn_date(now.date()))
        letter = Letter(
            id=key,
            template=template.ref().to_dict(),
            year=year,
            unit=person.unit,
            signer=person.id,
            title=filled.title,
            preamble=filled.preamble,
            clauses=filled.clauses,
            term=filled.term,
            closing=filled.closing,
            signed_at=now.isoformat(timespec="seconds"),
        )
        entry = self.core.ledger.sign_txn(
            txn,
            actor=person.id,
            action="letter.sign",
            time=letter.signed_at,
            part=part,
            table=ud.LETTERS,
            key=key,
            record=letter.to_dict(),
        )
        return letter, entry
