"""`bocal check`: validate the profile and the rules."""

from __future__ import annotations

import click

from ..catalog_view import check_office_summary, check_summary, review_report
from .context import load_inputs, load_office, report_skipped
from .options import clients_options, input_options
from .statecli import db_option, orphan_report


@click.command("check")
@input_options
@click.option(
    "--review", is_flag=True, help="For maintainers: list the duties' review notes (要確認), which users never see."
)
@db_option
@clients_options
@click.pass_context
def check_cmd(
    ctx: click.Context,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    review: bool,
    db: str | None,
    clients_dir: str | None,
    client_names: tuple[str, ...],
) -> None:
    """Validate the profile and the rule files, and say what was checked.

    \b
    Example:
      bocal check
      bocal check --profile bocal.toml --rules my-rules/
      bocal check --review
      bocal check --clients clients/
    """
    if clients_dir is not None:
        catalog, office, _ = load_office(clients_dir, client_names, profile_path, rules, no_bundled)
        click.echo(check_office_summary(catalog, office), nl=False)
        report_skipped(ctx, office, client_names)
        return
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    if review:
        click.echo(review_report(catalog), nl=False)
        return
    click.echo(check_summary(catalog, profile), nl=False)
    report = orphan_report(db, catalog)  # state whose duty left the catalog is kept, and said here
    if report:
        click.echo(report)
