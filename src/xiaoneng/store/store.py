"""The data folder: cached reads, one lock for writes, atomic multi-file commits.

Guarantees (see RELIABILITY.md):
- Several processes at once: every transaction holds an exclusive file lock
  on `<data>/.lock`; a process that waits more than a second says so.
- Atomic: a transaction writes each changed file to `.txn/`, fsyncs it, then
  writes a journal and renames the files into place. A crash before the journal
  leaves the old state; after it, the next transaction rolls it forward.
- A file that does not parse is never overwritten (CorruptFile names it).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from xiaoneng.errors import CorruptFile, LockTimeout, StoreError
from xiaoneng.model.digest import file_digest
from xiaoneng.store.files import (
    dumps,
    fsync_dir,
    fsync_files,
    loads,
    os_error_message,
    read_bytes,
    stat_key,
    write_synced,
)
from xiaoneng.store.modes import private_mkdir
from xiaoneng.store.txn import TXN_DIR, Txn

LOCK_FILE = ".lock"
JOURNAL = "journal.json"
WAIT_NOTICE_AFTER = 1.0


class Store:
    def __init__(
        self,
        root: Path | str,
        *,
        on_wait: Callable[[str], None] | None = None,
        lock_timeout: float = 60.0,
    ):
        self.root = Path(root)
        self.on_wait = on_wait
        self.lock_timeout = lock_timeout
        self._cache: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}
        self._digests: dict[str, tuple[tuple[Any, ...], str]] = {}
        self._in_txn, self._txn_thread = 0, 0  # open transactions, in which thread
        self._thread_lock = threading.RLock()
        self._file_lock: FileLock | None = None
        self._depth = 0
        # Called with the open transaction before the caller's changes
        # (daily backup, migrations); set by the layer that opens the store.
        self.on_first_write: Callable[[Store], None] | None = None
        # Called once after the first commit, in a thread holding the data lock
        # (the daily backup): the writer does not wait for it.
        self.after_first_commit: Callable[[Store], None] | None = None
        self._background: list[threading.Thread] = []
        self.commit_hooks: list[Callable[[Txn], None]] = []  # run by each txn (status figures)
        self.newest_backup: Callable[[], Path | None] = lambda: None
        self.notices: list[str] = []  # to tell once (e.g. the folder's modes were tightened)

    # -- reading (no lock: files are only ever replaced whole) ---------------

    def path(self, part: str) -> Path:
        return self.root / part

    def read_part(self, part: str, *, cache: bool = True) -> dict[str, Any]:
        """The tables of one partition file (cached until the file changes),
        shared with the cache: read-only. `cache=False` reads past the cache
        without filling it (a full scan such as verify would otherwise keep
        every file of the folder in memory)."""
        path = self.root / part
        if not cache:
            hit = self._cache.get(part)
            with contextlib.suppress(StoreError):  # unreadable: _parse says why
                if hit is not None and stat_key(path) == hit[0]:
                    return hit[1]
            return self._parse(path)
        key = stat_key(path)
        if key is None:
            self._cache.pop(part, None)
            return {}
        hit = self._cache.get(part)
        if hit is not None and hit[0] == key:
            return hit[1]
        data = self._parse(path)
        self._cache[part] = (key, data)
        return data

    def cached(self, prefixes: tuple[str, ...] = ("",)) -> list[str]:
        """The partitions held parsed now whose names start with one of `prefixes`."""
        return [p for p in list(self._cache) if p.startswith(prefixes)]  # a copy: threads read

    def forget(self, prefixes: tuple[str, ...]) -> None:
        """Drop the partitions under `prefixes` from the cache: a long read or
        build keeps only what it is working on, not every file it committed."""
        for part in self.cached(prefixes):
            self._cache.pop(part, None)

    def table(self, part: str, name: str) -> dict[str, dict[str, Any]]:
        docs: dict[str, dict[str, Any]] = self.read_part(part).get(name, {})
        return docs

    def get(self, part: str, name: str, key: str) -> dict[str, Any] | None:
        return self.table(part, name).get(key)

    def exists(self, part: str) -> bool:
        return (self.root / part).is_file()

    def exists_dir(self, folder: str) -> bool:
        return (self.root / folder).is_dir()

    def list_parts(self, folder: str) -> list[str]:
        """Partition files directly inside `folder` (relative), sorted."""
        try:
            with os.scandir(self.root / folder) as it:
                names = sorted(e.name for e in it if e.name.endswith(".json") and e.is_file())
        except FileNotFoundError:
            return []
        return [f"{folder}/{n}" for n in names]

    def stamps(self, folder: str) -> tuple[Any, ...]:
        """What the partitions in `folder` look like now: changes whenever any
        of them is replaced, so callers can cache what they derive from them."""
        try:
            with os.scandir(self.root / folder) as it:
                found = []
                for e in it:
                    if e.name.endswith(".json") and e.is_file():
                        st = e.stat()
                        found.append((e.name, st.st_ino, st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            return ()
        return tuple(sorted(found))

    def digest(self, part: str) -> str:
        """A file's bytes' digest now (b""'s when missing), hashed again only when replaced."""
        path = self.root / part
        key = stat_key(path)
        if key is None:
            return file_digest(b"")
        hit = self._digests.get(part)
        if hit is not None and hit[0] == key:
            return hit[1]
        digest = file_digest(self._read(path) or b"")
        self._digests[part] = (key, digest)
        return digest

    def read_digested(self, part: str) -> tuple[dict[str, Any], str]:
        """A partition's tables (cached, read-only) and the digest of the very
        bytes they were parsed from: one read, hashed again only when replaced."""
        path, key = self.root / part, stat_key(self.root / part)
        hit, known = self._cache.get(part), self._digests.get(part)
        if key is not None and hit is not None and known is not None and hit[0] == known[0] == key:
            return hit[1], known[1]
        raw = self._read(path)
        data, digest = self._decode(path, raw), file_digest(raw or b"")
        if key is not None:
            self._cache[part], self._digests[part] = (key, data), (key, digest)
        return data, digest

    def read_with_digest(self, part: str) -> tuple[dict[str, Any], str]:
        """A partition's tables and the digest of its bytes, read past the cache."""
        raw = self._read(self.root / part)
        return self._decode(self.root / part, raw), file_digest(raw or b"")

    def read_raw(self, part: str) -> bytes | None:
        return self._read(self.root / part)

    def decode(self, part: str, raw: bytes | None) -> dict[str, Any]:
        return self._decode(self.root / part, raw)

    @property
    def in_transaction(self) -> bool:
        """Whether this thread's reads may not write (another's wait for the lock)."""
        return self._in_txn > 0 and self._txn_thread == threading.get_ident()

    def list_dirs(self, folder: str) -> list[str]:
        with contextlib.suppress(FileNotFoundError), os.scandir(self.root / folder) as it:
            return sorted(e.name for e in it if e.is_dir())
        return []

    def _parse(self, path: Path) -> dict[str, Any]:
        return self._decode(path, self._read(path))

    @staticmethod
    def _read(path: Path) -> bytes | None:
        return read_bytes(path)

    def _decode(self, path: Path, raw: bytes | None) -> dict[str, Any]:
        if raw is None:
            return {}
        try:
            data = loads(raw)
        except UnicodeDecodeError:
            raise CorruptFile(path, "不是 UTF-8 编码", self.newest_backup()) from None
        except ValueError as err:
            raise CorruptFile(path, f"JSON 格式错误：{err}", self.newest_backup()) from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise CorruptFile(path, "内容不是预期的表结构", self.newest_backup())
        return data

    # -- locking ---------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the data lock (re-entrant in this process); recovers a crashed commit."""
        with self._thread_lock:
            if self._depth == 0:
                self._acquire()
            self._depth += 1
            try:
                if self._depth == 1:
                    self._recover()
                yield
            finally:
                self._depth -= 1
                if self._depth == 0 and self._file_lock is not None:
                    self._file_lock.release()

    def _acquire(self) -> None:
        if not self.root.is_dir():
            raise StoreError(f"数据目录不存在：{self.root}。")
        lock_path = self.root / LOCK_FILE
        if self._file_lock is None:
            self._file_lock = FileLock(lock_path, mode=0o600, thread_local=False)
        try:
            self._file_lock.acquire(timeout=WAIT_NOTICE_AFTER)
            return
        except Timeout:
            pass
        except OSError as err:
            raise StoreError(f"无法锁定数据目录：{os_error_message(err, lock_path)}。") from err
        if self.on_wait:
            self.on_wait(f"另一个进程正在写入 {self.root}，正在等待…")
        try:
            self._file_lock.acquire(timeout=self.lock_timeout)
        except Timeout:
            raise LockTimeout(
                f"等待数据锁超过 {self.lock_timeout:.0f} 秒（{lock_path}）：另一个 xiaoneng "
                "进程长时间占用数据目录，请稍后重试。"
            ) from None
        except OSError as err:
            raise StoreError(f"无法锁定数据目录：{os_error_message(err, lock_path)}。") from err

    # -- writing -----------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Txn]:
        """Stage changes; they are committed together when the block ends normally."""
        with self.locked():
            if self.on_first_write is not None:
                hook, self.on_first_write = self.on_first_write, None
                hook(self)
            txn = Txn(self)
            self._in_txn += 1
            self._txn_thread = threading.get_ident()
            try:
                yield txn
                payloads = txn._payloads()
            except BaseException:
                txn.discard()
                raise
            finally:
                self._in_txn -= 1
            if payloads:
                self._commit(payloads)
        if payloads and self.after_first_commit is not None:
            after, self.after_first_commit = self.after_first_commit, None
            self._in_background(after)

    def _in_background(self, hook: Callable[[Store], None]) -> None:
        """Run `hook` in a thread that takes the data lock once the writer has
        let go. Not a daemon: a command that exits waits for it (after its
        output). A failure is kept as a notice and the hook is tried again
        after the next commit."""

        def run() -> None:
            try:
                with self.locked():
                    hook(self)
            except Exception as err:  # a thread's boundary: a notice, never a traceback
                self.notices.append(f"每日备份未完成：{err}")
                self.after_first_commit = hook

        thread = threading.Thread(target=run, name="xiaoneng-after-commit")
        self._background = [t for t in self._background if t.is_alive()] + [thread]
        thread.start()

    def settle(self, timeout: float | None = None) -> None:
        """Wait for work started after a commit (the daily backup)."""
        for thread in list(self._background):
            thread.join(timeout)

    def _commit(self, staged: dict[str, tuple[dict[str, Any] | None, bytes | Path]]) -> None:
        txdir = self.root / TXN_DIR
        renames: list[list[str]] = []
        try:
            private_mkdir(txdir)
            made: set[Path] = set()
            for i, (part, (_data, payload)) in enumerate(staged.items()):
                folder = (self.root / part).parent
                if folder not in made:
                    private_mkdir(folder)
                    made.add(folder)
                tmp = payload.name if isinstance(payload, Path) else f"{i:05d}.tmp"
                if not isinstance(payload, Path):  # else spilled: already in txdir
                    write_synced(txdir / tmp, payload, sync=False)
                renames.append([tmp, part])
            fsync_files([txdir / tmp for tmp, _part in renames])  # before the journal names them
            write_synced(txdir / (JOURNAL + ".tmp"), dumps({"renames": renames}))
            os.replace(txdir / (JOURNAL + ".tmp"), txdir / JOURNAL)
            fsync_dir(txdir)
        except OSError as err:
            self._clean_txdir()
            raise StoreError(
                f"写入失败，数据未改动：{os_error_message(err, getattr(err, 'filename', None) or txdir)}。"
            ) from err
        moved = [0]
        try:
            self._apply_journal(moved)
        except OSError as err:
            where = os_error_message(err, getattr(err, "filename", None) or txdir)
            if moved[0] == 0:
                # Nothing was moved yet: withdraw the journal so a write that
                # was reported as failed is not completed later.
                with contextlib.suppress(OSError):
                    (txdir / JOURNAL).unlink()
                self._clean_txdir()
                raise StoreError(f"写入失败，数据未改动：{where}。") from err
            raise StoreError(
                f"写入未能完成（{where}）；已记录的日志会在下一次操作时自动补完。"
            ) from err
        for part, (data, _payload) in staged.items():
            self._cache.pop(part, None)
            with contextlib.suppress(OSError):
                st = os.stat(self.root / part)
                if data is not None:  # None: spilled by the transaction, parsed when read
                    self._cache[part] = ((st.st_ino, st.st_mtime_ns, st.st_size), data)

    def _apply_journal(self, moved: list[int] | None = None) -> None:
        """Roll a committed journal forward, counting moved files in `moved[0]`."""
        moved = moved if moved is not None else [0]
        txdir = self.root / TXN_DIR
        journal = txdir / JOURNAL
        try:
            entries = loads(journal.read_bytes())["renames"]
        except FileNotFoundError:
            return
        except (ValueError, KeyError, TypeError):
            # A journal is only renamed into place once complete; a broken one
            # means the disk lost it. Nothing was moved on its account.
            journal.unlink(missing_ok=True)
            return
        dirs: set[Path] = set()
        for tmp, part in entries:
            src = txdir / tmp
            if src.exists():
                dst = self.root / part
                private_mkdir(dst.parent)
                os.replace(src, dst)
                dirs.add(dst.parent)
                moved[0] += 1
        for d in dirs:
            fsync_dir(d)
        journal.unlink()
        fsync_dir(txdir)

    def _recover(self) -> None:
        txdir = self.root / TXN_DIR
        if not txdir.is_dir():
            return
        try:
            if (txdir / JOURNAL).exists():
                self._apply_journal()
            self._clean_txdir()
        except OSError as err:
            raise StoreError(f"无法恢复上次中断的写入：{os_error_message(err, txdir)}。") from err

    def _clean_txdir(self) -> None:
        txdir = self.root / TXN_DIR
        try:
            names = os.listdir(txdir)
        except OSError:
            return
        for name in names:
            if name != JOURNAL:
                with contextlib.suppress(OSError):
                    (txdir / name).unlink()
