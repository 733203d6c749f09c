"""Running the migrations: bring a database up to the newest schema this bocal knows, on first use."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from ..errors import Problem
from .backend import Connection, StoreError

if TYPE_CHECKING:
    from .migrations import Migration

_MODULE = re.compile(r"m(\d{4})_\w+\.py$")


def latest() -> int:
    """The newest migration this bocal has, read from the module names (importing none of them, so
    a reader of an up-to-date database pays nothing for the migrations)."""
    folder = os.path.join(os.path.dirname(__file__), "migrations")
    return max(int(m.group(1)) for name in os.listdir(folder) if (m := _MODULE.fullmatch(name)))


def current_version(conn: Connection) -> int:
    """The database's schema version: 0 for an empty database."""
    if conn.dialect == "sqlite":
        exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")
    else:
        exists = conn.execute("SELECT 1 WHERE to_regclass('schema_version') IS NOT NULL")
    if not exists:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version")
    return int(row[0][0] or 0)


def migrate(conn: Connection, *, upto: int | None = None) -> int:
    """Apply every migration above the database's version (up to `upto`); returns the new version.

    Safe when several processes start at once: each step runs in a write transaction (which
    serialises writers on both databases) and re-reads the version inside it.
    """
    target = latest() if upto is None else upto
    version = current_version(conn)
    if version > latest():
        raise StoreError(
            Problem(
                f"the task-state database {conn.url.display()} has schema version {version}, "
                f"newer than this bocal knows ({latest()})",
                hint="upgrade bocal",
            )
        )
    if version >= target:
        return version
    from .migrations import all_migrations

    pending = [m for m in all_migrations() if version < m.version <= target]
    for m in pending:
        apply_one(conn, m)
    return max(version, *(m.version for m in pending)) if pending else version


def apply_one(conn: Connection, m: Migration) -> None:
    with conn.write():
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = conn.execute("SELECT 1 FROM schema_version WHERE version = ?", (m.version,))
        if done:  # another process applied it while this one waited
            return
        for statement in m.statements(conn.dialect):
            conn.execute(statement)
        conn.execute(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
            (m.version, m.name),
        )
