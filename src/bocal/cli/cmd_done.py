"""`bocal done`, `bocal mark`, `bocal undo`: record the state of tasks (issue #13)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from ..errors import Problem, UsageError
from .context import check_areas, default_lang, resolve_range, today_of
from .options import DATE, clients_options, input_options, lang_option, range_options
from .statecli import (
    Selection,
    Target,
    actor,
    confirm_bulk,
    db_option,
    now,
    open_store,
    print_changes,
    select_targets,
)

F = TypeVar("F", bound=Callable[..., Any])

STATUSES = ["open", "in-progress", "waiting", "done", "not-applicable"]


def target_options(f: F) -> F:
    """What every state-changing command takes besides its own options."""
    for deco in (
        click.option("--yes", "-y", is_flag=True, help="Do not ask before changing many tasks at once."),
        click.option("--area", multiple=True, help="With a range: only these areas (repeatable)."),
        db_option,
        lang_option,
        clients_options,
        range_options,
        input_options,
        click.argument("period", required=False),
        click.argument("duty_id", metavar="[DUTY]", required=False),
    ):
        f = deco(f)
    return f


def targets_of(ctx: click.Context, store: Any, p: dict[str, Any]) -> tuple[list[Target], bool]:
    """The tasks the arguments name, and whether this is a bulk change (a range, or several clients)."""
    ranged = any(p[k] for k in ("from_", "to_", "month", "year"))
    if p["duty_id"] is None and not ranged:
        raise UsageError(
            Problem("name a DUTY (and a PERIOD), or a range: --month 2026-07, --year, --from/--to", hint="see --help")
        )
    if p["period"] and ranged:
        raise UsageError(Problem("give a PERIOD or a range (--month, --year, --from/--to), not both"))
    if p["area"] and not ranged:
        raise UsageError(Problem("--area selects tasks of a range: add --month, --year or --from/--to", key="--area"))
    today = today_of(ctx)
    start = end = None
    if ranged:
        start, end = resolve_range(today, p["from_"], p["to_"], p["month"], p["year"])
    sel = Selection(p["duty_id"], p["period"], start, end, check_areas(p["area"]))
    targets = select_targets(
        sel,
        profile_path=p["profile_path"],
        rules=p["rules"],
        no_bundled=p["no_bundled"],
        clients_dir=p["clients_dir"],
        client_names=p["client_names"],
        today=today,
        view_of=store.snapshot,
    )
    return targets, ranged or len(targets) > 1


def change(ctx: click.Context, what: str, build: Callable[[Target], Any], *, skip_finished: bool = False) -> None:
    """Select, confirm when many, apply in one transaction, and print what changed."""
    from ..state import task_key

    p = ctx.params
    lang = p["lang"] or default_lang()
    with open_store(p["db"]) as store:
        targets, bulk = targets_of(ctx, store, p)
        if bulk and skip_finished:
            view = store.snapshot([task_key(t.task) for t in targets])
            targets = [t for t in targets if not ((s := view.get(task_key(t.task))) and s.status.finished)]
        if not targets:
            click.echo("該当するタスクはありません。" if lang == "ja" else "No tasks to change.")
            return
        if bulk:
            confirm_bulk(targets, what, lang, p["yes"])
        updates = [build(t) for t in targets]
        changes = store.apply(updates, at=now(), by=actor(p["by"]), today=today_of(ctx))
    print_changes(changes, targets, lang)


def by_option(f: F) -> F:
    return click.option(
        "--by", metavar="NAME", help="Who is recording this (default: $BOCAL_USER, else the login name)."
    )(f)


@click.command("done")
@target_options
@by_option
@click.option("--note", help="A note to keep with the task (「電子申告済」).")
@click.option("--on", "on", type=DATE, help="The day it was done (default: today).")
@click.pass_context
def done_cmd(ctx: click.Context, /, note: str | None, on: date | None, **_: Any) -> None:
    """Mark tasks done: one duty's task, or every task of a range.

    PERIOD takes the forms of `bocal explain` (2026-10, 2026, FY2026-03, a month, a date); without
    it, the first unfinished task of DUTY due from the 1st of this month. With --month/--year/--from
    (and --area) every unfinished task of the range is marked, after confirming the count on a
    terminal. With --clients DIR, for each client chosen with --client (all without).

    \b
    Example:
      bocal done withholding-tax 2026-10
      bocal done withholding-tax --note 電子納税済 --on 2026-11-09
      bocal done --area labor --month 2026-07
      bocal done standard-remuneration-report 2026 --clients clients/ --client 株式会社サンプル
    """
    from ..state import Status
    from ..store import KEEP, TaskRef, Update

    what = "完了" if (ctx.params["lang"] or default_lang()) == "ja" else "done"
    change(
        ctx,
        what,
        lambda t: Update(
            TaskRef.of(t.task), status=Status.DONE, note=KEEP if note is None else note, done_on=on or KEEP
        ),
        skip_finished=True,
    )


@click.command("mark")
@click.argument("status", type=click.Choice(STATUSES), metavar="STATUS")
@target_options
@by_option
@click.option("--assign", metavar="NAME", help='Who is in charge of the task ("" to clear).')
@click.option("--note", help='A note to keep with the task ("" to clear).')
@click.option("--on", "on", type=DATE, help="With STATUS done: the day it was done (default: today).")
@click.pass_context
def mark_cmd(
    ctx: click.Context, /, status: str, assign: str | None, note: str | None, on: date | None, **_: Any
) -> None:
    """Set the status of tasks: open, in-progress, waiting, done or not-applicable.

    STATUS: open 未着手, in-progress 対応中, waiting 資料待ち・顧問先待ち, done 完了, not-applicable 対象外.
    DUTY, PERIOD and the range options select tasks as for `bocal done`.

    \b
    Example:
      bocal mark waiting standard-remuneration-report 2026 --note 賃金台帳待ち --assign 田中
      bocal mark in-progress withholding-tax
      bocal mark not-applicable labor-insurance-annual-declaration 2026 --clients clients/ --client 株式会社サンプル
    """
    from ..state import Status
    from ..store import KEEP, TaskRef, Update

    st = Status(status)
    if on is not None and st is not Status.DONE:
        raise UsageError(Problem("--on is the day a task was done: use it with STATUS done", key="--on"))
    change(
        ctx,
        st.value,
        lambda t: Update(
            TaskRef.of(t.task),
            status=st,
            assignee=KEEP if assign is None else assign,
            note=KEEP if note is None else note,
            done_on=on or KEEP,
        ),
    )


@click.command("undo")
@target_options
@by_option
@click.pass_context
def undo_cmd(ctx: click.Context, /, **_: Any) -> None:
    """Put tasks back as they were before their last change (the undo is kept in the history too).

    DUTY, PERIOD and the range options select tasks as for `bocal done`; without PERIOD, the first
    task of DUTY due from the 1st of this month.

    \b
    Example:
      bocal undo withholding-tax 2026-10
      bocal undo --area labor --month 2026-07
    """
    from ..store import TaskRef

    p = ctx.params
    lang = p["lang"] or default_lang()
    with open_store(p["db"]) as store:
        targets, bulk = targets_of(ctx, store, p)
        if bulk and targets:
            confirm_bulk(targets, "元に戻す対象" if lang == "ja" else "undone", lang, p["yes"])
        changes = store.undo([TaskRef.of(t.task) for t in targets], at=now(), by=actor(p["by"]))
    print_changes(changes, targets, lang)
