"""Add the task store's events to a profile (or an office) — cheaply when there is no store.

Every `bocal list` asks for stored events, so the common case — no store file — must not import
the store package (its drivers cost tens of milliseconds). `default_store_path` therefore repeats
`bocal.store.url.default_path` (tests check they agree); only when a store exists is it opened.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..clients import Office
    from ..profile import Profile


def default_store_path(env: Mapping[str, str]) -> Path:
    """$XDG_DATA_HOME/bocal/state.sqlite3, or ~/.local/share/bocal/state.sqlite3 (as bocal.store)."""
    base = env.get("XDG_DATA_HOME") or ""
    root = (
        Path(base) if base and Path(base).is_absolute() else Path(env.get("HOME") or Path.home()) / ".local" / "share"
    )
    return root / "bocal" / "state.sqlite3"


def _may_hold_events(env: Mapping[str, str], db: str | None) -> bool:
    return bool(db) or bool(env.get("BOCAL_DB")) or default_store_path(env).is_file()


def attach_stored_events(profile: Profile, env: Mapping[str, str], db: str | None = None) -> Profile:
    """The profile with its recorded events added (--db, else BOCAL_DB, else the default store)."""
    if not _may_hold_events(env, db):
        return profile
    from ..store.url import resolve_db
    from .store import with_stored_events

    return with_stored_events(profile, resolve_db(db, env))


def attach_stored_events_office(office: Office, env: Mapping[str, str], db: str | None = None) -> Office:
    """The office with each client's recorded events added (--db, else BOCAL_DB, else the default store)."""
    if not _may_hold_events(env, db):
        return office
    from ..store.url import resolve_db
    from .store import office_with_stored_events

    return office_with_stored_events(office, resolve_db(db, env))
