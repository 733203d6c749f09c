"""`bocal list`: the agenda (or JSON/CSV) of a range, for a company or an office's clients."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from ..encoding import ENCODINGS, encode_output
from ..errors import Problem, UsageError
from ..listing import Query, check_areas, date_range, list_company, list_office, upcoming_range
from .context import (
    Resolver,
    no_client_filter,
    report_skipped,
    terminal_width,
    use_color,
    warn_horizon,
    write_output,
)
from .dbopt import db_option, state_view
from .options import (
    clients_options,
    color_option,
    input_options,
    lang_option,
    range_options,
    statutory_option,
)

if TYPE_CHECKING:
    from ..state import StateView


@click.command("list")
@input_options
@range_options
@click.option(
    "--upcoming",
    type=click.IntRange(0, 3660),
    metavar="DAYS",
    help="From the 1st of this month (so this month's overdue deadlines stay in view) to DAYS days after today.",
)
@click.option(
    "--area",
    multiple=True,
    help="Only these areas (repeatable): 総務・人事・労務・経理・法務・情報システム or general-affairs, hr, labor, accounting, legal, it.",
)
@click.option("--owner", multiple=True, help="Only tasks whose owner ([owners] in the profile) contains this text.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--bom", is_flag=True, help="With --format csv: start with a BOM so Excel reads Japanese text right.")
@click.option(
    "-o", "--output", type=click.Path(path_type=str, dir_okay=False), help="Write to this file (atomically) instead."
)
@click.option(
    "--encoding",
    type=click.Choice(ENCODINGS),
    help="Encoding of the output (default utf-8 for files, CSV and JSON; cp932 for very old Excel).",
)
@click.option(
    "--width",
    type=click.IntRange(40, 1000),
    help="Fit the agenda to this many columns, titles wrapped in their column (default: the terminal's width).",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(["open", "in-progress", "waiting", "done", "not-applicable"]),
    help="Only tasks in this state (repeatable); tasks with no stored state are open.",
)
@click.option("--all", "show_all", is_flag=True, help="Also show tasks finished before today (hidden in the agenda).")
@statutory_option
@db_option
@color_option
@lang_option
@clients_options
@click.pass_context
def list_cmd(
    ctx: click.Context,
    clients_dir: str | None,
    client_names: tuple[str, ...],
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    from_: date | None,
    to_: date | None,
    month: tuple[int, int] | None,
    year: int | None,
    upcoming: int | None,
    area: tuple[str, ...],
    owner: tuple[str, ...],
    fmt: str,
    bom: bool,
    output: str | None,
    encoding: str | None,
    width: int | None,
    statuses: tuple[str, ...],
    show_all: bool,
    statutory: bool,
    db: str | None,
    color: bool | None,
    lang: str | None,
) -> None:
    """List deadlines as an agenda — this month's by default.

    Each date shows its weekday and the days left (今日 / あと3日 / 期限超過 2日); a date moved off a
    closed day carries a footnote saying why; a window (算定基礎届 7/1〜7/10) shows while it is open
    and on the day it opens. Colour on a terminal only (NO_COLOR or --no-color turn it off).
    Task state shows too (bocal done / mark): ✓ before a done task, （資料待ち） after a waiting one;
    finished tasks are never overdue, and the agenda leaves out those finished before today
    (--all shows them; JSON and CSV always carry every task with status, assignee, note, done_on).

    \b
    Example:
      bocal list
      bocal list --upcoming 30 --owner 佐藤
      bocal list --month 2026-07 --area labor --lang en
      bocal list --year 2026 --format csv --bom > 2026.csv
      bocal list --year 2026 --format csv -o 2026.csv --encoding cp932
      bocal list --area 労務 --upcoming 60
      bocal list --clients clients/ --client 株式会社サンプル --upcoming 30
      bocal list --year 2027 --statutory      # 法定の期限だけ
    """
    r = Resolver.of(ctx, lang=lang, profile_path=profile_path, rules=rules, no_bundled=no_bundled)

    def no_store(db: str | None) -> bool:
        from ..state import NO_STATE

        return state_view(db, ()) is NO_STATE  # no task state recorded: every row as it is

    def state(keys: Sequence[str]) -> StateView:
        view: StateView = state_view(db, keys)
        return view

    if upcoming is not None:
        if from_ or to_ or month or year:
            raise UsageError(Problem("give --upcoming or one of --from/--to, --month, --year, not both"))
        start, end = upcoming_range(r.today, upcoming)
    else:
        start, end = date_range(r.today, from_, to_, month, year)
    if clients_dir is not None:
        catalog, office, chosen = r.office(clients_dir, client_names)
        query = Query(start, end, check_areas(area, lang=r.lang), owner, statutory, statuses, show_all)
        failed: list[Any] = []  # a client whose expansion fails is reported; the others are listed
        if fmt in ("json", "csv") and not statuses and output is None and encoding is None and no_store(db):
            from ..office_rows import office_rows  # written as they go: memory flat in clients and years

            out = sys.stdout.buffer
            for chunk in office_rows(catalog, chosen, query, lang=r.lang, fmt=fmt, bom=bom, failed=failed):
                out.write(chunk)
            out.flush()
            report_skipped(ctx, office.with_failures(failed), client_names)
            return
        text = list_office(
            catalog,
            chosen,
            query,
            lang=r.lang,
            fmt=fmt,
            bom=bom,
            today=r.today,
            color=use_color(color),
            columns=terminal_width(width),
            state=state,
            failed=failed,
        )
        put(text, fmt, output, encoding, r.lang)
        report_skipped(ctx, office.with_failures(failed), client_names)
        return
    no_client_filter(client_names)
    catalog, profile = r.inputs()
    query = Query(start, end, check_areas(area, lang=r.lang), owner, statutory, statuses, show_all)
    text, tasks = list_company(
        catalog,
        profile,
        query,
        today=r.today,
        lang=r.lang,
        fmt=fmt,
        bom=bom,
        color=use_color(color),
        columns=terminal_width(width),
        state=state,
    )
    warn_horizon(ctx, start, end, tasks)
    put(text, fmt, output, encoding, r.lang)


def put(text: str, fmt: str, output: str | None, encoding: str | None, lang: str) -> None:
    """The agenda to the terminal as text; CSV, JSON, any -o file and any --encoding as bytes, so the
    console's encoding (cp932 on Japanese Windows) never decides what a file holds."""
    if fmt == "table" and output is None and encoding is None:
        click.echo(text, nl=False, color=True)
        return
    write_output(encode_output(text, encoding or "utf-8", lang=lang, path=output), output)
