"""Write files so that a reader never sees half of one: a temp file beside the target, then rename.

What an output path may be (`-o` of every command, and the files publish writes):

- a regular file or a new name: written to a temp file in the same directory, then renamed over it;
- a symbolic link: followed — the file it points to is replaced, the link stays (a dangling link
  creates its target);
- a FIFO or a character device (`-o /dev/stdout`, `-o /dev/null`, `-o >(gzip > x.gz)`): written
  directly, since there is nothing to rename over (a reader of the pipe sees the stream as it comes);
- a directory, a block device or a socket: refused (OSError naming what it is), nothing written.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def write_atomic(path: str | Path, data: bytes, *, mode: int = 0o644) -> None:
    """Replace `path` with `data` atomically (same directory, fsync, os.replace)."""
    write_atomic_chunks(path, (data,), mode=mode)


def write_atomic_chunks(path: str | Path, chunks: Iterable[bytes], *, mode: int = 0o644) -> int:
    """Like `write_atomic`, for data that comes a piece at a time (never all in memory); returns the size."""
    if is_stream(path):
        size = 0
        with open(path, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
                size += len(chunk)
        return size
    out = AtomicFile(path, mode=mode)
    try:
        for chunk in chunks:
            out.write(chunk)
    except BaseException:
        out.abort()
        raise
    return out.commit()


def is_stream(path: str | Path) -> bool:
    """True for a FIFO or character device (written directly); False for a regular file or a new
    name (written atomically); OSError for what cannot be an output file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise OSError(errno.ELOOP, "a symbolic link in a loop", str(path)) from None
        raise
    if stat.S_ISREG(st.st_mode):
        return False
    if stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
        return True
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory; give a file name", str(path))
    raise OSError(errno.EINVAL, "is a block device or a socket, not a file", str(path))


def target_of(path: str | Path) -> Path:
    """The file a write to `path` replaces: a symbolic link is followed (its target is replaced and
    the link stays a link)."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)


class AtomicFile:
    """A file written a piece at a time and renamed into place by ``commit()`` (``abort()`` leaves the
    old one): for several streamed files open at once, e.g. the office feeds `bocal publish` fills in
    one pass over the clients."""

    def __init__(self, path: str | Path, *, mode: int = 0o644) -> None:
        is_stream(path)  # refuses directories, block devices and sockets before a temp file exists
        self.target = target_of(path)
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

    def close(self) -> int:
        """Flush and close the temp file without fsync, for a batch made durable at once (`sync_dirs`)
        and then renamed into place (`rename`); returns the size."""
        try:
            self.fh.close()
            os.chmod(self.tmp, self.mode)
        except BaseException:
            self.abort()
            raise
        return self.size

    def rename(self) -> None:
        """Rename the closed (and synced) temp file over the target."""
        try:
            os.replace(self.tmp, self.target)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self.fh.close()
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)


def sync_dirs(directories: Iterable[str | Path]) -> None:
    """Make everything written to the file systems holding `directories` durable: one ``syncfs(2)``
    per file system (Linux), else ``sync()``. Thousands of files written then synced at once cost
    the disk one flush instead of one journal commit each (``fsync`` per file). OSError on failure."""
    devices: dict[int, str] = {}
    for d in directories:
        devices.setdefault(os.stat(d).st_dev, str(d))
    syncfs = _syncfs()
    if syncfs is None:
        os.sync()
        return
    for d in devices.values():
        fd = os.open(d, os.O_RDONLY)
        try:
            if syncfs(fd) != 0:
                import ctypes

                err = ctypes.get_errno()
                raise OSError(err, os.strerror(err), d)
        finally:
            os.close(fd)


@functools.cache
def _syncfs() -> Any:
    """libc's syncfs (the process's own symbols: no library search), or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
