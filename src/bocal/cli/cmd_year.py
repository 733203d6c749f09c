"""`bocal year`: the 年間スケジュール表 in the terminal, as a printable HTML page, or as an Excel workbook.

`write_xlsx_export` is also what `bocal export --format xlsx` calls, so both commands write the same
workbook from the same options.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

import click

from ..errors import Problem, UsageError
from .context import (
    check_areas,
    default_lang,
    load_inputs,
    load_office,
    no_client_filter,
    report_skipped,
    resolve_range,
    today_of,
    warn_horizon,
)
from .options import DATE, YEAR, clients_options, input_options, lang_option

FORMATS = ("text", "html", "xlsx")


def year_range(
    today: date, year: int | None, fiscal: bool, fye: int, from_: date | None, to_: date | None
) -> tuple[date, date, bool]:
    """The schedule's range: --from/--to, else the (fiscal) year given or the one today falls in."""
    from ..annual import year_span

    if from_ or to_:
        if year is not None or fiscal:
            raise UsageError(Problem("give a YEAR (with or without --fiscal) or --from/--to, not both"))
        start, end = resolve_range(today, from_, to_, None, None)
        return start, end, False
    if not fiscal or fye == 12:
        y = year if year is not None else today.year
        return *year_span(y), False
    y = year if year is not None else (today.year if today.month > fye else today.year - 1)
    return *year_span(y, fye), True


def state_view(db: str | None, keys: Sequence[str]) -> Any:
    """The stored state of these tasks: --db, else BOCAL_DB, else the default file (all open if none)."""
    from ..store import Store, resolve_db

    url = resolve_db(db, os.environ)
    with Store(url) as store:
        return store.snapshot(keys)


def build(
    ctx: click.Context,
    *,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    clients_dir: str | None,
    client_names: tuple[str, ...],
    year: int | None,
    fiscal: bool,
    from_: date | None,
    to_: date | None,
    area: tuple[str, ...],
    db: str | None,
) -> tuple[list[Any], dict[str, str] | None, Any]:
    """The schedules (one per company), the client names by id (an office) and the office (or None)."""
    from ..annual import build_schedule
    from ..expand import Expander
    from ..state import task_key

    today = today_of(ctx)
    areas = check_areas(area)
    if clients_dir is not None:
        catalog, office, chosen = load_office(clients_dir, client_names, profile_path, rules, no_bundled)
        companies = [(c.profile, c.name) for c in chosen]
    else:
        no_client_filter(client_names)
        catalog, profile = load_inputs(profile_path, rules, no_bundled)
        office, companies = None, [(profile, profile.name)]
    expander = Expander(catalog)
    planned = []
    for profile, name in companies:
        fye = int(profile.values.get("fiscal_year_end") or 12)
        start, end, is_fiscal = year_range(today, year, fiscal, fye, from_, to_)
        own = [a for a in profile.areas if areas is None or a in areas]
        planned.append((profile, name, start, end, is_fiscal, own, expander.expand(profile, start, end, areas=own)))
    view = state_view(db, [task_key(t) for p in planned for t in p[6]])
    schedules = [
        build_schedule(tasks, start, end, company=name, areas=own, state=view, today=today, fiscal=is_fiscal)
        for _, name, start, end, is_fiscal, own, tasks in planned
    ]
    if schedules:
        warn_horizon(ctx, min(s.start for s in schedules), max(s.end for s in schedules))
    names = {p[0].company_id: p[1] for p in planned} if clients_dir is not None else None
    return schedules, names, office


def write_bytes(data: bytes, output: str | None, what: str) -> None:
    if output is None or output == "-":
        if what == "xlsx" and sys.stdout.isatty():
            raise UsageError(Problem("an Excel workbook is binary: give a file with -o", key="-o"))
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from ..atomic import write_atomic

    try:
        write_atomic(output, data)
    except OSError as e:
        raise UsageError(Problem(f"cannot write the file: {e.strerror or e}", path=output)) from None


def write_xlsx_export(
    ctx: click.Context, output: str | None, *, lang: str | None, wareki: bool = False, sheets: str = "client", **kw: Any
) -> None:
    """Build the schedules from the command's options and write the workbook (export --format xlsx, year)."""
    from ..xlsx import Layout, workbook_bytes

    lang = lang or default_lang()
    layout = Layout(sheets)
    schedules, names, office = build(ctx, **kw)
    write_bytes(workbook_bytes(schedules, lang, wareki=wareki, clients=names, layout=layout), output, "xlsx")
    if output and output != "-":
        count = sum(s.count for s in schedules)
        click.echo(f"{output}: {count} tasks, {len(schedules)} schedule(s)", err=True)
    if office is not None:
        report_skipped(ctx, office, kw.get("client_names", ()))


def export_xlsx(ctx: click.Context) -> None:
    """`bocal export --format xlsx`: the workbook from export's own options (read from the context)."""
    p = ctx.params
    ics_only = [f for f, on in (("--split", p.get("split")), ("--owner", p.get("owner")), ("--todo", p.get("todo")),
                                ("--no-alarms", p.get("no_alarms")), ("--deadline-only", p.get("deadline_only")),
                                ("--uid-domain", p.get("uid_domain") is not None)) if on]  # fmt: skip
    if ics_only:
        raise UsageError(Problem(f"{ics_only[0]} is for iCalendar files, not for --format xlsx", key=ics_only[0]))
    from_, to_ = p.get("from_"), p.get("to_")
    if p.get("month"):
        if from_ or to_ or p.get("year"):
            raise UsageError(Problem("give one of --from/--to, --month, --year"))
        from_, to_ = resolve_range(today_of(ctx), None, None, p["month"], None)
    write_xlsx_export(
        ctx,
        p.get("output"),
        lang=p.get("lang"),
        profile_path=p.get("profile_path"),
        rules=p.get("rules", ()),
        no_bundled=bool(p.get("no_bundled")),
        clients_dir=p.get("clients_dir"),
        client_names=p.get("client_names", ()),
        year=p.get("year"),
        fiscal=False,
        from_=from_,
        to_=to_,
        area=p.get("area", ()),
        db=None,
    )


@click.command("year")
@input_options
@click.argument("year", type=YEAR, required=False)
@click.option(
    "--fiscal", is_flag=True, help="The fiscal year (年度) that starts in YEAR, by the profile's fiscal_year_end."
)
@click.option("--from", "from_", type=DATE, help="First day (instead of a YEAR).")
@click.option("--to", "to_", type=DATE, help="Last day (inclusive).")
@click.option("--area", multiple=True, help="Only these areas (repeatable).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Terminal table, printable HTML or Excel.",
)
@click.option("-o", "--output", type=click.Path(path_type=str), help="Write to this file (default: standard output).")
@click.option("--wareki", is_flag=True, help="Years in the Japanese era (令和8年).")
@click.option("--width", type=click.IntRange(40, 400), help="Table width in columns (default: the terminal's, or 80).")
@click.option(
    "--sheets",
    type=click.Choice(["client", "office"]),
    default="client",
    show_default=True,
    help="With --clients and xlsx: one schedule sheet per client, or one for the office.",
)
@click.option("--db", help="The task-state database (default: BOCAL_DB, else the local file) for status marks.")
@lang_option
@clients_options
@click.pass_context
def year_cmd(
    ctx: click.Context,
    clients_dir: str | None,
    client_names: tuple[str, ...],
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    year: int | None,
    fiscal: bool,
    from_: date | None,
    to_: date | None,
    area: tuple[str, ...],
    fmt: str,
    output: str | None,
    wareki: bool,
    width: int | None,
    sheets: str,
    db: str | None,
    lang: str | None,
) -> None:
    """Show the annual schedule (年間スケジュール表): months × areas, each deadline with its weekday and status.

    Each task stands in the month it is due, under its area, as 10(金) and its title; `*` marks a
    date moved off a closed day, 済・中・待・外 its status (from the task store), `!` an open task
    past its date. --format html writes a page that prints on A4 landscape (one year on one or
    two pages); --format xlsx a workbook with the schedule and a task sheet.

    \b
    Example:
      bocal year                         # this calendar year
      bocal year 2026 --fiscal           # 2026年度 (April 2026 – March 2027 for a March year-end)
      bocal year 2026 --format html -o 2026.html      # print it from the browser
      bocal year 2026 --format xlsx -o 2026.xlsx --wareki
      bocal year 2027 --clients clients/ --format xlsx --sheets office -o office-2027.xlsx
    """
    options: dict[str, Any] = {
        "profile_path": profile_path,
        "rules": rules,
        "no_bundled": no_bundled,
        "clients_dir": clients_dir,
        "client_names": client_names,
        "year": year,
        "fiscal": fiscal,
        "from_": from_,
        "to_": to_,
        "area": area,
        "db": db,
    }
    if fmt == "xlsx":
        write_xlsx_export(ctx, output, lang=lang, wareki=wareki, sheets=sheets, **options)
        return
    if clients_dir is not None:
        raise UsageError(
            Problem("with --clients, bocal year writes a workbook: add --format xlsx -o FILE", key="--clients")
        )
    lang = lang or default_lang()
    schedules, _, _ = build(ctx, **options)
    schedule = schedules[0]
    if fmt == "html":
        from ..annual_html import render_annual_html

        text = render_annual_html(schedule, lang, wareki=wareki)
    else:
        from ..annual_text import render_year

        if width is None:
            width = shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 80
        text = render_year(schedule, lang, total_width=width, wareki=wareki)
    write_bytes(text.encode("utf-8"), output, fmt)
