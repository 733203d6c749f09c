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
def check_cmd(profile_path: str | None, rules: tuple[str, ...], no_bundled: bool) -> None:
    """Validate the profile and the rule files, and say what was checked.

    \b
    Example:
      bocal check
      bocal check --profile bocal.toml --rules my-rules/
    """
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    areas: dict[str, int] = {}
    for d in catalog.duties:
        areas[d.area] = areas.get(d.area, 0) + 1
    click.echo(f"rules: {len(catalog.files)} files, {len(catalog.duties)} duties — OK")
    for f in catalog.files:
        click.echo(f"  {f}")
    click.echo("  " + ", ".join(f"{a} {n}" for a, n in sorted(areas.items())))
    click.echo(f"profile: {profile.path or '(embedded default)'} — {profile.name} — OK")
