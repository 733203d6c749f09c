"""`bocal progress`: one duty's task across an office's clients — who is done, waiting, open, late."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from ..errors import Problem, UsageError
from .context import default_lang, today_of
from .options import clients_options, input_options, lang_option
from .statecli import db_option, open_store

#: The order of the summary and of the table (late first: that is what the office looks at).
KINDS = ("late", "waiting", "in-progress", "open", "done", "not-applicable", "no-task")
KIND_JA = {
    "late": "期限超過",
    "waiting": "資料待ち",
    "in-progress": "対応中",
    "open": "未着手",
    "done": "完了",
    "not-applicable": "対象外",
    "no-task": "該当なし",
}
KIND_EN = {k: k.replace("-", " ") for k in KINDS}


@click.command("progress")
@input_options
@click.argument("duty_id", metavar="DUTY")
@click.argument("period")
@clients_options
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--bom", is_flag=True, help="With --format csv: start with a BOM so Excel reads Japanese text right.")
@db_option
@lang_option
@click.pass_context
def progress_cmd(
    ctx: click.Context,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    duty_id: str,
    period: str,
    clients_dir: str | None,
    client_names: tuple[str, ...],
    fmt: str,
    bom: bool,
    db: str | None,
    lang: str | None,
) -> None:
    """Which clients have finished one duty's task: done, waiting, open, late.

    PERIOD takes the forms of `bocal explain` and is resolved for each client (a client the duty does
    not concern shows as 該当なし / no task). Late = not finished and past its due date.

    \b
    Example:
      bocal progress standard-remuneration-report 2026 --clients clients/
      bocal progress withholding-tax 2026-10 --clients clients/ --format csv --bom > progress.csv
    """
    from ..expand import applicability
    from ..explain import find_task
    from ..state import task_key
    from .context import load_office, report_skipped
    from .statecli import duty_or_error

    if clients_dir is None:
        raise UsageError(Problem("progress is for an office: give --clients DIR", key="--clients"))
    lang = lang or default_lang()
    today = today_of(ctx)
    catalog, office, chosen = load_office(clients_dir, client_names, profile_path, rules, no_bundled)
    duty = duty_or_error(catalog, duty_id)
    found: list[tuple[Any, Any]] = []
    for c in chosen:
        ok, _why = applicability(duty, c.profile, catalog)
        found.append((c, find_task(catalog, c.profile, duty, period, today) if ok else None))
    with open_store(db) as store:
        view = store.snapshot([task_key(t) for _, t in found if t is not None])
    rows = [record(c, t, view, today) for c, t in found]
    rows.sort(key=lambda r: KINDS.index(r["kind"]))
    if fmt == "json":
        import json

        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(to_csv(rows, bom), nl=False)
    else:
        click.echo(to_table(rows, lang), nl=False)
    report_skipped(ctx, office, client_names)


def record(client: Any, task: Any, view: Any, today: date) -> dict[str, Any]:
    from ..state import Status, task_key

    base = {"client": client.name, "client_id": client.id}
    if task is None:
        return {**base, "kind": "no-task", "status": None, "period": None, "due": None, "assignee": None, "note": None, "done_on": None}  # fmt: skip
    s = view.get(task_key(task))
    status = s.status if s else Status.OPEN
    kind = status.value
    if not status.finished and task.due < today:
        kind = "late"
    return {
        **base,
        "kind": kind,
        "status": status.value,
        "period": task.period.key,
        "due": task.due.isoformat(),
        "assignee": s.assignee if s else None,
        "note": s.note if s else None,
        "done_on": s.done_on.isoformat() if s and s.done_on else None,
    }


COLUMNS = ("client", "client_id", "kind", "status", "period", "due", "assignee", "note", "done_on")


def to_csv(rows: list[dict[str, Any]], bom: bool) -> str:
    import csv
    import io

    buf = io.StringIO()
    if bom:
        buf.write("\ufeff")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow(["" if r[k] is None else r[k] for k in COLUMNS])
    return buf.getvalue()


def to_table(rows: list[dict[str, Any]], lang: str) -> str:
    from ..calendars import format_md
    from ..render import pad, width

    names = KIND_JA if lang == "ja" else KIND_EN
    cells = []
    for r in rows:
        due = format_md(date.fromisoformat(r["due"]), lang) if r["due"] else ""
        extra = " ".join(x for x in (r["assignee"] and f"[{r['assignee']}]", r["note"]) if x)
        cells.append((r["client"], names[r["kind"]], due, extra))
    w = [max(width(c[k]) for c in cells) for k in range(3)] if cells else [0, 0, 0]
    lines = ["  ".join(pad(c[k], w[k]) for k in range(3)) + ("  " + c[3] if c[3] else "") for c in cells]
    counts = {k: sum(r["kind"] == k for r in rows) for k in KINDS}
    sep = "・" if lang == "ja" else ", "
    total = f"{len(rows)}社" if lang == "ja" else f"{len(rows)} clients"
    lines.append(
        total
        + ("（" if lang == "ja" else " (")
        + sep.join(f"{names[k]} {n}" for k, n in counts.items() if n)
        + ("）" if lang == "ja" else ")")
    )
    return "\n".join(line.rstrip() for line in lines) + "\n"
