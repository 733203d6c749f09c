"""The task store: the state of each task, its append-only history, and a change counter."""

from . import Migration

_STATUS_CHECK = "CHECK (status IN ('open', 'in-progress', 'waiting', 'done', 'not-applicable'))"

_STATE = f"""CREATE TABLE task_state (
    key        TEXT PRIMARY KEY,
    duty       TEXT NOT NULL,
    period     TEXT NOT NULL,
    company    TEXT NOT NULL,
    status     TEXT NOT NULL {_STATUS_CHECK},
    assignee   TEXT,
    note       TEXT,
    done_on    TEXT,
    updated_at TEXT NOT NULL,
    updated_by TEXT
)"""

_HISTORY_COLUMNS = """
    key          TEXT NOT NULL,
    duty         TEXT NOT NULL,
    period       TEXT NOT NULL,
    company      TEXT NOT NULL,
    at           TEXT NOT NULL,
    by_name      TEXT,
    action       TEXT NOT NULL,
    old_status   TEXT,
    new_status   TEXT NOT NULL,
    old_assignee TEXT,
    new_assignee TEXT,
    old_note     TEXT,
    new_note     TEXT,
    old_done_on  TEXT,
    new_done_on  TEXT
)"""

MIGRATION = Migration(
    1,
    "task state and history",
    sqlite=(
        "CREATE TABLE store_meta (id INTEGER PRIMARY KEY CHECK (id = 1), instance TEXT NOT NULL, counter BIGINT NOT NULL)",
        "INSERT INTO store_meta (id, instance, counter) VALUES (1, lower(hex(randomblob(6))), 0)",
        _STATE,
        "CREATE TABLE task_history (\n    id INTEGER PRIMARY KEY AUTOINCREMENT," + _HISTORY_COLUMNS,
    ),
    postgresql=(
        "CREATE TABLE store_meta (id INTEGER PRIMARY KEY CHECK (id = 1), instance TEXT NOT NULL, counter BIGINT NOT NULL)",
        "INSERT INTO store_meta (id, instance, counter) VALUES (1, substr(md5(random()::text || clock_timestamp()::text), 1, 12), 0)",
        _STATE,
        "CREATE TABLE task_history (\n    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY," + _HISTORY_COLUMNS,
    ),
)
