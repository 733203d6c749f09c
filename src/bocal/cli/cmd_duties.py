"""`bocal duties`: browse the catalog."""

from __future__ import annotations

import click

from ..catalog_view import describe, list_duties, search_duties
from ..listing import check_areas
from .context import Resolver
from .options import input_options, lang_option


@click.command("duties")
@input_options
@click.argument("duty_id", metavar="[DUTY or WORDS]", required=False)
@click.option("--area", multiple=True, help="Only these areas (repeatable): 労務 or labor, 経理 or accounting, ….")
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

    With a duty id, or words of a title that name one duty, that duty in words and its next dates;
    with words that match several (源泉, 株主総会), the list of those.

    \b
    Example:
      bocal duties --area labor
      bocal duties --area 労務
      bocal duties --format json
      bocal duties withholding-tax
      bocal duties 源泉
      bocal duties ストレスチェック
    """
    r = Resolver.of(ctx, lang=lang, profile_path=profile_path, rules=rules, no_bundled=no_bundled)
    catalog, profile = r.inputs()
    areas = check_areas(area, lang=r.lang)
    if duty_id is not None:
        found = search_duties(catalog, duty_id) if catalog.get(duty_id) is None else []
        if len(found) > 1:
            click.echo(list_duties(catalog, profile, areas=areas, fmt=fmt, lang=r.lang, only=found), nl=False)
            return
        click.echo(describe(catalog, profile, duty_id, r.today, r.lang), nl=False)
        return
    click.echo(list_duties(catalog, profile, areas=areas, fmt=fmt, lang=r.lang), nl=False)
