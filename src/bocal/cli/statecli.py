"""What the task-state commands share: --db, who is acting, the clock, the tasks a command means,
and printing what changed. (The store itself is `bocal.store`; this is the edge.)"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import Problem, UsageError
from .dbopt import db_option, live_state, open_store, state_view

if TYPE_CHECKING:
    from ..profile import Profile

__all__ = ["db_option", "live_state", "open_store", "state_view"]

F = TypeVar("F", bound=Callable[..., Any])


def actor(by: str | None) -> str | None:
    """Who is acting: --by, else $BOCAL_USER, else the login name."""
    if by:
        return by
    if os.environ.get("BOCAL_USER"):
        return os.environ["BOCAL_USER"]
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers: history then says nobody
        return None


def now() -> datetime:
    """The time a change is recorded at (the edge reads the clock; --today does not move it)."""
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Target:
    """A task a command acts on, with the client it belongs to (None for a single company)."""

    task: Any
    client: str | None


@dataclass(frozen=True)
class Selection:
    """What the arguments name: one duty's task per company, or every task of a range."""

    duty: str | None
    period: str | None
    start: date | None
    end: date | None
    areas: list[str] | None


def select_targets(
    sel: Selection,
    *,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    clients_dir: str | None,
    client_names: tuple[str, ...],
    today: date,
    view_of: Callable[[list[str]], Any],
) -> list[Target]:
    """The tasks the selection names, for the profile or for each chosen client."""
    from ..expand import Expander
    from .context import load_inputs, load_office, no_client_filter

    if clients_dir is not None:
        catalog, _office, chosen = load_office(clients_dir, client_names, profile_path, rules, no_bundled)
        companies: list[tuple[Profile, str | None]] = [(c.profile, c.name) for c in chosen]
    else:
        no_client_filter(client_names)
        catalog, profile = load_inputs(profile_path, rules, no_bundled)
        companies = [(profile, None)]
    duty = duty_or_error(catalog, sel.duty) if sel.duty else None
    expander = Expander(catalog)
    out: list[Target] = []
    for profile, name in companies:
        if sel.start is not None and sel.end is not None:
            from ..store.targets import range_tasks

            duties = [duty.id] if duty else None
            out += [
                Target(t, name)
                for t in range_tasks(expander, profile, sel.start, sel.end, areas=sel.areas, duties=duties)
            ]
            continue
        assert duty is not None
        out += _one(catalog, expander, profile, duty, sel.period, today, view_of, name, many=clients_dir is not None)
    return out


def _one(
    catalog: Any, expander: Any, profile: Any, duty: Any, period: str | None, today: date,
    view_of: Callable[[list[str]], Any], name: str | None, *, many: bool,
) -> list[Target]:  # fmt: skip
    from ..expand import applicability
    from ..store.targets import task_for

    ok, why = applicability(duty, profile, catalog)
    if not ok:
        if many:  # an office: clients the duty does not concern are simply not among the targets
            return []
        raise UsageError(Problem(f"duty {duty.id!r} does not apply to {profile.name}: {why}"))
    task = task_for(catalog, expander, profile, duty, period, today, view_of)
    if task is None:
        if many:
            return []
        what = f"for {period!r}" if period else "unfinished from the 1st of this month on"
        raise UsageError(
            Problem(
                f"no {duty.id} task {what}",
                hint="give a period key (2025-12, 2026, FY2026-03), a month (2026-07), a year or a date",
            )
        )
    return [Target(task, name)]


def duty_or_error(catalog: Any, duty_id: str) -> Any:
    duty = catalog.get(duty_id)
    if duty is None:
        from ..errors import suggest

        raise UsageError(Problem(f"no duty {duty_id!r}", hint=suggest(duty_id, [d.id for d in catalog.duties])))
    return duty


def target_line(t: Target, lang: str) -> str:
    """「源泉所得税の納付（2026年10月分） 11/10(火)」, with the client in brackets in an office."""
    from ..calendars import format_md

    text = f"{t.task.title(lang)} {format_md(t.task.due, lang)}"
    return f"[{t.client}] {text}" if t.client else text


def confirm_bulk(targets: Sequence[Target], what: str, lang: str, yes: bool) -> None:
    """Ask before changing many tasks at once, on a terminal (never when piped, or with --yes)."""
    import sys

    if yes or not sys.stdin.isatty():
        return
    question = (
        f"{len(targets)}件を{what}にします。よろしいですか？" if lang == "ja" else f"Mark {len(targets)} tasks {what}?"
    )
    if not click.confirm(question, default=False):
        raise click.exceptions.Exit(1)


def print_changes(changes: Sequence[Any], targets: Sequence[Target], lang: str) -> None:
    """One line per change: the task, then from what to what; and which targets were already so."""
    from ..state import task_key
    from ..store.text import change_text

    by_key = {task_key(t.task): t for t in targets}
    changed = set()
    for c in changes:
        changed.add(c.ref.key)
        click.echo(f"{target_line(by_key[c.ref.key], lang)}: {change_text(c.before, c.after, lang)}")
    same = [t for t in targets if task_key(t.task) not in changed]
    if same and len(same) <= 5:
        for t in same:
            click.echo(f"{target_line(t, lang)}: " + ("変更なし" if lang == "ja" else "unchanged"))
    elif same:
        click.echo(f"ほか {len(same)}件は変更なし" if lang == "ja" else f"{len(same)} more unchanged")


def state_section(db: str | None, task: Any, lang: str) -> str:
    """The state and history of one task for `bocal explain` ("" when nothing is recorded)."""
    from ..state import task_key
    from ..store.text import change_text, state_text

    key = task_key(task)
    with open_store(db) as store:
        state = store.get(key)
        changes = store.history(keys=[key])
    if state is None and not changes:
        return ""
    ja = lang == "ja"
    lines = ["", ("状態: " if ja else "State: ") + (state_text(state, lang) if state else "未着手" if ja else "open")]
    if changes:
        lines.append("履歴:" if ja else "History:")
        for c in changes:
            undo = ("［取消］" if ja else "[undo] ") if c.action == "undo" else ""
            lines.append(f"  {local_time(c.at)}  {c.by or '-'}  {undo}{change_text(c.before, c.after, lang)}")
    return "\n".join(lines) + "\n"


def local_time(at: str) -> str:
    """A stored UTC time in the local time zone, to the minute."""
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return at


def orphan_report(db: str | None, catalog: Any) -> str | None:
    """For `bocal check`: the state kept for duties that are no longer in the catalog, or None."""
    with open_store(db) as store:
        counts = store.duties()
    known = {d.id for d in catalog.duties}
    gone = {d: n for d, n in counts.items() if d not in known}
    total = sum(counts.values())
    if not counts:
        return None
    if not gone:
        return f"state: {total} tasks with a recorded state — OK"
    listed = ", ".join(f"{d} ({n})" for d, n in gone.items())
    return (
        f"state: {total} tasks with a recorded state; {sum(gone.values())} belong to duties no longer in the "
        f"catalog, kept: {listed} (see `bocal history DUTY`; `bocal state export` to review)"
    )
