"""Bulk export speed: prepared template vs a fresh python-docx Document() each time.

Builds N letter-like documents (title + 10 paragraphs + signature block) both
ways, with the same official styling, and prints both times and their ratio.
The fresh way is what a straightforward exporter does: Document(), apply the
layout (styles, settings, section, footers), write, save.

    uv run python benchmarks/export_base.py --n 1000
"""

from __future__ import annotations

import argparse
import io
import time
import zipfile
from collections.abc import Callable

import docx

from xiaoneng.export import FontSettings, OfficialDocument, PreparedTemplate, apply_official_layout

CLAUSE = (
    "严格落实安全生产主体责任，主要负责人是本单位安全生产第一责任人，"
    "对本单位的安全生产工作全面负责，及时排查消除安全隐患。"
)


def write_letter(doc: OfficialDocument, number: int) -> bytes:
    doc.title(f"安全生产目标责任承诺书（第{number}号）")
    for i in range(10):
        doc.paragraph(f"{i + 1}. {CLAUSE}")
    doc.signature_block(
        [
            ("承诺单位（盖章）", f"第{number}单位"),
            ("承诺人（签字）", ""),
            ("日期", "    年  月  日"),
        ]
    )
    return doc.to_bytes()


def fresh(number: int, fonts: FontSettings) -> bytes:
    document = docx.Document()
    apply_official_layout(document, fonts)
    return write_letter(OfficialDocument(document, fonts=fonts), number)


def prepared(number: int, fonts: FontSettings) -> bytes:
    return write_letter(OfficialDocument(fonts=fonts), number)


def _parts(package: bytes) -> dict[str, bytes]:
    """Every part but the core properties (they hold the creation time)."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


def timed(n: int, make: Callable[[int, FontSettings], bytes], fonts: FontSettings) -> float:
    start = time.perf_counter()
    for number in range(n):
        make(number, fonts)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="documents per way (default 1000)")
    args = parser.parse_args()
    fonts = FontSettings()
    start = time.perf_counter()
    PreparedTemplate(fonts)  # what get_template() pays once per process
    build = time.perf_counter() - start
    # Warm both paths (imports, caches) so neither pays first-call costs in the
    # timing, and check they produce the same document: the comparison is fair.
    same = _parts(fresh(0, fonts)) == _parts(prepared(0, fonts))
    t_fresh = timed(args.n, fresh, fonts)
    t_prepared = timed(args.n, prepared, fonts)
    print(f"same document both ways: {'yes' if same else 'NO'}")
    print(f"documents per way: {args.n}")
    print(f"fresh Document() + layout: {t_fresh:.2f} s ({t_fresh / args.n * 1000:.2f} ms each)")
    print(
        f"prepared template:         {t_prepared:.2f} s ({t_prepared / args.n * 1000:.2f} ms each)"
        f" (+{build * 1000:.1f} ms once)"
    )
    print(f"ratio fresh/prepared = {t_fresh / t_prepared:.2f}")


if __name__ == "__main__":
    main()
