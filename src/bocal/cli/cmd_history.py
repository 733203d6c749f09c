"""`bocal history`: the append-only record of state changes."""

from __future__ import annotations

from typing import Any

import click

from .context import default_lang, today_of
from .options import clients_options, input_options, lang_option
from .statecli import db_option, open_store


@click.command("history")
@input_options
@click.argument("duty_id", metavar="[DUTY", required=False)
@click.argument("period", metavar="[PERIOD]]", required=False)
@clients_options
@click.option("--limit", type=click.IntRange(1, None), metavar="N", help="Only the last N changes.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
@lang_option
@click.pass_context
def history_cmd(
    ctx: click.Context,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    duty_id: str | None,
    period: str | None,
    clients_dir: str | None,
    client_names: tuple[str, ...],
    limit: int | None,
    fmt: str,
    db: str | None,
    lang: str | None,
) -> None:
    """Show who changed the state of which task, when, from what to what.

    Without DUTY, every change; with DUTY, that duty's (for every company); with PERIOD (the forms of
    `bocal explain`), that one task of the profile, or of each --client with --clients DIR.
    Times are shown in the local time zone.

    \b
    Example:
      bocal history
      bocal history withholding-tax 2026-10
      bocal history standard-remuneration-report 2026 --clients clients/ --client 株式会社サンプル
      bocal history --limit 20 --format json
    """
    from ..rules import load_catalog
    from .context import catalog_cache_dir

    lang = lang or default_lang()
    with open_store(db) as store:
        if period is not None and duty_id is not None:
            from .statecli import Selection, select_targets

            sel = Selection(duty_id, period, None, None, None)
            targets = select_targets(
                sel,
                profile_path=profile_path,
                rules=rules,
                no_bundled=no_bundled,
                clients_dir=clients_dir,
                client_names=client_names,
                today=today_of(ctx),
                view_of=store.snapshot,
            )
            from ..state import task_key

            changes = store.history(keys=[task_key(t.task) for t in targets], limit=limit)
        else:
            changes = store.history(duty=duty_id, limit=limit)
    if fmt == "json":
        click.echo(history_json(changes), nl=False)
        return
    catalog = load_catalog(rules, bundled=not no_bundled, cache_dir=catalog_cache_dir())
    click.echo(history_table(changes, catalog, lang), nl=False)


def history_json(changes: list[Any]) -> str:
    import json

    def fields(s: Any) -> dict[str, Any]:
        return {
            "status": s.status.value,
            "assignee": s.assignee,
            "note": s.note,
            "done_on": s.done_on.isoformat() if s.done_on else None,
        }

    rows = [
        {
            "at": c.at,
            "by": c.by,
            "action": c.action,
            "key": c.ref.key,
            "duty": c.ref.duty,
            "period": c.ref.period,
            "company": c.ref.company,
            "before": fields(c.before),
            "after": fields(c.after),
        }
        for c in changes
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def history_table(changes: list[Any], catalog: Any, lang: str) -> str:
    from ..render import pad, width
    from ..store.text import change_text
    from .statecli import local_time

    if not changes:
        return ("記録された変更はありません。" if lang == "ja" else "No changes recorded.") + "\n"
    rows = []
    for c in changes:
        duty = catalog.get(c.ref.duty)
        name = (duty.title if lang == "ja" else duty.title_en) if duty else c.ref.duty
        what = f"{name}（{c.ref.period}）" if lang == "ja" else f"{name} ({c.ref.period})"
        undo = ("［取消］" if lang == "ja" else "[undo] ") if c.action == "undo" else ""
        rows.append((local_time(c.at), c.by or "-", c.ref.company, what, undo + change_text(c.before, c.after, lang)))
    w = [max(width(r[k]) for r in rows) for k in range(4)]
    return "\n".join("  ".join(pad(r[k], w[k]) for k in range(4)) + "  " + r[4] for r in rows) + "\n"
