"""The one version stamp: what a served calendar's ETag, Last-Modified and cache key are made of.

bocal's own code (every module of the package and icalendar's version: a new version may render the
same inputs differently), the rules, the input files, the options, the window and the task state's
``StateView.version()``: `etag` hashes them without rendering, so a 304 never renders, and a change
of any of them — a task marked done included — changes the ETag. Last-Modified is the newest input
(or the code), or the first of the month (JST), the day the window last moved, whichever is later.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from ..state import StateView

JST = timezone(timedelta(hours=9), "JST")
#: The newest file of the installed bocal package (its subpackages too): a new version may render the
#: same inputs differently, so Last-Modified never goes below it.
CODE_MTIME = max(p.stat().st_mtime for p in Path(__file__).parent.parent.rglob("*.py"))

# -- digests: an ETag without rendering -------------------------------------------------------------

_code_digest: str | None = None


def code_digest() -> str:
    """bocal's own files (code, schema) and icalendar's version: a new version may render differently."""
    global _code_digest
    if _code_digest is None:
        import icalendar

        h = hashlib.sha256(str(icalendar.__version__).encode())
        root = Path(__file__).parent.parent
        for p in sorted([*root.rglob("*.py"), *root.rglob("*.toml")]):
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
        _code_digest = h.hexdigest()
    return _code_digest


def catalog_digest(rules: Sequence[str], bundled: bool) -> str:
    from ..rules import bundled_files, rule_files

    h = hashlib.sha256()
    for name, data in bundled_files() if bundled else []:
        h.update(name.encode() + b"\0" + data)
    for r in rules:
        for f in rule_files(r) if os.path.exists(r) else [r]:
            with contextlib.suppress(OSError):
                h.update(f.encode() + b"\0" + Path(f).read_bytes())
    return h.hexdigest()


def file_digest(path: str) -> str:
    """The client's file name (it may name the client) and its bytes."""
    return hashlib.sha256(Path(path).name.encode() + b"\0" + Path(path).read_bytes()).hexdigest()


def etag(*parts: object) -> str:
    return '"' + hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:32] + '"'


def last_modified(mtimes: Sequence[float], today: date) -> datetime:
    """As `CompanyFeeds.last_modified`: the newest input (or bocal's code), or the first of the month."""
    newest = datetime.fromtimestamp(int(max([CODE_MTIME, *mtimes])), UTC)
    month_start = datetime(today.year, today.month, 1, tzinfo=JST).astimezone(UTC)
    return max(newest, month_start)


def fresh_version(state: StateView) -> str:
    """The task state's version, re-read first when the view follows a store (a `store.live.LiveState`:
    what `bocal done` wrote in another process shows at the next check)."""
    refresh = getattr(state, "refresh", None)
    if refresh is not None:
        refresh(force=True)
    version: str = state.version()
    return version
