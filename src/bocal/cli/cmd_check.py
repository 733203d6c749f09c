"""`bocal check`: validate the profile and the rules."""

from __future__ import annotations

import click

from ..catalog_view import check_summary
from .context import load_inputs
from .options import input_options


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
    click.echo(check_summary(catalog, profile), nl=False)
