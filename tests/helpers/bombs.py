"""Crafted files that are small on disk and huge once unpacked or parsed:
for tests/e2e/test_file_bombs.py and benchmarks/file_bombs.py."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/>{strings}</Types>'
)
_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


# Starts the command and prints the peak RSS (kB) wait4 reports for it. The
# command's parent is this small process, not the test's: Linux counts the
# resident set a process had when it forked into its child's ru_maxrss, so a
# command started from a test process of 318 MB measured 318 MB whatever it
# did itself.
_MEASURE = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "_pid, status, usage = os.wait4(child.pid, 0)\n"
    "print(usage.ru_maxrss)\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def run_measured(*args: str, data: Path | None = None) -> tuple[int, str, float, float]:
    """(exit code, stderr, seconds, peak MB) of one `xiaoneng` process."""
    cmd = [sys.executable, "-m", "xiaoneng", *(["--data", str(data)] if data else []), *args]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("XIAONENG_DATA", None)
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd], capture_output=True, env=env, check=False
    )
    seconds = time.monotonic() - start
    peak_kb = int(proc.stdout.decode().strip().splitlines()[-1])
    return proc.returncode, proc.stderr.decode("utf-8", "replace"), seconds, peak_kb / 1024


def xlsx(path: Path, write_sheet, *, strings: bytes | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(
            "[Content_Types].xml",
            _CONTENT_TYPES.format(strings=_STRINGS_TYPE if strings is not None else ""),
        )
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        if strings is not None:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
                fh.write(f'<sst xmlns="{_MAIN}">'.encode())
                fh.write(strings)
                fh.write(b"</sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            write_sheet(fh)
            fh.write(b"</sheetData></worksheet>")
    return path


def million_rows(fh) -> None:
    row = b'<row><c t="inlineStr"><is><t>1</t></is></c><c><v>1</v></c><c><v>1</v></c></row>'
    for _ in range(100):
        fh.write(row * 10_000)


def one_wide_row(fh) -> None:
    fh.write(b"<row>")
    for _ in range(100):  # 5 million cells, 75 MB of XML
        fh.write(b"<c><v>1</v></c>" * 50_000)
    fh.write(b"</row>")


def docx_bomb(f: Path) -> Path:
    """A real .docx whose body is two million paragraphs (70 MB of XML, 300 KB zipped)."""
    import docx

    plain = f.with_name("plain.docx")
    docx.Document().save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                z.writestr(info, src.read(info))
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                b'2006/main"><w:body>'
            )
            for _ in range(200):
                fh.write(b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 10_000)
            fh.write(b"</w:body></w:document>")
    return f
