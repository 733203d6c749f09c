"""Events that set off deadlines (bocal.events): the current events and their append-only history."""

from . import Migration

_EVENTS = """CREATE TABLE events (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    date       TEXT NOT NULL,
    person     TEXT,
    client     TEXT,
    note       TEXT,
    attributes TEXT NOT NULL,
    added_at   TEXT NOT NULL,
    added_by   TEXT
)"""

_HISTORY_COLUMNS = """
    event_id TEXT NOT NULL,
    action   TEXT NOT NULL CHECK (action IN ('add', 'import', 'remove')),
    at       TEXT NOT NULL,
    by_name  TEXT,
    event    TEXT NOT NULL
)"""

_INDEXES = (
    "CREATE INDEX events_client ON events (client, date)",
    "CREATE INDEX event_history_event ON event_history (event_id, id)",
)

MIGRATION = Migration(
    10,
    "events and their history",
    sqlite=(
        _EVENTS,
        "CREATE TABLE event_history (\n    id INTEGER PRIMARY KEY AUTOINCREMENT," + _HISTORY_COLUMNS,
        *_INDEXES,
    ),
    postgresql=(
        _EVENTS,
        "CREATE TABLE event_history (\n    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY," + _HISTORY_COLUMNS,
        *_INDEXES,
    ),
)
