"""The one static writer: every .ics (and index page) bocal writes to disk goes through `StaticWriter`.

Each file is written atomically (a temp file beside it, fsync, rename: a reader never sees half of
one) and may be streamed (a calendar of a thousand clients is never all in memory); several files
can be open side by side (the office files `publish --clients` fills in one pass over the clients).
In a directory bocal owns (a published token directory), ``finish()`` removes the files of the same
kind it did not write this time (an area dropped from a profile: its feed goes too); in a directory
the user names (``export -o``), nothing is removed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

from ..atomic import AtomicFile, sync_dirs, target_of
from ..errors import Problem, UsageError

#: Bytes handed to a `WritePool` and not yet written: past this, `write` waits, so a publish of
#: 1.7 GB holds a dozen files or so while the disk catches up.
MAX_PENDING = 16 * 2**20
#: Bytes written to temp files before one sync makes them durable and they are renamed into place.
BATCH_BYTES = 32 * 2**20


class WritePool:
    """The threads that write files in the background, with one byte budget for every writer sharing
    them (a publish has one writer per client and one pool).

    Files are committed in batches: each is written to its temp file and closed; once `batch` bytes
    are waiting (or at `flush`), one ``syncfs`` makes them all durable and they are renamed into
    place — a reader still never sees half a file, and a file is never in place before its bytes
    are on disk, but the disk does one flush per batch instead of one journal commit per file."""

    def __init__(self, workers: int = 4, budget: int = MAX_PENDING, batch: int = BATCH_BYTES) -> None:
        self.executor = ThreadPoolExecutor(workers, "bocal-write")
        self.budget = budget
        self.batch = batch
        self.error: BaseException | None = None  # the first failure of a job, a sync or a rename
        self._held = 0
        self._jobs = 0  # submitted and not finished
        self._cond = threading.Condition()
        self._staged: list[tuple[AtomicFile, datetime | None, str]] = []
        self._staged_bytes = 0
        self._sync_lock = threading.Lock()

    def submit(self, held: int, fn: Callable[..., object], *args: Any) -> None:
        """Run ``fn(*args)`` on a thread, once `held` bytes fit the budget (one job always runs). No
        future is kept (a publish of 10,000 clients made 77,000, ~150 MB): the first failure is kept
        in `error` and raised by `drain`."""
        with self._cond:
            while self._held and self._held + held > self.budget:
                self._cond.wait()
            self._held += held
            self._jobs += 1

        def run() -> None:
            try:
                fn(*args)
            except BaseException as e:
                with self._cond:
                    self.error = self.error or e
            finally:
                with self._cond:
                    self._held -= held
                    self._jobs -= 1
                    self._cond.notify_all()

        self.executor.submit(run)

    def join(self) -> None:
        """Wait until every job submitted so far has finished (written or failed)."""
        with self._cond:
            while self._jobs:
                self._cond.wait()

    def drain(self) -> None:
        """Wait for every job, then sync and rename the staged files; raise the first failure."""
        self.join()
        self.flush()

    def stage(self, f: AtomicFile, mtime: datetime | None, shown: str) -> None:
        """A written, closed temp file: synced and renamed with its batch (`shown`: its path for messages)."""
        with self._cond:
            self._staged.append((f, mtime, shown))
            self._staged_bytes += f.size
            full = self._staged_bytes >= self.batch
        if full:
            self.flush()

    def flush(self) -> None:
        """Sync the staged files and rename them into place (their mtimes set); a failure is kept in
        `error` (and raised): the files of a batch that could not be synced are dropped, old ones stay."""
        with self._sync_lock:
            with self._cond:
                batch, self._staged, self._staged_bytes = self._staged, [], 0
            if not batch:
                return
            try:
                sync_dirs({os.path.dirname(f.tmp) for f, _, _ in batch})
            except OSError as e:
                for f, _, _ in batch:
                    f.abort()
                self._fail(f"cannot write the files: {e.strerror or e}", batch[0][2])
            for f, mtime, shown in batch:
                try:
                    f.rename()
                    if mtime is not None:
                        os.utime(f.target, (mtime.timestamp(), mtime.timestamp()))
                except OSError as e:
                    self._fail(f"cannot write the file: {e.strerror or e}", shown, raise_now=False)
        if self.error is not None:
            raise self.error

    def _fail(self, message: str, shown: str, *, raise_now: bool = True) -> None:
        error = UsageError(Problem(message, path=shown))
        if self.error is None:
            self.error = error
        if raise_now:
            raise error

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True)


class StaticWriter:
    """Files written into one directory, atomically; ``owned``: stale files are removed by ``finish``.

    With ``background=True`` (or a shared `WritePool`) files are written and committed on a small
    thread pool while the next file is being made, in synced batches (see `WritePool`): an office of
    1,000 files no longer waits for each fsync in turn. ``wait()`` (and ``finish()``) returns once
    all are in place and raises the first error. Without a pool each file is fsynced and renamed
    before `write` returns. ``written`` is in the order the files were given either way."""

    def __init__(
        self,
        directory: str | Path,
        *,
        owned: bool = False,
        stale: tuple[str, ...] = ("*.ics",),
        background: bool = False,
        pool: WritePool | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.owned = owned
        self.stale = stale
        self.written: list[Path] = []
        self._open: list[AtomicFile] = []
        self._own_pool = background and pool is None
        self._pool: WritePool | None = pool or (WritePool() if background else None)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise UsageError(
                Problem(f"cannot create the directory: {e.strerror or e}", path=self.shown(None))
            ) from None

    def _cannot(self, e: OSError, name: str) -> UsageError:
        """The one message a file this writer could not write gives, its directory hidden if owned."""
        return UsageError(Problem(f"cannot write the file: {e.strerror or e}", path=self.shown(name)))

    def shown(self, name: str | None) -> str:
        """A path for a message: in an owned directory (a token directory: its name is the secret),
        the directory's name hidden."""
        d = self.directory.parent / "***" if self.owned else self.directory
        return str(d if name is None else d / name)

    def write(self, name: str, chunks: bytes | Iterable[bytes], *, mtime: datetime | None = None) -> int:
        """Write ``DIR/name`` (bytes, or pieces as they come); returns its size. An OSError is a
        UsageError naming the file (raised here, or by `wait` when written in the background)."""
        if self._pool is not None and isinstance(chunks, bytes):
            path = self.directory / name
            self.written.append(target_of(path))
            self._pool.submit(len(chunks), self._write_whole, path, chunks, mtime)
            return len(chunks)
        f = self.open(name)
        try:
            for chunk in [chunks] if isinstance(chunks, bytes) else chunks:
                f.write(chunk)
        except BaseException:
            f.abort()
            self._open.remove(f)
            raise
        return self.commit(f, mtime=mtime)

    def open(self, name: str) -> AtomicFile:
        """A file to fill a piece at a time (``.write``), then ``commit`` it (or ``abort_all``)."""
        path = self.directory / name
        try:
            f = AtomicFile(path)
        except OSError as e:
            raise self._cannot(e, name) from None
        self._open.append(f)
        return f

    def commit(self, f: AtomicFile, *, mtime: datetime | None = None) -> int:
        """Rename `f` into place (its modification time set to `mtime`, the feed's Last-Modified);
        in the background when the writer was made so (see the class)."""
        self._open.remove(f)
        self.written.append(f.target)
        if self._pool is not None:
            self._pool.submit(0, self._stage, f, mtime)
            return f.size
        return self._commit(f, mtime)

    def wait(self) -> None:
        """Wait for the background work (the pool's, shared with other writers) and the batch to be
        in place; the first failure raises (a UsageError naming its file)."""
        if self._pool is not None:
            self._pool.drain()

    def close(self) -> None:
        """Wait for the background commits and stop the pool (errors are raised by `wait`)."""
        try:
            self.wait()
        finally:
            if self._pool is not None and self._own_pool:
                self._pool.shutdown()

    def _write_whole(self, path: Path, data: bytes, mtime: datetime | None) -> int:
        try:
            f = AtomicFile(path)
        except OSError as e:
            raise self._cannot(e, path.name) from None
        try:
            f.write(data)
        except BaseException as e:
            f.abort()
            if isinstance(e, OSError):
                raise self._cannot(e, path.name) from None
            raise
        return self._stage(f, mtime)

    def _stage(self, f: AtomicFile, mtime: datetime | None) -> int:
        """Close `f` and hand it to the pool's next synced batch (a background job)."""
        assert self._pool is not None
        try:
            size = f.close()
        except OSError as e:
            raise self._cannot(e, f.target.name) from None
        self._pool.stage(f, mtime, self.shown(f.target.name))
        return size

    def _commit(self, f: AtomicFile, mtime: datetime | None) -> int:
        try:
            size = f.commit()
            if mtime is not None:
                os.utime(f.target, (mtime.timestamp(), mtime.timestamp()))
        except OSError as e:
            raise self._cannot(e, f.target.name) from None
        return size

    def abort_all(self) -> None:
        """Drop every file still open (their old versions stay)."""
        for f in self._open:
            f.abort()
        self._open.clear()

    def finish(self) -> list[Path]:
        """In an owned directory, remove the stale files this run did not write; returns them."""
        self.abort_all()
        self.wait()
        removed: list[Path] = []
        if not self.owned:
            return removed
        keep = {p.name for p in self.written}
        # ... and the temp files a killed run left (.NAME.XXXX.tmp): nothing else writes here
        for pattern in (*self.stale, ".*.tmp"):
            for old in sorted(self.directory.glob(pattern)):
                if old.name not in keep and old.is_file():
                    old.unlink()
                    removed.append(old)
        return removed
