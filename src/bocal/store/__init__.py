"""The task store: the state of each task (status, assignee, note, done date) and its history.

State is keyed by `state.task_key(task)` (duty + period + company), never by a date. It lives in a
real database: SQLite by default (``$XDG_DATA_HOME/bocal/state.sqlite3``, WAL mode, created on the
first write), or PostgreSQL for offices that share state between machines (``--db`` /
``BOCAL_DB=postgresql://…``, the extra ``bocal[postgres]``). One schema and one code path serve
both (`backend`: a thin DB-API layer, chosen over SQLAlchemy for start-up time).

Modules:

- `url` — ``--db`` / ``BOCAL_DB`` / the default file → `DbUrl`
- `backend` — connections, transactions, driver errors → one-line `StoreError`
- `migrations` — numbered schema steps, one module each; **another part of bocal adds its tables by
  adding one module there** (see that package's docstring: numbers 10–19 events, 20–29
  notifications); `schema.migrate` runs them on first use, each in a write transaction
- `tasks` — `Store`: `snapshot()` (a `StateView`), `version()`, `apply(updates)`, `undo`, `history`,
  `stored`, `duties`, `import_rows`
- `portable` — `bocal state export` / `import` as JSON

Typical use (the edge passes the clock and who is acting)::

    from bocal.store import Store, TaskRef, Update, resolve_db
    from bocal.state import Status

    with Store(resolve_db(None, os.environ)) as store:
        store.apply([Update(TaskRef.of(task), status=Status.DONE)], at=now, by="sato", today=today)
        view = store.snapshot([task_key(t) for t in tasks])   # hand this to renderers

Other modules that keep their own tables use the same connection machinery::

    from bocal.store.backend import connect
    from bocal.store.schema import migrate
    conn = connect(url, create=True); migrate(conn)
    with conn.write():
        conn.execute("INSERT INTO events (…) VALUES (?, ?)", (a, b))
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .backend import StoreError
    from .reader import StateSnapshot
    from .tasks import KEEP, Change, Store, StoredState, TaskRef, Update
    from .url import DbUrl, default_path, parse_db_url, resolve_db

#: name -> module: the package loads a module on first use, so `bocal list` without a database
#: pays only for `url` (start-up budget).
_WHERE = {
    "StoreError": "backend",
    "KEEP": "tasks",
    "Change": "tasks",
    "StateSnapshot": "reader",
    "Store": "tasks",
    "StoredState": "tasks",
    "TaskRef": "tasks",
    "Update": "tasks",
    "DbUrl": "url",
    "default_path": "url",
    "parse_db_url": "url",
    "resolve_db": "url",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)


__all__ = [
    "KEEP",
    "Change",
    "DbUrl",
    "StateSnapshot",
    "Store",
    "StoreError",
    "StoredState",
    "TaskRef",
    "Update",
    "default_path",
    "parse_db_url",
    "resolve_db",
]
