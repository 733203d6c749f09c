"""`bocal check`: validate the profile and the rules."""

from __future__ import annotations

import click

from ..catalog_view import check_summary, review_report
from .context import load_inputs
from .options import input_options
from .statecli import db_option, orphan_report


@click.command("check")
@input_options
@click.option(
    "--review", is_flag=True, help="For maintainers: list the duties' review notes (要確認), which users never see."
)
@db_option
def check_cmd(profile_path: str | None, rules: tuple[str, ...], no_bundled: bool, review: bool, db: str | None) -> None:
    """Validate the profile and the rule files, and say what was checked.

    \b
    Example:
      bocal check
      bocal check --profile bocal.toml --rules my-rules/
      bocal check --review
    """
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    if review:
        click.echo(review_report(catalog), nl=False)
        return
    click.echo(check_summary(catalog, profile), nl=False)
    report = orphan_report(db, catalog)  # state whose duty left the catalog is kept, and said here
    if report:
        click.echo(report)
