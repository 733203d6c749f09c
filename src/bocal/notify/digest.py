"""Who is reminded of what: tasks + their state + today → one digest per recipient (pure, no I/O).

A digest holds what is still somebody's work:

- **overdue** — due before today, not finished, due at most `overdue_days` ago (without a task
  store every past task looks open; the look-back keeps an old deadline from nagging for ever);
- **due** — due today or within the lead time: the duty's `remind` values (its longest one), or the
  `days` a recipient or `--days N` asks for;
- **opening** — a filing window (`start`) that opens today, for a task not already listed as due.

Done and not-applicable tasks (`Status.finished` in the `StateView`) never appear. A recipient sees
the tasks its `Audience` selects: an owner (the profile's `[owners]`, or the assignee stored with the
task, which wins), some clients of an office, some areas — or everything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ..expand import Task
from ..state import StateView, TaskState, task_key

#: Overdue tasks older than this are left out unless a recipient asks for another look-back.
DEFAULT_OVERDUE_DAYS = 30
#: How far ahead a window may close and still be listed the day it opens (the agenda's reach).
WINDOW_REACH = 120


class Kind(StrEnum):
    OVERDUE = "overdue"
    DUE = "due"
    OPENING = "opening"


@dataclass(frozen=True, slots=True)
class Audience:
    """Which tasks a recipient is told about; an empty selector selects everything."""

    owners: tuple[str, ...] = ()  # a task's owner (or assignee) contains one of these (case-insensitive)
    clients: tuple[str, ...] = ()  # client names or ids (offices)
    areas: tuple[str, ...] = ()

    def wants(self, entry: Entry, state: TaskState | None) -> bool:
        t = entry.task
        if self.areas and t.area not in self.areas:
            return False
        if self.clients and not ({entry.client, t.company} & set(self.clients)):
            return False
        if self.owners:
            who = (state.assignee if state and state.assignee else t.owner) or ""
            wanted = [o.casefold() for o in self.owners]
            if not who or not any(w in who.casefold() for w in wanted):
                return False
        return True


@dataclass(frozen=True, slots=True)
class Entry:
    """A task and, in an office, the client it belongs to (its display name)."""

    task: Task
    client: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One line of a digest."""

    task: Task
    kind: Kind
    client: str | None
    #: The stored assignee when there is one, else the profile's owner of the task's area.
    owner: str | None

    @property
    def key(self) -> str:
        return task_key(self.task)

    @property
    def day(self) -> date:
        """The date the line is about: the due date, or the day the window opens."""
        if self.kind is Kind.OPENING and self.task.start is not None:
            return self.task.start
        return self.task.due


@dataclass(frozen=True, slots=True)
class Digest:
    """What one recipient is told on one day."""

    today: date
    items: tuple[Item, ...]
    #: The lead time asked for (None: each duty's own `remind` values).
    days: int | None = None
    #: A heading: the company name, or the office and the recipient.
    title: str = ""

    def of(self, kind: Kind) -> tuple[Item, ...]:
        return tuple(i for i in self.items if i.kind is kind)

    @property
    def empty(self) -> bool:
        return not self.items

    def fingerprint(self) -> str:
        """A short hash of what the digest says (task, kind, date): recorded with each sending."""
        h = hashlib.sha256()
        for i in self.items:
            h.update(f"{i.key}|{i.kind}|{i.day.isoformat()}|{i.client or ''}\n".encode())
        return h.hexdigest()[:16]


def lead_days(task: Task, days: int | None) -> int:
    """How many days ahead a task is reminded of: `days`, else the duty's longest `remind` value."""
    if days is not None:
        return days
    return max(task.duty.remind, default=0)


def reach(tasks_remind: Iterable[int], days: int | None, overdue_days: int) -> tuple[int, int]:
    """(days back, days ahead) to expand so that every candidate task is in hand."""
    ahead = days if days is not None else max(tasks_remind, default=0)
    return overdue_days, max(ahead, WINDOW_REACH)


def classify(task: Task, today: date, days: int | None, overdue_days: int) -> Kind | None:
    """Where a (not finished) task belongs in today's digest, or None when it does not."""
    n = (task.due - today).days
    if n < 0:
        return Kind.OVERDUE if -n <= overdue_days else None
    if n <= lead_days(task, days):
        return Kind.DUE
    if task.start is not None and task.start == today and task.start != task.due:
        return Kind.OPENING
    return None


def build_digest(
    entries: Iterable[Entry],
    state: StateView,
    today: date,
    *,
    audience: Audience = Audience(),
    days: int | None = None,
    overdue_days: int = DEFAULT_OVERDUE_DAYS,
    title: str = "",
) -> Digest:
    """The digest of `entries` for one audience on `today`, items ordered by date, then kind."""
    items: list[tuple[tuple[date, int, int], Item]] = []
    order = {Kind.OVERDUE: 0, Kind.OPENING: 1, Kind.DUE: 2}
    for n, e in enumerate(entries):
        st = state.get(task_key(e.task))
        if st is not None and st.status.finished:
            continue
        kind = classify(e.task, today, days, overdue_days)
        if kind is None or not audience.wants(e, st):
            continue
        owner = (st.assignee if st and st.assignee else None) or e.task.owner
        item = Item(e.task, kind, e.client, owner)
        items.append(((item.day, order[kind], n), item))
    items.sort(key=lambda r: r[0])
    return Digest(today=today, items=tuple(i for _, i in items), days=days, title=title)


def expansion_range(
    today: date, remind_values: Sequence[int], days: int | None, overdue_days: int
) -> tuple[date, date]:
    """The date range to expand tasks over for today's digests."""
    back, ahead = reach(remind_values, days, overdue_days)
    return today - timedelta(days=back), today + timedelta(days=ahead)
