"""结业证书: one page for each participant who completed the 巾帼文明岗 class
(present, by 签到 or 补签, at every compulsory course).

Each page: the title, the participant and their organisation, the class and
its dates, the issuer (to be stamped) and the date, and the certificate's
number with the ledger entries of the sign-ins it rests on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from xiaoneng.export.class_common import class_dates
from xiaoneng.export.common import LedgerHead, head_note, small_note, start
from xiaoneng.export.document import OfficialDocument
from xiaoneng.export.fonts import FontSettings
from xiaoneng.model.dates import cn_date
from xiaoneng.model.training import ParticipantRecord, TrainingClass

TOP_LINES = 3  # blank lines above the title, so the text sits in the upper middle of the page


@dataclass(frozen=True)
class Certificate:
    record: ParticipantRecord
    number: str  # 结业证书〔2026〕T001-007
    seqs: tuple[int, ...] = ()  # ledger entries of the sign-ins it rests on


def certificates(
    training: TrainingClass,
    issued: Sequence[Certificate],
    *,
    agency: str,
    post_names: Mapping[str, str] | None = None,
    head: LedgerHead | None = None,
    fonts: FontSettings | None = None,
    doc: OfficialDocument | None = None,
) -> OfficialDocument:
    """A page per certificate, in the order given (only completed records belong here)."""
    doc = start(doc, fonts)
    post_names = post_names or {}
    compulsory = len(training.compulsory())
    for n, cert in enumerate(issued):
        r = cert.record
        if not r.completed:
            raise ValueError(f"{r.participant.name}未参加全部必修课程，不能颁发结业证书")
        p = r.participant
        if n:
            doc.page_break()
        for _ in range(TOP_LINES):
            doc.blank_line()
        doc.title("结 业 证 书")
        doc.blank_line()
        where = post_names.get(p.post) or p.position
        who = (
            f"{p.organisation}{where}" if where and not where.startswith(p.organisation) else where
        )
        doc.paragraph(f"{p.name}同志（{who or p.organisation}）：", indent=False)
        doc.paragraph(
            f"你于{class_dates(training)}参加{agency}举办的{training.title}，"
            f"完成全部 {compulsory} 门必修课程的学习，准予结业。"
        )
        doc.paragraph("特发此证。")
        with doc.kept_together():
            doc.signature_block(
                [("", f"{agency}（盖章）"), ("", cn_date(training.end))], gap_lines=2
            )
            doc.blank_line()
            doc.blank_line()
            small_note(doc, f"证书编号：{cert.number}")
            if cert.seqs:
                seqs = sorted(cert.seqs)
                small_note(
                    doc,
                    f"结业依据：{len(seqs)} 条签到记录（台账第 {seqs[0]}～{seqs[-1]} 条中）。",
                )
            head_note(doc, head)
    if not issued:
        doc.title("结 业 证 书")
        doc.paragraph(f"{training.title}尚无结业学员。")
    without_page_numbers(doc)
    return doc


def without_page_numbers(doc: OfficialDocument) -> None:
    """A certificate is a page of its own, not page 3 of a document."""
    for section in doc.docx.sections:
        for footer in (section.footer, section.even_page_footer, section.first_page_footer):
            footer.is_linked_to_previous = True
