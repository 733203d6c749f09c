"""Events kept in the task store: the `events` table and its history (who added or removed what, when).

The tables come from the store's migration `m0010_events`; this module reads and writes them through
the store's connection layer (SQLite or PostgreSQL alike). `event_history` keeps every add, import
and remove with the event as it was, so a removed event can be seen later. Each write also bumps
the store's change counter, so `Store.version()` — and every feed ETag built on it — changes when
events do. The edge passes the time (`at`) and who acts; the library never reads the clock.
An import is one transaction: all rows or none.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem, UsageError, suggest
from ..store.backend import Connection, connect
from ..store.schema import migrate
from ..store.url import DbUrl
from .model import Event

if TYPE_CHECKING:
    from ..clients import Office
    from ..profile import Profile

_COLUMNS = "id, kind, date, person, client, note, attributes"


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    seq: int
    event_id: str
    action: str  # add | import | remove
    at: str
    by: str | None
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


def _row(r: Sequence[Any]) -> Event:
    return Event(r[0], r[1], date.fromisoformat(r[2]), r[3], r[4], r[5], tuple(sorted(json.loads(r[6]).items())))


class EventStore:
    """The events of one task store. `open` returns None for a SQLite file that does not exist yet."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    @classmethod
    def open(cls, url: DbUrl, *, create: bool) -> EventStore | None:
        conn = connect(url, create=create)
        if conn is None:
            return None
        try:
            migrate(conn)
        except BaseException:
            conn.close()
            raise
        return cls(conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def events(self, *, client: str | None = None, kind: str | None = None) -> tuple[Event, ...]:
        """Stored events by date, then kind and person; `client` / `kind` narrow them."""
        sql = f"SELECT {_COLUMNS} FROM events"
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
        return tuple(_row(r) for r in self.conn.execute(sql, args))

    def get(self, event_id: str) -> Event | None:
        rows = self.conn.execute(f"SELECT {_COLUMNS} FROM events WHERE id = ?", (event_id,))
        return _row(rows[0]) if rows else None

    def add(self, event: Event, at: datetime, by: str | None = None) -> None:
        """Record one event; the same event twice is a UsageError naming the one already stored."""
        with self.conn.write():
            if self.get(event.id) is not None:
                raise UsageError(
                    Problem(
                        f"this event is already recorded as {event.id}",
                        hint="bocal event list shows it; remove it first to record it again",
                    )
                )
            self._insert(event, at, "add", by)
            self._bump()

    def add_many(self, events: Sequence[Event], at: datetime, by: str | None = None) -> tuple[int, int]:
        """Import events in one transaction; events already stored are left as they are.

        Returns (added, already stored)."""
        added = existing = 0
        with self.conn.write():
            for e in events:
                if self.get(e.id) is not None:
                    existing += 1
                    continue
                self._insert(e, at, "import", by)
                added += 1
            if added:
                self._bump()
        return added, existing

    def remove(self, event_id: str, at: datetime, by: str | None = None) -> Event:
        """Remove one event (kept in the history); an unknown id is a UsageError with a suggestion."""
        with self.conn.write():
            event = self.get(event_id)
            if event is None:
                ids = [r[0] for r in self.conn.execute("SELECT id FROM events")]
                raise UsageError(
                    Problem(f"no event {event_id!r}", hint=suggest(event_id, ids) or "bocal event list shows the ids")
                )
            self.conn.execute("DELETE FROM events WHERE id = ?", (event_id,))
            self.conn.execute(
                "INSERT INTO event_history (event_id, action, at, by_name, event) VALUES (?, 'remove', ?, ?, ?)",
                (event_id, at.isoformat(timespec="seconds"), by, _to_json(event)),
            )
            self._bump()
        return event

    def history(self, event_id: str | None = None) -> tuple[HistoryEntry, ...]:
        sql = "SELECT id, event_id, action, at, by_name, event FROM event_history"
        args: tuple[str, ...] = ()
        if event_id is not None:
            sql += " WHERE event_id = ?"
            args = (event_id,)
        rows = self.conn.execute(sql + " ORDER BY id", args)
        return tuple(HistoryEntry(int(r[0]), r[1], r[2], r[3], r[4], _from_json(r[5])) for r in rows)

    def _insert(self, e: Event, at: datetime, action: str, by: str | None) -> None:
        stamp = at.isoformat(timespec="seconds")
        self.conn.execute(
            "INSERT INTO events (id, kind, date, person, client, note, attributes, added_at, added_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                e.id,
                e.kind,
                e.date.isoformat(),
                e.person,
                e.client,
                e.note,
                json.dumps(dict(e.attributes), sort_keys=True),
                stamp,
                by,
            ),
        )
        self.conn.execute(
            "INSERT INTO event_history (event_id, action, at, by_name, event) VALUES (?, ?, ?, ?, ?)",
            (e.id, action, stamp, by, _to_json(e)),
        )

    def _bump(self) -> None:
        self.conn.execute("UPDATE store_meta SET counter = counter + 1 WHERE id = 1")


def _stored(url: DbUrl) -> tuple[Event, ...]:
    """Every stored event; nothing (and no file created) when the SQLite store does not exist yet."""
    if url.dialect == "sqlite" and not Path(url.target).is_file():
        return ()
    store = EventStore.open(url, create=False)
    if store is None:
        return ()
    with store:
        return store.events()


def with_stored_events(profile: Profile, url: DbUrl) -> Profile:
    """The profile with the stored events that belong to it (no client, or its name / id) added."""
    names = {profile.name, profile.company_id}
    known = {e.id for e in profile.events}
    mine = tuple(e for e in _stored(url) if (e.client is None or e.client in names) and e.id not in known)
    return replace(profile, events=profile.events + mine) if mine else profile


def office_with_stored_events(office: Office, url: DbUrl) -> Office:
    """The office with each client's stored events (the event's client: the client's name, file name or id)."""
    stored = [e for e in _stored(url) if e.client is not None]
    if not stored:
        return office
    clients = []
    for c in office.clients:
        mine = tuple(e for e in stored if e.client in (c.name, c.stem, c.id))
        clients.append(replace(c, profile=replace(c.profile, events=c.profile.events + mine)) if mine else c)
    return replace(office, clients=tuple(clients))
