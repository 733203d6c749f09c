"""Events kept in the task store: the `events` table and its history (who added or removed what, when).

The table holds the current events; `event_history` keeps every add, import and remove with the
event as it was, so a removed event can be seen (and put back) later. The edge passes the time
(`at`), the library never reads the clock. An import is one transaction: all rows or none.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ..errors import Problem, UsageError, suggest
from .model import Event

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    date       TEXT NOT NULL,
    person     TEXT,
    client     TEXT,
    note       TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    added_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_client ON events (client, date);
CREATE TABLE IF NOT EXISTS event_history (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    action   TEXT NOT NULL CHECK (action IN ('add', 'import', 'remove')),
    at       TEXT NOT NULL,
    actor    TEXT,
    event    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS event_history_event ON event_history (event_id, seq);
"""


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    seq: int
    event_id: str
    action: str
    at: str
    actor: str | None
    event: Event


def _to_json(e: Event) -> str:
    return json.dumps(
        {
            "id": e.id,
            "kind": e.kind,
            "date": e.date.isoformat(),
            "person": e.person,
            "client": e.client,
            "note": e.note,
            "attributes": dict(e.attributes),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def _from_json(text: str) -> Event:
    d = json.loads(text)
    return Event(
        d["id"],
        d["kind"],
        date.fromisoformat(d["date"]),
        d.get("person"),
        d.get("client"),
        d.get("note"),
        tuple(sorted(d.get("attributes", {}).items())),
    )


def create_tables(conn: sqlite3.Connection) -> None:
    """The events tables (idempotent)."""
    conn.executescript(SCHEMA)


class EventStore:
    """The events of one task store (an open SQLite connection)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        create_tables(conn)

    def events(self, *, client: str | None = None, kind: str | None = None) -> tuple[Event, ...]:
        """Stored events by date, then kind and person; `client` / `kind` narrow them."""
        sql = "SELECT id, kind, date, person, client, note, attributes FROM events"
        where, args = [], []
        if client is not None:
            where.append("client = ?")
            args.append(client)
        if kind is not None:
            where.append("kind = ?")
            args.append(kind)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date, kind, person, id"
        return tuple(
            Event(r[0], r[1], date.fromisoformat(r[2]), r[3], r[4], r[5], tuple(sorted(json.loads(r[6]).items())))
            for r in self.conn.execute(sql, args)
        )

    def get(self, event_id: str) -> Event | None:
        for e in self._by_ids([event_id]):
            return e
        return None

    def _by_ids(self, ids: Sequence[str]) -> Iterable[Event]:
        for i in ids:
            row = self.conn.execute(
                "SELECT id, kind, date, person, client, note, attributes FROM events WHERE id = ?", (i,)
            ).fetchone()
            if row is not None:
                yield Event(
                    row[0],
                    row[1],
                    date.fromisoformat(row[2]),
                    row[3],
                    row[4],
                    row[5],
                    tuple(sorted(json.loads(row[6]).items())),
                )

    def add(self, event: Event, at: datetime, actor: str | None = None) -> None:
        """Record one event; the same event twice is a UsageError naming the one already stored."""
        if self.get(event.id) is not None:
            raise UsageError(
                Problem(
                    f"this event is already recorded as {event.id}",
                    hint="bocal event list shows it; remove it first to record it again",
                )
            )
        with self.conn:
            self._insert(event, at, "add", actor)

    def add_many(self, events: Sequence[Event], at: datetime, actor: str | None = None) -> tuple[int, int]:
        """Import events in one transaction; events already stored are left as they are.

        Returns (added, already stored)."""
        added = existing = 0
        with self.conn:
            for e in events:
                if self.get(e.id) is not None:
                    existing += 1
                    continue
                self._insert(e, at, "import", actor)
                added += 1
        return added, existing

    def _insert(self, e: Event, at: datetime, action: str, actor: str | None) -> None:
        attrs = json.dumps(dict(e.attributes), sort_keys=True)
        stamp = at.isoformat(timespec="seconds")
        self.conn.execute(
            "INSERT INTO events (id, kind, date, person, client, note, attributes, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (e.id, e.kind, e.date.isoformat(), e.person, e.client, e.note, attrs, stamp),
        )
        self.conn.execute(
            "INSERT INTO event_history (event_id, action, at, actor, event) VALUES (?, ?, ?, ?, ?)",
            (e.id, action, stamp, actor, _to_json(e)),
        )

    def remove(self, event_id: str, at: datetime, actor: str | None = None) -> Event:
        """Remove one event (kept in the history); an unknown id is a UsageError with a suggestion."""
        event = self.get(event_id)
        if event is None:
            ids = [r[0] for r in self.conn.execute("SELECT id FROM events")]
            raise UsageError(
                Problem(f"no event {event_id!r}", hint=suggest(event_id, ids) or "bocal event list shows the ids")
            )
        with self.conn:
            self.conn.execute("DELETE FROM events WHERE id = ?", (event_id,))
            self.conn.execute(
                "INSERT INTO event_history (event_id, action, at, actor, event) VALUES (?, 'remove', ?, ?, ?)",
                (event_id, at.isoformat(timespec="seconds"), actor, _to_json(event)),
            )
        return event

    def history(self, event_id: str | None = None) -> tuple[HistoryEntry, ...]:
        sql = "SELECT seq, event_id, action, at, actor, event FROM event_history"
        args: tuple[str, ...] = ()
        if event_id is not None:
            sql += " WHERE event_id = ?"
            args = (event_id,)
        return tuple(
            HistoryEntry(r[0], r[1], r[2], r[3], r[4], _from_json(r[5]))
            for r in self.conn.execute(sql + " ORDER BY seq", args)
        )

    def version(self) -> str:
        """Changes whenever an event is added or removed (for caches and ETags)."""
        row = self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM event_history").fetchone()
        return str(row[0])
