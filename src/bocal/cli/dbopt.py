"""--db and reading task state: the part of the state edge that `bocal list` loads (kept light)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def db_option(f: F) -> F:
    return click.option(
        "--db",
        "db",
        metavar="URL",
        help="The task-state database: a file, sqlite:///path or postgresql://… "
        "(or set BOCAL_DB; default $XDG_DATA_HOME/bocal/state.sqlite3).",
    )(f)


def open_store(db: str | None) -> Any:
    """The store --db / BOCAL_DB / the default names (opened on first use)."""
    from ..store import Store, resolve_db

    return Store(resolve_db(db, os.environ))


def state_view(db: str | None, keys: Sequence[str] | None) -> Any:
    """The state of these tasks (None: of every task) for a renderer; empty when there is no database yet."""
    from ..store.url import resolve_db

    url = resolve_db(db, os.environ)
    if url.dialect == "sqlite" and not os.path.exists(url.target):
        from ..state import NO_STATE

        return NO_STATE  # nothing recorded yet: no need to load the store
    from ..store.reader import snapshot_of

    return snapshot_of(url, keys)


def live_state(db: str | None) -> Any:
    """Task state for a server: reloaded when another process (bocal done) writes."""
    from ..store.live import LiveState

    return LiveState(open_store(db))
