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
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from ..atomic import AtomicFile
from ..errors import Problem, UsageError


class StaticWriter:
    """Files written into one directory, atomically; ``owned``: stale files are removed by ``finish``.

    With ``background=True`` (or a shared ``pool``) each commit (fsync, rename) runs on a small thread pool while the next
    file is being made (fsync waits on the disk, not the CPU: an office of 1,000 files no longer
    waits for each in turn); ``wait()`` (and ``finish()``) returns once all are in place and raises
    the first error. ``written`` is in the order the files were committed either way."""

    def __init__(
        self,
        directory: str | Path,
        *,
        owned: bool = False,
        stale: tuple[str, ...] = ("*.ics",),
        background: bool = False,
        pool: ThreadPoolExecutor | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.owned = owned
        self.stale = stale
        self.written: list[Path] = []
        self._open: list[AtomicFile] = []
        self._own_pool = background and pool is None
        self._pool: ThreadPoolExecutor | None = pool or (ThreadPoolExecutor(4, "bocal-commit") if background else None)
        self._pending: list[Future[int]] = []
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise UsageError(
                Problem(f"cannot create the directory: {e.strerror or e}", path=self.shown(None))
            ) from None

    def shown(self, name: str | None) -> str:
        """A path for a message: in an owned directory (a token directory: its name is the secret),
        the directory's name hidden."""
        d = self.directory.parent / "***" if self.owned else self.directory
        return str(d if name is None else d / name)

    def write(self, name: str, chunks: bytes | Iterable[bytes], *, mtime: datetime | None = None) -> int:
        """Write ``DIR/name`` (bytes, or pieces as they come); returns its size. An OSError is a
        UsageError naming the file."""
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
            raise UsageError(Problem(f"cannot write the file: {e.strerror or e}", path=self.shown(name))) from None
        self._open.append(f)
        return f

    def commit(self, f: AtomicFile, *, mtime: datetime | None = None) -> int:
        """Rename `f` into place (its modification time set to `mtime`, the feed's Last-Modified);
        in the background when the writer was made so (see the class)."""
        self._open.remove(f)
        self.written.append(f.target)
        if self._pool is not None:
            self._pending.append(self._pool.submit(self._commit, f, mtime))
            return f.size
        return self._commit(f, mtime)

    def wait(self) -> None:
        """Wait for the background commits; the first one that failed raises its UsageError."""
        pending, self._pending = self._pending, []
        for fut in pending:
            fut.result()

    def close(self) -> None:
        """Wait for the background commits and stop the pool (errors are raised by `wait`)."""
        try:
            self.wait()
        finally:
            if self._pool is not None and self._own_pool:
                self._pool.shutdown(wait=True)

    def _commit(self, f: AtomicFile, mtime: datetime | None) -> int:
        try:
            size = f.commit()
            if mtime is not None:
                os.utime(f.target, (mtime.timestamp(), mtime.timestamp()))
        except OSError as e:
            raise UsageError(
                Problem(f"cannot write the file: {e.strerror or e}", path=self.shown(f.target.name))
            ) from None
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
