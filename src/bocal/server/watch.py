"""The one file watcher of the feeds: throttled checks, keep-last-good, each problem logged once.

A feed follows its files without a restart: each request may trigger a check, but at most one every
``interval`` seconds (`Throttle`; a check stats files, it never reads them unless they changed). A
broken edit never takes a feed down: `KeepLastGood` keeps serving the last good value and logs the
problem once (`LogOnce`), until the files change again.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from ..errors import BocalError

T = TypeVar("T")


def stat_key(path: str) -> tuple[int, int, int]:
    """(inode, mtime_ns, size) of a file, or (0, 0, -1) when it is missing: a change of it is an edit."""
    try:
        st = os.stat(path)
    except OSError:
        return (0, 0, -1)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class Throttle:
    """At most one check every `interval` seconds on `clock` (0: every time), one checker at a time."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self.lock = threading.Lock()
        self._next = 0.0

    def due(self) -> bool:
        return self.clock() >= self._next

    def start(self, *, force: bool = False) -> bool:
        """Under `lock`: True when a check should run now (and the next one is scheduled)."""
        now = self.clock()
        if not force and now < self._next:
            return False
        self._next = now + self.interval
        return True


class LogOnce:
    """Log each distinct message once (a broken file is reported when found, not on every check)."""

    def __init__(self, logger: logging.Logger) -> None:
        self.logger = logger
        self._said: set[str] = set()

    def __call__(self, level: int, message: str) -> None:
        if message not in self._said:
            self._said.add(message)
            self.logger.log(level, "%s", message)


class KeepLastGood(Generic[T]):
    """A value built from files, rebuilt when their key changes; a failed build keeps the old value."""

    def __init__(self, key: Hashable, value: T) -> None:
        self.key, self.value = key, value
        self.failed: Hashable | None = None

    def update(self, key: Hashable, build: Callable[[], T], logger: logging.Logger, what: str) -> bool:
        """Rebuild for `key` unless it is the current one or the one that last failed (already logged)."""
        if key == self.key or key == self.failed:
            return False
        try:
            value = build()
        except BocalError as e:
            self.failed = key
            logger.error("%s not updated, still serving the last good one: %s", what, "; ".join(map(str, e.problems)))
            return False
        except Exception:
            self.failed = key
            logger.exception("%s not updated, still serving the last good one", what)
            return False
        self.key, self.value, self.failed = key, value, None
        return True
