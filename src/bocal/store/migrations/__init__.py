"""Numbered schema migrations, discovered from the modules of this package and run on first use.

Each module here named ``m<NNNN>_<name>.py`` defines ``MIGRATION = Migration(...)``; the runner
(`bocal.store.schema.migrate`) finds them all, sorts them by number and applies, each in its own
write transaction, those above the database's ``schema_version``. A migration, once released, is
never edited: a change is a new, higher-numbered module.

**Adding a table from another part of bocal is a one-file addition** — drop a module in this package::

    # src/bocal/store/migrations/m0010_events.py
    from . import Migration

    MIGRATION = Migration(
        10,
        "events",
        sqlite=("CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, …)",),
        postgresql=("CREATE TABLE events (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, …)",),
    )

(``Migration.same(10, "events", "CREATE TABLE …")`` when the DDL is the same for both dialects.)
Numbers are reserved by owner so parallel work never collides: 1–9 the task store, 10–19 events,
20–29 notifications, 30+ ask first. Numbers need not be contiguous; each must be unique.
Write DDL both SQLite and PostgreSQL accept where possible (TEXT, BIGINT, dates as ISO TEXT) and
keep any difference inside the migration, never in the code that reads the tables.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: its number, a name, and the statements to run per dialect."""

    version: int
    name: str
    sqlite: tuple[str, ...]
    postgresql: tuple[str, ...]

    @classmethod
    def same(cls, version: int, name: str, *statements: str) -> Migration:
        """A migration whose statements are identical on SQLite and PostgreSQL."""
        return cls(version, name, tuple(statements), tuple(statements))

    def statements(self, dialect: str) -> tuple[str, ...]:
        return self.sqlite if dialect == "sqlite" else self.postgresql


@cache
def all_migrations() -> tuple[Migration, ...]:
    """Every migration module of this package, in version order (duplicate numbers are a bug)."""
    found: list[Migration] = []
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("m") or not info.name[1:5].isdigit():
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        migration = module.MIGRATION
        if not isinstance(migration, Migration):
            raise TypeError(f"{module.__name__}.MIGRATION is not a Migration")
        if migration.version != int(info.name[1:5]):  # the runner reads the number from the name
            raise RuntimeError(f"{module.__name__} holds migration {migration.version}, not {int(info.name[1:5])}")
        found.append(migration)
    found.sort(key=lambda m: m.version)
    check_unique(found)
    return tuple(found)


def check_unique(found: Sequence[Migration]) -> None:
    seen: dict[int, str] = {}
    for m in found:
        if m.version in seen:
            raise RuntimeError(f"migrations {seen[m.version]!r} and {m.name!r} share number {m.version}")
        seen[m.version] = m.name
