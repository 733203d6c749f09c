"""`bocal month`: a month grid with its agenda."""

from __future__ import annotations

import click

from ..listing import check_areas, month_office, month_view
from .context import Resolver, no_client_filter, report_skipped, terminal_width, use_color
from .dbopt import db_option, state_view
from .options import MONTH, clients_options, color_option, input_options, lang_option, statutory_option


@click.command("month")
@input_options
@click.argument("month", type=MONTH, required=False)
@click.option(
    "--area",
    multiple=True,
    help="Only these areas (repeatable): 総務・人事・労務・経理・法務・情報システム or general-affairs, hr, labor, ….",
)
@click.option("--owner", multiple=True, help="Only tasks whose owner contains this text.")
@click.option("--monday", is_flag=True, help="Start weeks on Monday (default: Sunday, as Japanese calendars do).")
@statutory_option
@db_option
@color_option
@lang_option
@clients_options
@click.pass_context
def month_cmd(
    ctx: click.Context,
    clients_dir: str | None,
    client_names: tuple[str, ...],
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    month: tuple[int, int] | None,
    area: tuple[str, ...],
    owner: tuple[str, ...],
    monday: bool,
    statutory: bool,
    db: str | None,
    color: bool | None,
    lang: str | None,
) -> None:
    """Show a month as a calendar grid, deadlines and closed days marked, with its tasks below.

    `*` marks a day with a deadline, `+` a closed weekday (holiday, 年末年始, company closure — the
    company calendar: government closures plus the profile's). With colour, Sundays and holidays are
    red, Saturdays blue, deadline days reversed and today underlined. The tasks below show their state
    (✓ done, （資料待ち） …), finished ones included.

    \b
    Example:
      bocal month
      bocal month 2026-07 --area labor
      bocal month 2026-12 --monday --lang en
      bocal month 2026-07 --clients clients/ --client 山田
    """
    r = Resolver.of(ctx, lang=lang, profile_path=profile_path, rules=rules, no_bundled=no_bundled)
    y, m = month or (r.today.year, r.today.month)
    if clients_dir is not None:
        catalog, office, chosen = r.office(clients_dir, client_names)
        view = month_office(
            catalog,
            chosen,
            y,
            m,
            areas=check_areas(area, lang=r.lang),
            owner=owner,
            today=r.today,
            lang=r.lang,
            color=use_color(color),
            monday=monday,
            statutory=statutory,
            columns=terminal_width(None),
        )
        click.echo(view, nl=False, color=True)
        report_skipped(ctx, office, client_names)
        return
    no_client_filter(client_names)
    catalog, profile = r.inputs()
    view = month_view(
        catalog,
        profile,
        y,
        m,
        areas=check_areas(area, lang=r.lang),
        owner=owner,
        today=r.today,
        lang=r.lang,
        color=use_color(color),
        monday=monday,
        statutory=statutory,
        state=lambda keys: state_view(db, keys),
        columns=terminal_width(None),
    )
    click.echo(view, nl=False, color=True)
