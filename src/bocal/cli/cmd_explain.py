"""`bocal explain`: one deadline, step by step."""

from __future__ import annotations

import click

from ..errors import Problem, UsageError
from .context import (
    default_lang,
    load_inputs,
    today_of,
)
from .options import (
    input_options,
    lang_option,
)


@click.command("explain")
@input_options
@click.argument("duty_id", metavar="DUTY")
@click.argument("period", required=False)
@lang_option
@click.pass_context
def explain_cmd(
    ctx: click.Context,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    duty_id: str,
    period: str | None,
    lang: str | None,
) -> None:
    """Explain how one deadline was computed, step by step.

    The rule in words, the nominal date, each closed day on the way and why (holiday name, 年末年始,
    weekend, company closure), the convention, the final date, and the legal basis with its source.
    For a duty counted from another (招集通知 from the AGM), the anchor's date and how it was counted.

    PERIOD is a period key (2025-12, 2026, FY2026-03, 2026-01..2026-06), a month (2026-07: the task
    due in that month), a year (the first due in it) or a date (the first due on or after it);
    without it, the next task due from today.

    \b
    Example:
      bocal explain withholding-tax 2025-12
      bocal explain agm-notice FY2026-03 --lang en
      bocal explain social-insurance-premiums
    """
    from ..expand import applicability
    from ..explain import explain, find_task

    lang = lang or default_lang()
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    duty = catalog.get(duty_id)
    if duty is not None and duty.kind == "event":  # set off by events (bocal.events): PERIOD picks the event
        from ..events.explain import explain_event_duty

        click.echo(explain_event_duty(catalog, profile, duty, period, lang), nl=False)
        return
    if duty is None:
        from ..errors import suggest

        raise UsageError(Problem(f"no duty {duty_id!r}", hint=suggest(duty_id, [d.id for d in catalog.duties])))
    ok, why = applicability(duty, profile, catalog)
    if not ok:
        raise UsageError(Problem(f"duty {duty_id!r} does not apply to {profile.name}: {why}"))
    task = find_task(catalog, profile, duty, period, today_of(ctx))
    if task is None:
        what = f"for {period!r}" if period else f"after {today_of(ctx)}"
        raise UsageError(
            Problem(
                f"no {duty_id} task {what}",
                hint="give a period key (2025-12, 2026, FY2026-03), a month (2026-07), a year or a date",
            )
        )
    click.echo(explain(catalog, profile, task, lang), nl=False)
