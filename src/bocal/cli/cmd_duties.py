"""`bocal duties`: browse the catalog."""

from __future__ import annotations

import click

from ..errors import Problem, UsageError
from .context import (
    check_areas,
    default_lang,
    load_inputs,
    today_of,
)
from .options import (
    input_options,
    lang_option,
)


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
    import json

    from ..describe import area_name
    from ..expand import applicability
    from ..render import pad, width

    lang = lang or default_lang()
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    wanted = check_areas(area)
    duties = [d for d in catalog.duties if wanted is None or d.area in wanted]
    if duty_id is not None:
        from ..explain import describe_duty

        duty = catalog.get(duty_id)
        if duty is None:
            from ..errors import suggest

            raise UsageError(Problem(f"no duty {duty_id!r}", hint=suggest(duty_id, [d.id for d in catalog.duties])))
        click.echo(describe_duty(catalog, profile, duty, today_of(ctx), lang), nl=False)
        return
    rows = []
    for d in duties:
        ok, why = applicability(d, profile, catalog)
        rows.append((d, ok, why))
    if fmt == "json":
        out = [
            {
                "id": d.id,
                "title": d.title,
                "title_en": d.title_en,
                "area": d.area,
                "basis": d.basis,
                "source": d.source,
                "regime": d.regime,
                "shift": d.shift,
                "when": d.when.text if d.when else None,
                "applies": ok,
                "why": why,
                "valid_from": d.valid_from.isoformat() if d.valid_from else None,
                "valid_until": d.valid_until.isoformat() if d.valid_until else None,
            }
            for d, ok, why in rows
        ]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    w_id = max((width(d.id) for d, _, _ in rows), default=0)
    w_area = max((width(area_name(d.area, lang)) for d, _, _ in rows), default=0)
    for d, ok, _why in rows:
        mark = "✓" if ok else "-"
        click.echo(f"{mark} {pad(d.id, w_id)}  {pad(area_name(d.area, lang), w_area)}  {d.title_for(lang)}")
