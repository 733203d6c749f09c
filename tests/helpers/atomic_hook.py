"""Test-only: run the bocal CLI in a subprocess that stops dead in the middle of an atomic write.

    python -m helpers.atomic_hook STAGE READY_FILE -- <bocal arguments>

STAGE is `mid-write` (half the bytes written and flushed to the temporary file, the rest not) or
`before-rename` (the temporary file complete and synced, os.replace not yet called), for the file
given with `-o` only (bocal's other atomic writes, such as its catalog cache, pass). At that point
the hook creates READY_FILE and blocks forever, so the test can SIGKILL the process at exactly that
moment instead of guessing with timers.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any


def block(ready: str) -> None:
    Path(ready).write_text(str(os.getpid()))
    threading.Event().wait()  # until SIGKILL


def install(stage: str, ready: str, target: str) -> None:
    """Stop inside write_atomic when it writes `target` (other atomic writes, e.g. caches, pass)."""
    import bocal.atomic as atomic

    if stage == "before-rename":
        real_replace = os.replace

        def replace(src: Any, dst: Any) -> None:
            if os.path.basename(str(dst)) == target:
                block(ready)
            real_replace(src, dst)

        atomic.os.replace = replace  # type: ignore[assignment]
    elif stage == "mid-write":
        real_fdopen = os.fdopen

        class HalfWriter:
            def __init__(self, fh: Any) -> None:
                self.fh = fh

            def __enter__(self) -> HalfWriter:
                return self

            def __exit__(self, *exc: object) -> None:
                self.fh.close()

            def write(self, data: bytes) -> int:
                half = len(data) // 2
                self.fh.write(data[:half])
                self.fh.flush()
                os.fsync(self.fh.fileno())
                block(ready)
                return half  # pragma: no cover - never reached

            def __getattr__(self, name: str) -> Any:
                return getattr(self.fh, name)

        def fdopen(fd: int, *args: Any, **kw: Any) -> Any:
            fh = real_fdopen(fd, *args, **kw)
            # only the temporary file write_atomic made (".<target>.XXXX.tmp"); anything else is left alone
            name = os.path.basename(os.readlink(f"/proc/self/fd/{fd}")) if os.path.exists("/proc/self/fd") else ""
            if name.startswith(f".{target}.") and name.endswith(".tmp"):
                return HalfWriter(fh)
            return fh

        atomic.os.fdopen = fdopen  # type: ignore[assignment]
    else:
        raise SystemExit(f"unknown stage {stage!r}")


if __name__ == "__main__":
    stage, ready, sep, *rest = sys.argv[1:]
    assert sep == "--"
    install(stage, ready, os.path.basename(rest[rest.index("-o") + 1]))
    from bocal.cli import cli

    cli.main(args=rest, prog_name="bocal")
