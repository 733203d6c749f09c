"""`bocal holidays`: the closed days of a year under a regime."""

from __future__ import annotations

import click

from .context import Resolver
from .options import YEAR, lang_option

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
    from ..holidays import holidays_report

    r = Resolver.of(ctx, lang=lang, profile_path=profile_path)
    closures = r.profile().closures if regime == "company" else None
    report = holidays_report(year or r.today.year, regime, closures=closures, all_days=all_days, fmt=fmt, lang=r.lang)
    click.echo(report, nl=False)
