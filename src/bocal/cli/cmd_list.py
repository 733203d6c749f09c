"""`bocal list`: the agenda (or JSON/CSV) of a range, for a company or an office's clients."""

from __future__ import annotations

import sys
from datetime import date

import click

from ..errors import Problem, UsageError
from ..listing import Query, check_areas, date_range, list_company, list_office, upcoming_range
from .context import Resolver, no_client_filter, report_skipped, use_color, warn_horizon
from .options import clients_options, color_option, input_options, lang_option, range_options


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
    r = Resolver.of(ctx, lang=lang, profile_path=profile_path, rules=rules, no_bundled=no_bundled)
    if upcoming is not None:
        if from_ or to_ or month or year:
            raise UsageError(Problem("give --upcoming or one of --from/--to, --month, --year, not both"))
        start, end = upcoming_range(r.today, upcoming)
    else:
        start, end = date_range(r.today, from_, to_, month, year)
    if clients_dir is not None:
        catalog, office, chosen = r.office(clients_dir, client_names)
        query = Query(start, end, check_areas(area), owner)
        if fmt in ("json", "csv"):  # written as they go: memory flat in clients and years
            from ..office_rows import office_rows

            out = sys.stdout.buffer
            for chunk in office_rows(catalog, chosen, query, lang=r.lang, fmt=fmt, bom=bom):
                out.write(chunk)
            out.flush()
        else:
            click.echo(list_office(catalog, chosen, query, lang=r.lang, fmt=fmt, bom=bom), nl=False)
        report_skipped(ctx, office, client_names)
        return
    no_client_filter(client_names)
    catalog, profile = r.inputs()
    query = Query(start, end, check_areas(area), owner)
    text, tasks = list_company(
        catalog, profile, query, today=r.today, lang=r.lang, fmt=fmt, bom=bom, color=use_color(color)
    )
    warn_horizon(ctx, start, end, tasks)
    click.echo(text, nl=False, color=fmt == "table" or None)
