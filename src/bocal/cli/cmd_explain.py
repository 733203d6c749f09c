"""`bocal explain`: one deadline, step by step."""

from __future__ import annotations

import click

from ..catalog_view import explain_office, period_task
from .context import Resolver, no_client_filter, report_skipped
from .options import clients_options, input_options, lang_option
from .statecli import db_option, state_section


@click.command("explain")
@input_options
@click.argument("duty_id", metavar="DUTY")
@click.argument("period", required=False)
@db_option
@lang_option
@clients_options
@click.pass_context
def explain_cmd(
    ctx: click.Context,
    clients_dir: str | None,
    client_names: tuple[str, ...],
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    duty_id: str,
    period: str | None,
    db: str | None,
    lang: str | None,
) -> None:
    """Explain how one deadline was computed, step by step.

    The rule in words, the nominal date, each closed day on the way and why (holiday name, 年末年始,
    weekend, company closure), the convention, the final date, and the legal basis with its source.
    When the task has a recorded state (bocal done / mark), its state and history follow.
    For a duty counted from another (招集通知 from the AGM), the anchor's date and how it was counted.
    DUTY is an id or words of its title (源泉所得税); with --clients, each client's task in turn.

    PERIOD is a period key (2025-12, 2026, FY2026-03, 2026-01..2026-06), a month (2026-07: the task
    due in that month), a year (the first due in it) or a date (the first due on or after it);
    without it, the next task due from today.

    \b
    Example:
      bocal explain withholding-tax 2025-12
      bocal explain agm-notice FY2026-03 --lang en
      bocal explain social-insurance-premiums
      bocal explain 源泉所得税 2026-07
      bocal explain withholding-tax 2026-07 --clients clients/ --client 山田
    """
    from ..explain import explain

    r = Resolver.of(ctx, lang=lang, profile_path=profile_path, rules=rules, no_bundled=no_bundled)
    if clients_dir is not None:
        catalog, office, chosen = r.office(clients_dir, client_names)
        click.echo(explain_office(catalog, chosen, duty_id, period, r.today, r.lang), nl=False)
        report_skipped(ctx, office, client_names)
        return
    no_client_filter(client_names)
    catalog, profile = r.inputs()
    duty = catalog.get(duty_id)
    if duty is not None and duty.kind == "event":  # set off by events (bocal.events): PERIOD picks the event
        from ..events.explain import explain_event_duty

        click.echo(explain_event_duty(catalog, profile, duty, period, r.lang), nl=False)
        return
    task = period_task(catalog, profile, duty_id, period, r.today, r.lang)
    click.echo(explain(catalog, profile, task, r.lang), nl=False)
    click.echo(state_section(db, task, r.lang), nl=False)
