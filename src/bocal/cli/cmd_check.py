"""`bocal check`: validate the profile and the rules."""

from __future__ import annotations

import click

from .context import (
    load_inputs,
)
from .options import (
    input_options,
)


@click.command("check")
@input_options
@click.option(
    "--review", is_flag=True, help="For maintainers: list the duties' review notes (要確認), which users never see."
)
def check_cmd(profile_path: str | None, rules: tuple[str, ...], no_bundled: bool, review: bool) -> None:
    """Validate the profile and the rule files, and say what was checked.

    \b
    Example:
      bocal check
      bocal check --profile bocal.toml --rules my-rules/
      bocal check --review
    """
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    if review:
        notes = [d for d in catalog.duties if d.review]
        for d in notes:
            click.echo(f"{d.path}:{d.line_of('review')}: {d.id}: {d.review}")
        click.echo(f"review: {len(notes)} of {len(catalog.duties)} duties have notes")
        return
    areas: dict[str, int] = {}
    for d in catalog.duties:
        areas[d.area] = areas.get(d.area, 0) + 1
    click.echo(f"rules: {len(catalog.files)} files, {len(catalog.duties)} duties — OK")
    for f in catalog.files:
        click.echo(f"  {f}")
    click.echo("  " + ", ".join(f"{a} {n}" for a, n in sorted(areas.items())))
    click.echo(f"profile: {profile.path or '(embedded default)'} — {profile.name} — OK")
