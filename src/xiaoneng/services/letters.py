"""Commitment letters (承诺书): who must sign what, and the signed letters.

A unit-scope letter (e.g. 安全生产承诺书) is signed once a year by the unit's
head; a person-scope letter by each person holding the signing role. The
signed record keeps the exact filled-in text and the template's version, so
a new version of the template shows the letter as needing to be signed again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xiaoneng.errors import OperationError, PermissionDenied, UserError
from xiaoneng.model.checklist import FilledLetter, LetterTemplate
from xiaoneng.model.dates import BLANK_DATE, cn_date, cn_datetime
from xiaoneng.model.people import ROLE_LABELS, Person
from xiaoneng.model.records import Letter
from xiaoneng.store import Txn
from xiaoneng.store.repos.letters import letter_key

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
    def of(
        cls,
        template: LetterTemplate,
        year: int,
        unit: str,
        signer: Person | None,
        signed: Letter | None,
    ) -> LetterDue:
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
            for t in self.templates():
                for signer in self._signers(t, unit):
                    out.append(LetterDue.of(t, year, unit, signer, self._latest(t, year, signer)))
            return out
        summaries = self.core.repos.units.summaries(year)
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
        return [
            LetterDue.of(t, year, person.unit, person, self._latest(t, year, person)) for t in mine
        ]

    def _latest(self, template: LetterTemplate, year: int, signer: Person) -> Letter | None:
        found = self.core.repos.letters.latest(template.id, year, signer.id, signer.unit)
        return found[0] if found else None

    def sign_letter(
        self, person: Person, template_id: str, pin: str, year: int | None = None
    ) -> tuple[Letter, dict[str, Any]]:
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
    ) -> tuple[Letter, dict[str, Any] | None] | None:
        """The person's latest signed letter of this template this year (any
        version), and the ledger entry that signed it."""
        template = self.template(template_id)
        year = year or self.core.today().year
        found = self.core.repos.letters.latest(template.id, year, person.id, person.unit)
        if found is None:
            return None
        letter, seq = found
        return letter, self.core.ledger.entry(seq)

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
        self, txn: Txn, person: Person, template: LetterTemplate, year: int
    ) -> tuple[Letter, dict[str, Any]]:
        now = self.core.now()
        repo = self.core.repos.letters
        key = letter_key(template.id, year, person.id, template.version)
        old = repo.get_txn(txn, key, year, person.unit)
        if old is not None:
            raise OperationError(
                f"《{template.title}》{year}年度已签署（{cn_datetime(old.signed_at)}）。"
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
            ref=repo.letter_ref_txn(txn, key, year, person.unit),
            record=letter.to_dict(),
        )
        return letter, entry
