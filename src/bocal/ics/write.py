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
from datetime import datetime
from pathlib import Path

from ..atomic import AtomicFile
from ..errors import Problem, UsageError


class StaticWriter:
    """Files written into one directory, atomically; ``owned``: stale files are removed by ``finish``."""

    def __init__(self, directory: str | Path, *, owned: bool = False, stale: tuple[str, ...] = ("*.ics",)) -> None:
        self.directory = Path(directory)
        self.owned = owned
        self.stale = stale
        self.written: list[Path] = []
        self._open: list[AtomicFile] = []
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
        """Rename `f` into place (its modification time set to `mtime`, the feed's Last-Modified)."""
        self._open.remove(f)
        try:
            size = f.commit()
            if mtime is not None:
                os.utime(f.target, (mtime.timestamp(), mtime.timestamp()))
        except OSError as e:
            raise UsageError(
                Problem(f"cannot write the file: {e.strerror or e}", path=self.shown(f.target.name))
            ) from None
        self.written.append(f.target)
        return size

    def abort_all(self) -> None:
        """Drop every file still open (their old versions stay)."""
        for f in self._open:
            f.abort()
        self._open.clear()

    def finish(self) -> list[Path]:
        """In an owned directory, remove the stale files this run did not write; returns them."""
        self.abort_all()
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
