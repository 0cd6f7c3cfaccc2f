"""Writing an export as an archive: a folder per kind, the 归档目录 index
(.docx and .xlsx) listing every file with its pages, and optionally the
same as one .zip next to the folder.

Files are created exclusively under safe names (an existing name is never
replaced: the next free `_2`, `_3` is taken); each document's pages are
counted from its layout as it is saved (export.pagination).
"""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from xiaoneng.errors import OperationError, UserError
from xiaoneng.export.common import LedgerHead
from xiaoneng.export.fonts import FontSettings
from xiaoneng.export.index import INDEX_NAME, IndexRow, archive_index, index_workbook
from xiaoneng.export.textsafe import output_path, safe_filename, write_file
from xiaoneng.services.export_sources import Job, Output
from xiaoneng.store.modes import private_mkdir

_MAX_STEM_BYTES = 140  # room for "_NNNN.docx" within the 150-byte name limit
Progress = Callable[[int, int], None]
# What an export shows when done: up to this many files, each by name; more,
# a line per kind (files and pages), so 100,000 names are never held to show.
LIST_UP_TO = 40


@dataclass(frozen=True)
class Written:
    """What an export wrote: the documents (in index order), the index files,
    the index rows, and the .zip when one was asked for."""

    folder: Path
    files: Sequence[Path]  # read from the index spool after a whole export
    index: list[Path]
    rows: Sequence[IndexRow]
    archive: Path | None = None


def by_kind(rows: Iterable[IndexRow]) -> dict[str, tuple[int, int]]:
    """Files and pages by kind folder, in filing order."""
    kinds: dict[str, tuple[int, int]] = {}
    for row in rows:
        files, pages = kinds.get(row.kind, (0, 0))
        kinds[row.kind] = (files + 1, pages + (row.pages or 0))
    return kinds


def _create(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def reserve(folder: Path, parts: Iterable[object], ext: str = ".docx") -> Path:
    """Create an empty file with a safe, unused name inside `folder` and return it.

    Exclusive creation: a name that exists (a file, a link, another process's
    export) is never reused; the next numeric suffix is tried instead.
    """
    stem = safe_filename(*parts, ext="", max_len=_MAX_STEM_BYTES)
    for n in range(1, 10_000):
        name = f"{stem}{ext}" if n == 1 else f"{stem}_{n}{ext}"
        if os.path.lexists(folder / name):
            continue  # taken, even by a link (which is never followed)
        path = output_path(folder, name)
        if _create(path):
            return path
    raise OperationError(f"导出目录 {folder} 中同名文件过多：{stem}{ext}。")


def private_folder(folder: Path) -> None:
    """Create `folder` (0700) for an export, refusing a symbolic link."""
    if folder.is_symlink():
        raise UserError(f"导出目录 {folder} 是符号链接：为免写到别处，已拒绝。请给出真实的文件夹。")
    try:
        private_mkdir(folder)  # exports hold names and signatures: 0700 like the data
    except OSError as err:
        raise OperationError(f"无法建立导出目录 {folder}：{err.strerror or err}。") from err


def write_one(job: Job, folder: Path) -> Path:
    """One job's file straight into `folder` (no kind folder, no index)."""
    return save_job(job, folder)[0]


def save_job(job: Job, folder: Path, *, durable: bool = True) -> tuple[Path, Output]:
    """Build the job's file and save it under a new name in `folder`.

    Always whole (a temporary file renamed into place); `durable=False` leaves
    flushing to disk to the caller (an archive export syncs once at its end).
    """
    private_folder(folder)
    output = job.build()
    path = reserve(folder, job.name, output.ext)
    try:
        write_file(path, output.to_bytes(), durable=durable)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, output


def sortable(key: tuple[object, ...]) -> tuple[tuple[int, object], ...]:
    """Mixed keys compare as (type rank, value): None first, then numbers, then text."""
    ranked: list[tuple[int, object]] = []
    for part in key:
        if part is None:
            ranked.append((0, 0))
        elif isinstance(part, int | float):
            ranked.append((1, part))
        elif isinstance(part, tuple):
            ranked.append((2, sortable(part)))
        else:
            ranked.append((3, str(part)))
    return tuple(ranked)


def write_index(
    rows: Sequence[IndexRow],
    folder: Path,
    *,
    agency: str,
    today: dt.date,
    head: LedgerHead | None,
    fonts: FontSettings | None,
) -> list[Path]:
    """归档目录.docx and .xlsx in `folder` (never replacing an earlier index)."""
    doc = archive_index(rows, agency=agency, today=today, head=head, fonts=fonts)
    book = index_workbook(rows, agency=agency, today=today, head=head)
    paths = []
    outputs: list[Output] = [doc, book]
    for output in outputs:
        path = reserve(folder, [INDEX_NAME], output.ext)
        output.save(path)
        paths.append(path)
    return paths


def write_zip(folder: Path, files: Iterable[Path]) -> Path:
    """The files (inside `folder`) as one .zip next to it, under the folder's name."""
    target = reserve(folder.parent, [folder.name], ".zip")
    try:
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                inside = path.relative_to(folder).as_posix()
                archive.write(path, f"{folder.name}/{inside}")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target
