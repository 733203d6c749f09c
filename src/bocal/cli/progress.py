"""A progress bar with an ETA for long office work (export/publish --clients), on stderr.

Only on a terminal and without ``--quiet``: a pipe, a log file or cron gets nothing but the
one-line summary the command prints at the end. The bar is redrawn at most every `INTERVAL`
seconds and erased when the work is done, so the summary line stands alone.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from ..i18n import t

INTERVAL = 0.2
WIDTH = 24


def eta_text(seconds: float, lang: str) -> str:
    s = max(0, int(round(seconds)))
    clock = f"{s // 60}:{s % 60:02d}" if s < 3600 else f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
    return t("progress.eta", lang, clock=clock)


def bar_line(done: int, total: int, elapsed: float, label: str, lang: str) -> str:
    """「顧問先 120/1000 [###·····] 12% 残り約 0:34」: the ETA from the pace so far."""
    total = max(total, 1)
    filled = WIDTH * done // total
    bar = "#" * filled + "·" * (WIDTH - filled)
    eta = eta_text(elapsed / done * (total - done), lang) if done else ""
    return f"{label} {done}/{total} [{bar}] {100 * done // total}% {eta}".rstrip()


class Progress:
    """``progress(done, total)`` after each piece of work; ``close()`` erases the bar."""

    def __init__(
        self,
        label: str,
        lang: str = "ja",
        *,
        quiet: bool = False,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = not quiet and callable(isatty) and bool(isatty())
        self.label, self.lang, self.clock = label, lang, clock
        self.start = clock()
        self._last = -INTERVAL
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self._last < INTERVAL and done < total:
            return
        self._last = now
        self.stream.write("\r\x1b[K" + bar_line(done, total, now - self.start, self.label, self.lang))
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
