"""`bocal month`: a month grid with its agenda."""

from __future__ import annotations

import click

from .context import (
    agenda_text,
    check_areas,
    default_lang,
    load_inputs,
    owned,
    resolve_range,
    today_of,
    use_color,
)
from .options import (
    MONTH,
    color_option,
    input_options,
    lang_option,
)


@click.command("month")
@input_options
@click.argument("month", type=MONTH, required=False)
@click.option(
    "--area", multiple=True, help="Only these areas (repeatable): general-affairs, hr, labor, accounting, legal, it."
)
@click.option("--owner", multiple=True, help="Only tasks whose owner contains this text.")
@click.option("--monday", is_flag=True, help="Start weeks on Monday (default: Sunday, as Japanese calendars do).")
@color_option
@lang_option
@click.pass_context
def month_cmd(
    ctx: click.Context,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    month: tuple[int, int] | None,
    area: tuple[str, ...],
    owner: tuple[str, ...],
    monday: bool,
    color: bool | None,
    lang: str | None,
) -> None:
    """Show a month as a calendar grid, deadlines and closed days marked, with its tasks below.

    `*` marks a day with a deadline, `+` a closed weekday (holiday, 年末年始, company closure — the
    company calendar: government closures plus the profile's). With colour, Sundays and holidays are
    red, Saturdays blue, deadline days reversed and today underlined.

    \b
    Example:
      bocal month
      bocal month 2026-07 --area labor
      bocal month 2026-12 --monday --lang en
    """
    from ..calendars import business_calendar
    from ..expand import Expander
    from ..monthgrid import render_grid

    lang = lang or default_lang()
    today = today_of(ctx)
    y, m = month or (today.year, today.month)
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    start, end = resolve_range(today, None, None, (y, m), None)
    expander = Expander(catalog)
    areas = check_areas(area)
    tasks = owned(expander.expand(profile, start, end, areas=areas), owner)
    cal = business_calendar("company", profile.closures)
    on = use_color(color)
    grid = render_grid(y, m, cal, {t.due for t in tasks}, today=today, lang=lang, color=on, monday=monday)
    click.echo(grid, nl=False, color=True)
    click.echo()
    click.echo(
        agenda_text(expander, profile, tasks, start, end, today, lang, color, areas, owner), nl=False, color=True
    )
