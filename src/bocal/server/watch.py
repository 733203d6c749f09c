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
from typing import Any, Generic, TypeVar

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
        except Exception as e:  # no traceback: the message alone, anything shaped like a token hidden
            from .tokens import hide_tokens

            self.failed = key
            logger.error(
                "%s not updated, still serving the last good one: %s", what, hide_tokens(f"{type(e).__name__}: {e}")
            )
            return False
        self.key, self.value, self.failed = key, value, None
        return True


class WatchedRules:
    """The rule files a server expands with, re-read when one of them changes (a broken edit keeps
    the last good catalog). ``expander`` is shared by the requests; guard it with the caller's lock."""

    def __init__(self, rules: tuple[str, ...], bundled: bool, cache_dir: str | None = None) -> None:
        self.rules, self.bundled, self.cache_dir = rules, bundled, cache_dir
        self.expander: Any = None
        self.digest = ""  # of the rules' bytes: part of every ETag
        self.mtime = 0.0  # of the newest rule file: a floor of Last-Modified
        self._key: tuple[Any, ...] | None = None
        self._failed: tuple[Any, ...] | None = None

    def files(self) -> list[str]:
        from ..rules import rule_files

        return [f for r in self.rules for f in (rule_files(r) if os.path.exists(r) else [r])]

    def check(self, report: LogOnce, *, first: bool = False) -> bool:
        """Reload if a rule file changed; True when the catalog is new. On the first load a broken
        file raises (there is nothing to serve); later it is reported once and the old one kept."""
        from ..expand import Expander
        from ..rules import load_catalog

        files = self.files()
        key = tuple(stat_key(f) for f in files)
        if key in (self._key, self._failed):
            return False
        try:
            catalog = load_catalog(list(self.rules), bundled=self.bundled, cache_dir=self.cache_dir)
        except BocalError as e:
            if first:
                raise
            self._failed = key
            problems = "; ".join(str(p) for p in e.problems)
            report(logging.ERROR, "rules not updated, still serving the last good ones: " + problems)
            return False
        from .stamp import catalog_digest

        self.expander = Expander(catalog)
        self._key, self._failed = key, None
        self.digest = catalog_digest(self.rules, self.bundled)
        self.mtime = max([0.0, *(os.stat(f).st_mtime for f in files if os.path.exists(f))])
        return True
