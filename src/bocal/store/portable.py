"""`bocal state export` / `bocal state import`: the whole store as JSON, to back up or to move it
between SQLite and PostgreSQL. Round-trips exactly; importing the same file twice changes nothing.

    {"format": "bocal-state", "version": 1,
     "states":  [{"key", "duty", "period", "company", "status", "assignee", "note", "done_on",
                  "updated_at", "updated_by"}, …],
     "history": [{"key", "duty", "period", "company", "at", "by", "action",
                  "before": {"status", "assignee", "note", "done_on"}, "after": {…}}, …]}
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ..errors import Problem, UsageError
from ..state import Status, TaskState
from .tasks import Change, Store, StoredState, TaskRef

FORMAT = "bocal-state"
VERSION = 1


def _fields(s: TaskState) -> dict[str, Any]:
    return {
        "status": s.status.value,
        "assignee": s.assignee,
        "note": s.note,
        "done_on": s.done_on.isoformat() if s.done_on else None,
    }


def _ref(r: TaskRef) -> dict[str, str]:
    return {"key": r.key, "duty": r.duty, "period": r.period, "company": r.company}


def export_state(store: Store) -> dict[str, Any]:
    """The store as a JSON-ready dict (states ordered by key, history oldest first)."""
    states = [
        {**_ref(s.ref), **_fields(s.state), "updated_at": s.updated_at, "updated_by": s.updated_by}
        for s in store.stored()
    ]
    history = [
        {
            **_ref(c.ref),
            "at": c.at,
            "by": c.by,
            "action": c.action,
            "before": _fields(c.before),
            "after": _fields(c.after),
        }
        for c in store.history()
    ]
    return {"format": FORMAT, "version": VERSION, "states": states, "history": history}


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


class _Reader:
    """Checks an imported document field by field, naming where each bad value is."""

    def __init__(self, path: str | None) -> None:
        self.path = path

    def fail(self, where: str, message: str) -> UsageError:
        return UsageError(Problem(f"{where}: {message}", path=self.path, hint="expected a `bocal state export` file"))

    def text(self, obj: dict[str, Any], name: str, where: str, *, optional: bool = False) -> str | None:
        value = obj.get(name)
        if value is None and optional:
            return None
        if not isinstance(value, str) or (not value and not optional):
            raise self.fail(where, f'"{name}" must be {"a string or null" if optional else "a non-empty string"}')
        return value or None

    def state(self, obj: Any, key: str, where: str) -> TaskState:
        if not isinstance(obj, dict):
            raise self.fail(where, "must be an object")
        status = self.text(obj, "status", where)
        try:
            st = Status(str(status))
        except ValueError:
            raise self.fail(where, f'unknown status "{status}" (one of {", ".join(s.value for s in Status)})') from None
        done = self.text(obj, "done_on", where, optional=True)
        try:
            done_on = date.fromisoformat(done) if done else None
        except ValueError:
            raise self.fail(where, f'"done_on" is not a date: "{done}"') from None
        return TaskState(
            key,
            st,
            self.text(obj, "assignee", where, optional=True),
            self.text(obj, "note", where, optional=True),
            done_on,
        )

    def ref(self, obj: Any, where: str) -> TaskRef:
        if not isinstance(obj, dict):
            raise self.fail(where, "must be an object")
        parts = [self.text(obj, n, where) for n in ("key", "duty", "period", "company")]
        return TaskRef(*(str(p) for p in parts))


def parse_export(text: str, path: str | None = None) -> tuple[list[StoredState], list[Change]]:
    """Read an export file; any problem is a UsageError naming the entry."""
    r = _Reader(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(Problem(f"not JSON: {exc.msg}", path=path, line=exc.lineno)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise r.fail("top level", f'not a bocal state export (no "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise r.fail("top level", f"unsupported export version {data.get('version')!r} (this bocal reads {VERSION})")
    states, history = data.get("states"), data.get("history")
    if not isinstance(states, list) or not isinstance(history, list):
        raise r.fail("top level", '"states" and "history" must be lists')
    out_states = []
    for i, obj in enumerate(states):
        where = f"states[{i}]"
        ref = r.ref(obj, where)
        at = r.text(obj, "updated_at", where)
        out_states.append(
            StoredState(ref, r.state(obj, ref.key, where), str(at), r.text(obj, "updated_by", where, optional=True))
        )
    out_history = []
    for i, obj in enumerate(history):
        where = f"history[{i}]"
        ref = r.ref(obj, where)
        at, action = r.text(obj, "at", where), r.text(obj, "action", where)
        by = r.text(obj, "by", where, optional=True)
        before = r.state(obj.get("before"), ref.key, where + ".before")
        after = r.state(obj.get("after"), ref.key, where + ".after")
        out_history.append(Change(ref, str(at), by, str(action), before, after))
    return out_states, out_history


def import_state(store: Store, text: str, path: str | None = None) -> tuple[int, int]:
    """Import an export file into `store`: (states written, history entries added)."""
    states, history = parse_export(text, path)
    return store.import_rows(states, history)
