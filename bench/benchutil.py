"""What every benchmark script shares: best-of-N timing and a line naming the machine."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def best(runs: int, fn: Callable[[], T]) -> tuple[float, T]:
    """The fastest of `runs` calls (other work on the machine only ever slows a run) and its result."""
    times: list[float] = []
    result: T | None = None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    assert result is not None or runs > 0
    return min(times), result  # type: ignore[return-value]


def machine() -> str:
    """CPU model, cores, Python and OS, for the figures' caption."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )
