"""The state of a task (done, waiting, assigned …): the model every renderer reads.

This module is the contract between the task store (which keeps state in a database) and the
renderers (agenda, JSON/CSV, iCalendar, HTML, mail). It holds no I/O: a renderer is handed a
`StateView` and asks it about the tasks it is drawing; a task with no stored state is `open`.

State is keyed by `task_key(task)` — duty + period + company — never by the task's date (a date
moves when a holiday is announced or a profile changes; the task stays the same task) and never by
the calendar's uid domain (a display setting).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .expand import Task


class Status(StrEnum):
    """The five states a task can be in; the values are what users type and files store."""

    OPEN = "open"
    IN_PROGRESS = "in-progress"
    WAITING = "waiting"
    DONE = "done"
    NOT_APPLICABLE = "not-applicable"

    @property
    def finished(self) -> bool:
        """Done and not-applicable tasks are no longer anybody's work: never overdue, never reminded."""
        return self in (Status.DONE, Status.NOT_APPLICABLE)


@dataclass(frozen=True, slots=True)
class TaskState:
    """What is known about one task beyond its dates."""

    key: str
    status: Status = Status.OPEN
    assignee: str | None = None
    note: str | None = None
    #: The day the task was finished (set with `done`; None otherwise).
    done_on: date | None = None


def task_key(task: Task) -> str:
    """The stable identity state is stored under: ``<duty>-<period>-<company>``."""
    return f"{task.duty.id}-{task.period.key}-{task.company}"


class StateView(Protocol):
    """Read access to task state, as renderers need it."""

    def get(self, key: str) -> TaskState | None:
        """The stored state of the task with this key, or None when nothing is stored (= open)."""
        ...

    def version(self) -> str:
        """A short string that changes whenever any stored state changes (for ETags and caches)."""
        ...


class NoState:
    """The view used when there is no database: every task is open."""

    def get(self, key: str) -> TaskState | None:
        return None

    def version(self) -> str:
        return "0"


NO_STATE: StateView = NoState()
