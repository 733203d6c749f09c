"""Which tasks a state command means: one duty's task by PERIOD (the forms of `bocal explain`), the
next unfinished one, or every task of a range (bulk forms)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from ..expand import Expander, Task
from ..profile import Profile
from ..rules import Catalog, Duty
from ..state import StateView, task_key

#: How far ahead "the next unfinished task" is looked for.
REACH = timedelta(days=800)


def next_unfinished(
    expander: Expander, profile: Profile, duty: Duty, today: date, view_of: Callable[[list[str]], StateView]
) -> Task | None:
    """The first task of `duty` due on or after the 1st of this month that is not finished.

    From the 1st of the month (as `list --upcoming`), so this month's overdue task is the one meant
    when it is still open; older open tasks are named with a PERIOD.
    """
    tasks = expander.expand(profile, today.replace(day=1), today + REACH, duties=[duty.id])
    view = view_of([task_key(t) for t in tasks])
    for t in tasks:
        s = view.get(task_key(t))
        if s is None or not s.status.finished:
            return t
    return None


def task_for(
    catalog: Catalog,
    expander: Expander,
    profile: Profile,
    duty: Duty,
    period: str | None,
    today: date,
    view_of: Callable[[list[str]], StateView],
) -> Task | None:
    """The task PERIOD names (see `explain.find_task`), or without PERIOD the next unfinished one."""
    if period is None:
        return next_unfinished(expander, profile, duty, today, view_of)
    from ..explain import find_task

    return find_task(catalog, profile, duty, period, today)


def range_tasks(
    expander: Expander,
    profile: Profile,
    start: date,
    end: date,
    *,
    areas: Sequence[str] | None = None,
    duties: Sequence[str] | None = None,
) -> list[Task]:
    """Every task due in [start, end] (of these areas / duties): the bulk forms."""
    return expander.expand(profile, start, end, areas=areas, duties=duties)
