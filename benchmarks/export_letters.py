"""1,000 commitment letters: the letter exporter vs a fresh python-docx Document() each.

Both ways write the same letter with `xiaoneng.export.letter.commitment_letter`
(title, preamble, eleven clauses, term, closing, signature block, ledger
note) and serialise it; they differ only in how each document starts:

- prepared: the exporter as shipped, each document copied from the shared
  prepared template (`get_template`), which is built once per process;
- fresh:    `docx.Document()` + `apply_official_layout` for every letter, what
  a straightforward exporter would do;
- pooled:   the prepared way in a pool of `--workers` spawned processes, the
  letters handed out in chunks of 25 as `export` hands out units (worker
  start-up included), against the same fresh loop.

The letters are built in memory (no data folder) from the bundled work
safety letter template, one per invented unit. The two ways run in
alternating chunks of 50 so that other load on the machine hits both alike.

    uv run python benchmarks/export_letters.py --n 1000 [--workers 2]
"""

from __future__ import annotations

import argparse
import io
import time
import zipfile
from collections.abc import Callable

import docx

from xiaoneng.export import (
    FontSettings,
    OfficialDocument,
    PreparedTemplate,
    apply_official_layout,
    new_document,
)
from xiaoneng.export.common import Signature
from xiaoneng.export.layout import STANDARD, BodyGrid
from xiaoneng.export.letter import commitment_letter
from xiaoneng.model.records import Letter
from xiaoneng.paths import bundled_checklists_dir

TEMPLATE = "letter-work-safety"


def build_letters(n: int) -> list[Letter]:
    """`n` signed letters, as the letter service stores them."""
    from xiaoneng.checklists import load_catalogue

    template = load_catalogue([bundled_checklists_dir()]).get(TEMPLATE)
    letters = []
    for i in range(n):
        unit, signer = f"第{i + 1}幼儿园", f"园长{i + 1:04d}"
        filled = template.fill(
            unit=unit,
            signer=signer,
            position="园长",
            year="2026",
            date="2026年3月16日",
            agency="市妇联机关",
        )
        letters.append(
            Letter(
                id=f"{TEMPLATE}:2026:H{i:04d}:{template.version}",
                template=template.ref().to_dict(),
                year=2026,
                unit=f"u{i:04d}",
                signer=f"H{i:04d}",
                title=filled.title,
                preamble=filled.preamble,
                clauses=filled.clauses,
                term=filled.term,
                closing=filled.closing,
                signed_at=f"2026-03-16T{9 + i % 8:02d}:{i % 60:02d}:00+08:00",
            )
        )
    return letters


def export_grid(letter: Letter, fonts: FontSettings) -> BodyGrid:
    """The grid the letter exporter picks on its own for `letter`."""
    return export_document(letter, None, fonts).grid


def export(letter: Letter, doc: OfficialDocument | None, fonts: FontSettings) -> bytes:
    return export_document(letter, doc, fonts).to_bytes()


def export_document(
    letter: Letter, doc: OfficialDocument | None, fonts: FontSettings
) -> OfficialDocument:
    signature = Signature(letter.signed_at, 100 + int(letter.signer[1:]), "0123456789ab")
    written = commitment_letter(
        letter,
        unit_name=f"单位{letter.unit}",
        signer_name=letter.signer,
        signature=signature,
        fonts=fonts,
        doc=doc,
    )
    return written


# Both ways write on the body grid the exporter chooses for these letters (it
# sets a letter too long for two pages on a denser grid), so both do the same
# work and the fitting itself is not timed.


def prepared(letter: Letter, fonts: FontSettings, grid: BodyGrid = STANDARD) -> bytes:
    return export(letter, new_document(fonts, grid), fonts)


def fresh(letter: Letter, fonts: FontSettings, grid: BodyGrid = STANDARD) -> bytes:
    document = docx.Document()
    apply_official_layout(document, fonts, grid)
    return export(letter, OfficialDocument(document, fonts=fonts, grid=grid), fonts)


def _parts(package: bytes) -> dict[str, bytes]:
    """Every part but the core properties (they hold the creation time)."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}


Way = Callable[[Letter, FontSettings, BodyGrid], bytes]


def timed(letters: list[Letter], make: Way, fonts: FontSettings, grid: BodyGrid) -> float:
    start = time.perf_counter()
    for letter in letters:
        make(letter, fonts, grid)
    return time.perf_counter() - start


def interleaved(
    letters: list[Letter], fonts: FontSettings, grid: BodyGrid, chunk: int = 50
) -> tuple[float, float]:
    """Both ways in alternating chunks, so a busy machine slows both alike."""
    t_fresh = t_prepared = 0.0
    for i in range(0, len(letters), chunk):
        part = letters[i : i + chunk]
        t_fresh += timed(part, fresh, fonts, grid)
        t_prepared += timed(part, prepared, fonts, grid)
    return t_fresh, t_prepared


def _pooled_chunk(letters: list[Letter], grid: BodyGrid) -> int:
    """In a worker: the letters of one unit-sized chunk, written as the exporter does."""
    fonts = FontSettings()
    return sum(len(prepared(letter, fonts, grid)) for letter in letters)


def pooled(letters: list[Letter], grid: BodyGrid, workers: int = 2, chunk: int = 25) -> float:
    """The prepared way in a pool of spawned workers, handed out in chunks (as
    `export` hands out units), start-up of the workers included."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    start = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, context) as pool:
        parts = [letters[i : i + chunk] for i in range(0, len(letters), chunk)]
        sizes = list(pool.map(_pooled_chunk, parts, [grid] * len(parts)))
    assert all(sizes)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="letters per way (default 1000)")
    parser.add_argument("--workers", type=int, default=2, help="pool size (default 2; 1: none)")
    args = parser.parse_args()
    fonts = FontSettings()
    letters = build_letters(args.n)
    grid = export_grid(letters[0], fonts)
    start = time.perf_counter()
    PreparedTemplate(fonts)  # what get_template() pays once per process
    build = time.perf_counter() - start
    # Warm both ways and check they write the same document: a fair comparison.
    same = _parts(fresh(letters[0], fonts, grid)) == _parts(prepared(letters[0], fonts, grid))
    t_fresh, t_prepared = interleaved(letters, fonts, grid)
    t_pooled = pooled(letters, grid, args.workers) if args.workers > 1 else t_prepared
    print(f"same document both ways: {'yes' if same else 'NO'}")
    print(f"letters per way: {args.n}")
    print(f"fresh Document() + layout: {t_fresh:.2f} s ({t_fresh / args.n * 1000:.2f} ms each)")
    print(
        f"letter exporter (prepared): {t_prepared:.2f} s ({t_prepared / args.n * 1000:.2f} ms each)"
        f" (+{build * 1000:.1f} ms once)"
    )
    if args.workers > 1:
        print(
            f"exporter in a pool of {args.workers} processes: {t_pooled:.2f} s (start-up included)"
        )
        print(f"ratio fresh/pooled = {t_fresh / t_pooled:.2f}")
    print(f"ratio fresh/prepared = {t_fresh / t_prepared:.2f}")


if __name__ == "__main__":
    main()
