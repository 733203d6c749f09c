"""`bocal duties`: browse the catalog."""

from __future__ import annotations

import click

from ..catalog_view import describe, list_duties
from ..listing import check_areas
from .context import Resolver
from .options import input_options, lang_option


@click.command("duties")
@input_options
@click.argument("duty_id", required=False)
@click.option("--area", multiple=True, help="Only these areas (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@lang_option
@click.pass_context
def duties_cmd(
    ctx: click.Context,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    duty_id: str | None,
    area: tuple[str, ...],
    fmt: str,
    lang: str | None,
) -> None:
    """Browse the catalog of duties, and whether each applies to the profile.

    \b
    Example:
      bocal duties --area labor
      bocal duties --format json
      bocal duties withholding-tax
    """
    r = Resolver.of(ctx, lang=lang, profile_path=profile_path, rules=rules, no_bundled=no_bundled)
    catalog, profile = r.inputs()
    areas = check_areas(area)
    if duty_id is not None:
        click.echo(describe(catalog, profile, duty_id, r.today, r.lang), nl=False)
        return
    click.echo(list_duties(catalog, profile, areas=areas, fmt=fmt, lang=r.lang), nl=False)
