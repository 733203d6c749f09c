"""`bocal holidays`: the closed days of a year under a regime."""

from __future__ import annotations

import click

from .context import (
    default_lang,
    profile_only,
    today_of,
)
from .options import (
    YEAR,
    lang_option,
)

REGIME_CHOICES = ["national-tax", "local-tax", "government", "bank", "company"]


@click.command("holidays")
@click.argument("year", type=YEAR, required=False)
@click.option(
    "--regime",
    type=click.Choice(REGIME_CHOICES),
    default="national-tax",
    show_default=True,
    help="Whose closed days: national-tax, local-tax, government (12/29–1/3), bank (12/31–1/3), company (government + the profile's closures).",
)
@click.option("--all", "all_days", is_flag=True, help="Include Saturdays and Sundays.")
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(path_type=str),
    envvar="BOCAL_PROFILE",
    help="Company profile (for --regime company; default ./bocal.toml if present).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@lang_option
@click.pass_context
def holidays_cmd(
    ctx: click.Context,
    year: int | None,
    regime: str,
    all_days: bool,
    profile_path: str | None,
    fmt: str,
    lang: str | None,
) -> None:
    """List the closed days of a year under a regime, with their names (this year by default).

    Weekends are left out unless --all. Years after the last one whose 春分の日・秋分の日 are fixed in
    the 官報 are marked provisional.

    \b
    Example:
      bocal holidays
      bocal holidays 2027 --regime bank
      bocal holidays 2026 --regime company --profile bocal.toml --all
    """
    import json

    from ..calendars import REGIMES, business_calendar, is_provisional
    from ..holidays import closed_days_table, provisional_day

    lang = lang or default_lang()
    year = year or today_of(ctx).year
    closures = profile_only(profile_path).closures if regime == "company" else None
    cal = business_calendar(regime, closures) if closures is not None else business_calendar(regime)
    days = [c for c in cal.closed_days(year) if all_days or c.kind != "weekend"]
    if fmt == "json":
        out = [
            {
                "date": c.day.isoformat(),
                "kind": c.kind,
                "name": c.name_ja,
                "name_en": c.name_en,
                "provisional": provisional_day(c),
            }
            for c in days
        ]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    ja = lang == "ja"
    head = f"{year}年の休日 — {REGIMES[regime]['ja']}" if ja else f"Closed days in {year} — {REGIMES[regime]['en']}"
    if not all_days:
        head += "（土日を除く）" if ja else " (weekends left out)"
    click.echo(head)
    click.echo(closed_days_table(days, lang), nl=False)
    if is_provisional(year):
        from ..calendars import LAST_OFFICIAL_YEAR

        click.echo(
            f"（暫定）{year}年の春分の日・秋分の日はまだ官報で公示されていません（確定は{LAST_OFFICIAL_YEAR}年まで）。"
            if ja
            else f"(provisional) the equinox days of {year} are not yet fixed in the official gazette (fixed up to {LAST_OFFICIAL_YEAR})."
        )
