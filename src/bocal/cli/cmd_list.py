"""`bocal list`: the agenda (or JSON/CSV) of a range, for a company or an office's clients."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import click

from ..errors import Problem, UsageError
from .context import (
    agenda_text,
    check_areas,
    default_lang,
    load_inputs,
    load_office,
    no_client_filter,
    owned,
    report_skipped,
    resolve_range,
    today_of,
    warn_horizon,
)
from .options import (
    clients_options,
    color_option,
    input_options,
    lang_option,
    range_options,
)


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
    "--area", multiple=True, help="Only these areas (repeatable): general-affairs, hr, labor, accounting, legal, it."
)
@click.option("--owner", multiple=True, help="Only tasks whose owner ([owners] in the profile) contains this text.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--bom", is_flag=True, help="With --format csv: start with a BOM so Excel reads Japanese text right.")
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
    color: bool | None,
    lang: str | None,
) -> None:
    """List deadlines as an agenda — this month's by default.

    Each date shows its weekday and the days left (今日 / あと3日 / 期限超過 2日); a date moved off a
    closed day carries a footnote saying why; a window (算定基礎届 7/1〜7/10) shows while it is open
    and on the day it opens. Colour on a terminal only (NO_COLOR or --no-color turn it off).

    \b
    Example:
      bocal list
      bocal list --upcoming 30 --owner 佐藤
      bocal list --month 2026-07 --area labor --lang en
      bocal list --year 2026 --format csv --bom > 2026.csv
      bocal list --clients clients/ --client 株式会社サンプル --upcoming 30
    """
    from ..expand import Expander
    from ..render import to_csv, to_json

    lang = lang or default_lang()
    today = today_of(ctx)
    if upcoming is not None:
        if from_ or to_ or month or year:
            raise UsageError(Problem("give --upcoming or one of --from/--to, --month, --year, not both"))
        start, end = today.replace(day=1), today + timedelta(days=upcoming)
    else:
        start, end = resolve_range(today, from_, to_, month, year)
    if clients_dir is not None:
        _list_clients(
            ctx, clients_dir, client_names, profile_path, rules, no_bundled, start, end, area, owner, fmt, bom, lang
        )
        return
    no_client_filter(client_names)
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    expander = Expander(catalog)
    areas = check_areas(area)
    tasks = owned(expander.expand(profile, start, end, areas=areas), owner)
    warn_horizon(ctx, start, end, tasks)
    if fmt == "json":
        click.echo(to_json(tasks, lang), nl=False)
    elif fmt == "csv":
        click.echo(to_csv(tasks, lang, bom=bom), nl=False)
    else:
        click.echo(
            agenda_text(expander, profile, tasks, start, end, today, lang, color, areas, owner), nl=False, color=True
        )


def _list_clients(
    ctx: click.Context,
    clients_dir: str,
    client_names: tuple[str, ...],
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    start: date,
    end: date,
    area: tuple[str, ...],
    owner: tuple[str, ...],
    fmt: str,
    bom: bool,
    lang: str,
) -> None:
    from .. import clients as cl
    from ..expand import Expander

    catalog, office, chosen = load_office(clients_dir, client_names, profile_path, rules, no_bundled)
    failed: list[Any] = []
    rows = cl.office_tasks(Expander(catalog), chosen, start, end, areas=check_areas(area), failed=failed)
    office = office.with_failures(failed)
    if owner:
        kept = {id(t) for t in owned([t for _, t in rows], owner)}
        rows = [(c, t) for c, t in rows if id(t) in kept]
    if fmt == "json":
        click.echo(cl.to_json(rows, lang), nl=False)
    elif fmt == "csv":
        click.echo(cl.to_csv(rows, lang, bom=bom), nl=False)
    else:
        click.echo(cl.to_table(rows, lang), nl=False)
    report_skipped(ctx, office, client_names)
