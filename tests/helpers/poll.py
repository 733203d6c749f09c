"""Wait for something to become true by polling it against a deadline, instead of sleeping a guess.

The deadline is only an upper bound against a hung process (a test never asserts how long it took);
the check runs again as soon as `interval` has passed, so a fast machine waits as little as it can.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    check: Callable[[], T | None],
    what: str,
    *,
    timeout: float = 60.0,
    interval: float = 0.01,
    proc: subprocess.Popen[bytes] | None = None,
) -> T:
    """Call `check` until it returns something other than None/False; return that.

    Raises AssertionError naming `what` when `timeout` seconds pass, or as soon as `proc` (the
    process expected to make it happen) has ended.
    """
    deadline = time.monotonic() + timeout
    while True:
        got = check()
        if got is not None and got is not False:
            return got
        if proc is not None and proc.poll() is not None:
            got = check()  # it may have happened just before the process ended
            if got is not None and got is not False:
                return got
            raise AssertionError(f"{what}: the process ended first (exit {proc.returncode})")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {timeout:g} s")
        time.sleep(interval)


def log_text(path: Path, offset: int = 0) -> str:
    """The log file from byte `offset` on (decoded leniently: a line may be half written)."""
    return path.read_bytes()[offset:].decode("utf-8", "replace")


def wait_for_log(
    path: Path,
    wanted: Callable[[str], bool],
    what: str,
    *,
    offset: int = 0,
    timeout: float = 60.0,
    proc: subprocess.Popen[bytes] | None = None,
) -> str:
    """Poll a log file until `wanted(text after offset)` holds; return that text."""

    def check() -> str | None:
        text = log_text(path, offset)
        return text if wanted(text) else None

    return wait_until(check, what, timeout=timeout, proc=proc)
