"""Standard output that cannot be written: full (`> /dev/full`), closed (`>&-`) or gone (`| head`).

`guard_stdout()` (called once by `main`) wraps sys.stdout so that a failed write or flush raises
`StdoutError` — told apart from every other OSError (a file, a socket) — and gives a closed
standard output a stand-in that fails the same way on the first write instead of silently
dropping the output. `BocalGroup.invoke` flushes after the command and turns `StdoutError` into
one line on stderr and exit status 1; a broken pipe stays quiet. `quiet_stdout()` then points
file descriptor 1 at /dev/null so the interpreter's own final flush cannot print a traceback.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any


class StdoutError(OSError):
    """Writing to standard output failed (not a broken pipe)."""


class _Guarded:
    """A stream whose write and flush errors become StdoutError; everything else passes through."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def _call(self, name: str, *args: Any) -> Any:
        try:
            return getattr(self._stream, name)(*args)
        except BrokenPipeError:
            raise
        except OSError as e:
            raise StdoutError(e.errno, e.strerror or str(e)) from None

    def write(self, data: Any) -> Any:
        return self._call("write", data)

    def writelines(self, lines: Any) -> Any:
        return self._call("writelines", lines)

    def flush(self) -> Any:
        return self._call("flush")

    @property
    def buffer(self) -> Any:
        return _Guarded(self._stream.buffer)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _Closed:
    """Standard output when file descriptor 1 was closed: every write fails with EBADF."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, data: Any) -> int:
        raise StdoutError(errno.EBADF, "standard output is closed")

    writelines = write

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise StdoutError(errno.EBADF, "standard output is closed")

    @property
    def buffer(self) -> _Closed:
        return self


def guard_stdout() -> None:
    """Install the guard on sys.stdout (once, in a real process; CliRunner tests keep their own)."""
    if sys.stdout is None:
        sys.stdout = _Closed()
    elif not isinstance(sys.stdout, _Guarded | _Closed):
        sys.stdout = _Guarded(sys.stdout)


def flush_stdout() -> None:
    out = sys.stdout
    if out is not None:
        out.flush()


def quiet_stdout() -> None:
    """Point fd 1 at /dev/null: what is still buffered is dropped instead of failing at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass
