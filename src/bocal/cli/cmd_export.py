"""`bocal export`: iCalendar files for a company, by area, or for an office's clients."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from ..errors import Problem, UsageError, suggest
from ..listing import check_areas, date_range
from .context import (
    Resolver,
    no_client_filter,
    note,
    report_skipped,
    state_dir,
    warn,
    warn_horizon,
    warn_unstable_id,
    with_uid_domain,
    write_file,
    write_output,
)
from .options import (
    clients_options,
    feed_options,
    input_options,
    is_quiet,
    lang_option,
    quiet_option,
    range_options,
    statutory_option,
)

if TYPE_CHECKING:
    from ..profile import Profile
from .dbopt import db_option, state_view


@click.command("export")
@input_options
@range_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=str),
    help="Write to this .ics file (default: standard output); with --split, a directory.",
)
@click.option("--area", multiple=True, help="Only these areas (repeatable).")
@click.option("--owner", multiple=True, help="Only the areas this person owns ([owners] in the profile; repeatable).")
@click.option("--split", is_flag=True, help="One file per area (AREA.ics) in the -o directory.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ics", "xlsx"]),
    default="ics",
    help="iCalendar, or an Excel workbook (年間スケジュール + タスク一覧).",
)
@statutory_option
@feed_options
@db_option
@lang_option
@clients_options
@quiet_option
@click.pass_context
def export_cmd(
    ctx: click.Context,
    clients_dir: str | None,
    client_names: tuple[str, ...],
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    from_: date | None,
    to_: date | None,
    month: tuple[int, int] | None,
    year: int | None,
    output: str | None,
    area: tuple[str, ...],
    owner: tuple[str, ...],
    split: bool,
    fmt: str,
    statutory: bool,
    no_alarms: bool,
    deadline_only: bool,
    todo: bool,
    uid_domain: str | None,
    db: str | None,
    lang: str | None,
) -> None:
    """Export deadlines as an iCalendar (.ics) file — this year's by default.

    One all-day event per deadline; a window duty gets an opening event too. Two exports of the
    same inputs are byte-identical, and UIDs stay stable, so re-importing updates instead of
    duplicating.

    \b
    Example:
      bocal export --year 2027 -o bocal-2027.ics
      bocal export --from 2026-04-01 --to 2027-03-31 --profile bocal.toml -o fy2026.ics
      bocal export --year 2026 --split -o calendars/     # calendars/accounting.ics, labor.ics, …
      bocal export --year 2026 --owner "経理 佐藤" --lang en --no-alarms -o sato.ics
      bocal export --clients clients/ --year 2027 -o calendars/   # one .ics per client + office.ics
      bocal export --year 2026 --format xlsx -o 2026.xlsx    # the annual schedule and task list in Excel
    """
    if fmt == "xlsx":
        from .cmd_year import export_xlsx

        return export_xlsx(ctx)
    from ..ics import CalendarOptions
    from ..ics.export import company_calendar, export_split
    from ..state import task_key
    from ..statutory import expander_for

    r = Resolver.of(ctx, lang=lang, profile_path=profile_path, rules=rules, no_bundled=no_bundled)
    windows = "deadline" if deadline_only else "both"
    if clients_dir is not None:
        export_clients(
            ctx,
            r,
            clients_dir,
            client_names,
            (from_, to_, month, year),
            output,
            area,
            no_alarms,
            todo,
            windows,
            uid_domain,
            bool(split or owner),
            statutory,
            db,
        )
        return
    no_client_filter(client_names)
    catalog, profile = r.inputs()
    warn_unstable_id(profile, r.lang)
    profile = with_uid_domain(profile, uid_domain)
    start, end = date_range(r.today, from_, to_, month, year, default="year")
    areas = owned_areas(profile, check_areas(area), owner)
    tasks = expander_for(catalog, statutory).expand(profile, start, end, areas=areas)
    warn_horizon(ctx, start, end, tasks)
    lang = r.lang
    who = ("・".join(owner) if lang == "ja" else ", ".join(owner)) or None
    opts = CalendarOptions.of(lang=lang, no_alarms=no_alarms, deadline_only=deadline_only, todo=todo)
    state = state_view(db, [task_key(t) for t in tasks])  # finished tasks marked 「✓ 」 (VTODO COMPLETED)
    if split:
        if output is None or output == "-":
            raise UsageError(Problem("--split writes one file per area: give a directory with -o", key="--split"))
        if output.lower().endswith(".ics"):
            # `--split -o x.ics` would make a directory called x.ics
            raise UsageError(
                Problem(
                    f"--split writes one file per area into a directory; {output!r} names a file",
                    key="-o",
                    hint="give a directory, e.g. -o calendars/",
                )
            )
        chosen = [a for a in profile.areas if areas is None or a in areas]
        for target, n in export_split(tasks, profile.name, chosen, output, opts, (start, end), owner=who, state=state):
            note(f"{target}: {n} tasks, {start} – {end}")
        return
    one_area = areas[0] if areas and len(areas) == 1 and not owner else None
    if output is None or output == "-" or (os.path.exists(output) and not os.path.isfile(output)):
        # standard output, a FIFO or a device: nothing to remember between exports
        write_output(
            company_calendar(tasks, profile.name, opts, (start, end), area=one_area, owner=who, state=state), output
        )
        return
    # a file remembers what it published (bocal.revisions): a date a profile edit moved gets a higher
    # SEQUENCE and a new DTSTAMP, so calendars that imported the file before take the new date
    from ..revisions import advance, dump_revisions, load_revisions, revisions_path

    ledger = revisions_path(output, state_dir())
    revisions = advance(tasks, load_revisions(ledger), r.today)
    data = company_calendar(
        tasks, profile.name, opts, (start, end), area=one_area, owner=who, state=state, revisions=revisions
    )
    write_output(data, output)
    try:
        ledger.parent.mkdir(parents=True, exist_ok=True)
        write_file(ledger, dump_revisions(revisions))
    except (OSError, UsageError) as e:  # the calendar is written; only its memory is lost
        warn(f"cannot keep the calendar's revisions in {ledger.parent}: {e}")
    note(f"{output}: {len(tasks)} tasks, {start} – {end}")


def owned_areas(profile: Profile, areas: list[str] | None, owner: Sequence[str]) -> list[str] | None:
    """The areas to export: --area's, narrowed to those the --owner people own ([owners]; a part of the name
    is enough, as for `list --owner`); unknown owners are an error."""
    if not owner:
        return areas
    from ..listing import owner_matches

    unknown = [o for o in owner if not any(owner_matches(who, o) for who in profile.owners.values())]
    if unknown:
        raise UsageError(
            Problem(
                f"no area is owned by {unknown[0]!r} in the profile's [owners]",
                key="--owner",
                hint=suggest(unknown[0], list(profile.owners.values()))
                or ("owners are " + ", ".join(sorted(set(profile.owners.values()))) if profile.owners else None),
            )
        )
    owned = [a for a, who in profile.owners.items() if any(owner_matches(who, o) for o in owner)]
    return [a for a in (areas or owned) if a in owned]


def export_clients(
    ctx: click.Context,
    r: Resolver,
    clients_dir: str,
    client_names: tuple[str, ...],
    span: tuple[date | None, date | None, tuple[int, int] | None, int | None],
    output: str | None,
    area: tuple[str, ...],
    no_alarms: bool,
    todo: bool,
    windows: str,
    uid_domain: str | None,
    one_company_only: bool,
    statutory: bool = False,
    db: str | None = None,
) -> None:
    """export --clients: one .ics per client and the office's, in the -o directory."""
    from ..ics.export import export_office
    from ..office import OFFICE_ID
    from ..statutory import expander_for

    catalog, office, chosen = r.office(clients_dir, client_names)
    if output is None or output == "-":
        raise UsageError(Problem("with --clients, -o names the directory for the client calendars", key="-o"))
    if one_company_only:
        raise UsageError(Problem("--split and --owner are for one company; with --clients use list --owner"))
    if uid_domain is not None:
        chosen = tuple(dataclasses.replace(c, profile=with_uid_domain(c.profile, uid_domain)) for c in chosen)
    start, end = date_range(r.today, *span, default="year")
    from ..i18n import t
    from .progress import Progress

    failed: list[Any] = []  # a client whose expansion fails is reported; the others are written
    progress = Progress(t("progress.clients", r.lang), r.lang, quiet=is_quiet(ctx))
    try:
        result = export_office(
            expander_for(catalog, statutory),
            chosen,
            output,
            start,
            end,
            lang=r.lang,
            alarms=not no_alarms,
            todo=todo,
            windows=windows,
            areas=check_areas(area),
            failed=failed,
            state=state_view(db, None),
            progress=progress,
        )
    finally:
        progress.close()
    office = office.with_failures(failed)
    note(
        f"{output}: {len(result.files) - 1} client calendars and {OFFICE_ID}.ics, {result.events} events, {start} – {end}"
    )
    report_skipped(ctx, office, client_names)
