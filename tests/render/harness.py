"""Render .docx files with LibreOffice and read the PDFs back with poppler.

LibreOffice is an independent consumer of our files: if it cannot open one,
neither can an archive system. `require_renderer()` skips the calling test
when the tools are missing on a developer machine, but fails it when the CI
environment variable is set (CI installs them; a silent skip there would hide
a broken export).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

FONTS_CONF = Path(__file__).with_name("fonts.conf")
CONVERT_TIMEOUT_S = 300  # one soffice run
PER_RUN = 100  # documents in one soffice run
_XHTML = "{http://www.w3.org/1999/xhtml}"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_tools() -> list[str]:
    missing = [] if soffice() else ["soffice"]
    missing += [tool for tool in ("pdftotext", "pdftoppm") if not shutil.which(tool)]
    return missing


def require_renderer() -> None:
    """Skip only when LibreOffice is absent and CI is unset; otherwise fail if anything is missing.

    With LibreOffice installed, poppler is expected too: a half-installed
    renderer is an error to fix, not a reason to skip.
    """
    import pytest

    missing = missing_tools()
    if not missing:
        return
    message = (
        f"render tools missing: {', '.join(missing)} "
        "(apt: libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai poppler-utils)"
    )
    ci = bool(os.environ.get("CI"))
    if "soffice" in missing and not ci:
        pytest.skip(message)
    pytest.fail(message + ("; CI is set, so this is an error, not a skip" if ci else ""))


def render_pdfs(docx_paths: Sequence[Path], outdir: Path) -> list[Path]:
    """Convert all `docx_paths` to PDF, up to PER_RUN in one soffice run; return
    the PDF paths in order.

    One run converts many files (start-up is most of the ~1 s a document), but
    a run given some 250 files was seen to stop early without an error.
    A fresh user profile each time: a shared one locks when runs overlap.
    """
    exe = soffice()
    if exe is None:
        raise RuntimeError("soffice not found")
    outdir.mkdir(parents=True, exist_ok=True)
    stems = [p.stem for p in docx_paths]
    if len(set(stems)) != len(stems):
        raise ValueError("PDF names would collide: give each .docx a distinct stem")
    for first in range(0, len(docx_paths), PER_RUN):
        _convert(exe, docx_paths[first : first + PER_RUN], outdir)
    return [outdir / f"{stem}.pdf" for stem in stems]


def _convert(exe: str, docx_paths: Sequence[Path], outdir: Path) -> None:
    env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF))
    with tempfile.TemporaryDirectory(prefix="xn-lo-profile-") as profile:
        cmd = [
            exe,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *(str(p) for p in docx_paths),
        ]
        done = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=CONVERT_TIMEOUT_S, check=False
        )
    missing = [f"{p.stem}.pdf" for p in docx_paths if not (outdir / f"{p.stem}.pdf").is_file()]
    if done.returncode != 0 or missing:
        raise RuntimeError(
            f"soffice failed (exit {done.returncode}), missing {missing}:\n"
            f"{done.stdout}\n{done.stderr}"
        )


def render_pdf(docx_path: Path, outdir: Path) -> Path:
    return render_pdfs([docx_path], outdir)[0]


def pdf_text(pdf: Path, *, first: int | None = None, last: int | None = None) -> str:
    """Text of the PDF (or pages first..last, 1-based) in reading layout."""
    cmd = ["pdftotext", "-layout", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    done = subprocess.run([*cmd, str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    """One PDF page: size and words in points, origin top-left."""

    width: float
    height: float
    words: tuple[Word, ...]

    def lines(self, tolerance: float = 3.0) -> list[list[Word]]:
        """Words grouped into printed lines (same baseline within `tolerance` pt)."""
        return group_lines(self.words, tolerance)

    def line_texts(self, tolerance: float = 3.0) -> list[str]:
        return ["".join(w.text for w in line) for line in self.lines(tolerance)]


def group_lines(words: Iterable[Word], tolerance: float = 3.0) -> list[list[Word]]:
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.y1, w.x0)):
        if lines and abs(lines[-1][0].y1 - word.y1) <= tolerance:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def pdf_pages_words(pdf: Path) -> list[Page]:
    """Every page's words with bounding boxes (`pdftotext -bbox`)."""
    done = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    )
    root = etree.fromstring(done.stdout, etree.XMLParser(recover=True, huge_tree=True))
    pages = []
    for page in root.iter(f"{_XHTML}page"):
        words = tuple(
            Word(
                w.text or "",
                float(w.get("xMin")),
                float(w.get("yMin")),
                float(w.get("xMax")),
                float(w.get("yMax")),
            )
            for w in page.iter(f"{_XHTML}word")
        )
        pages.append(Page(float(page.get("width")), float(page.get("height")), words))
    return pages


def pdf_png(pdf: Path, outdir: Path, *, dpi: int = 60, first: int = 1, last: int = 1) -> list[Path]:
    """Rasterise pages for a person to look at (pdftoppm)."""
    outdir.mkdir(parents=True, exist_ok=True)
    prefix = outdir / pdf.stem
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-f", str(first), "-l", str(last), str(pdf)]
        + [str(prefix)],
        check=True,
        capture_output=True,
    )
    return sorted(outdir.glob(f"{pdf.stem}*.png"))
