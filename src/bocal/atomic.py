"""Write files so that a reader never sees half of one: a temp file beside the target, then rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: str | Path, data: bytes, *, mode: int = 0o644) -> None:
    """Replace `path` with `data` atomically (same directory, fsync, os.replace)."""
    write_atomic_chunks(path, (data,), mode=mode)


def write_atomic_chunks(path: str | Path, chunks: Iterable[bytes], *, mode: int = 0o644) -> int:
    """Like `write_atomic`, for data that comes a piece at a time (never all in memory); returns the size."""
    out = AtomicFile(path, mode=mode)
    try:
        for chunk in chunks:
            out.write(chunk)
    except BaseException:
        out.abort()
        raise
    return out.commit()


class AtomicFile:
    """A file written a piece at a time and renamed into place by ``commit()`` (``abort()`` leaves the
    old one): for several streamed files open at once, e.g. the office feeds `bocal publish` fills in
    one pass over the clients."""

    def __init__(self, path: str | Path, *, mode: int = 0o644) -> None:
        self.target = Path(path)
        self.mode = mode
        directory = self.target.parent if str(self.target.parent) else Path(".")
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=directory)
        self.fh = os.fdopen(fd, "wb")
        self.size = 0

    def write(self, data: bytes) -> None:
        self.fh.write(data)
        self.size += len(data)

    def commit(self) -> int:
        try:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            os.chmod(self.tmp, self.mode)
            os.replace(self.tmp, self.target)
        except BaseException:
            self.abort()
            raise
        return self.size

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self.fh.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)
