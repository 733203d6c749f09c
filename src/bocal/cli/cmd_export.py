"""`bocal export`: iCalendar files for a company, by area, or for an office's clients."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
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
    with_uid_domain,
)
from .options import (
    clients_options,
    feed_options,
    input_options,
    lang_option,
    range_options,
)


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
@feed_options
@lang_option
@clients_options
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
    no_alarms: bool,
    deadline_only: bool,
    todo: bool,
    uid_domain: str | None,
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
    """
    from ..expand import Expander
    from ..ical import calendar_texts, to_ical

    lang = lang or default_lang()
    if clients_dir is not None:
        from ..clients import OFFICE_ID, export_office

        catalog, office, chosen = load_office(clients_dir, client_names, profile_path, rules, no_bundled)
        if output is None or output == "-":
            raise UsageError(Problem("with --clients, -o names the directory for the client calendars", key="-o"))
        if split or owner:
            raise UsageError(Problem("--split and --owner are for one company; with --clients use list --owner"))
        if uid_domain is not None:
            import dataclasses

            chosen = tuple(dataclasses.replace(c, profile=with_uid_domain(c.profile, uid_domain)) for c in chosen)
        start, end = resolve_range(today_of(ctx), from_, to_, month, year, default="year")
        failed: list[Any] = []
        result = export_office(
            Expander(catalog),
            chosen,
            output,
            start,
            end,
            lang=lang,
            alarms=not no_alarms,
            todo=todo,
            windows="deadline" if deadline_only else "both",
            areas=check_areas(area),
            failed=failed,
        )
        office = office.with_failures(failed)
        click.echo(
            f"{output}: {len(result.files) - 1} client calendars and {OFFICE_ID}.ics, {result.events} events, {start} – {end}",
            err=True,
        )
        report_skipped(ctx, office, client_names)
        return
    no_client_filter(client_names)
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    profile = with_uid_domain(profile, uid_domain)
    start, end = resolve_range(today_of(ctx), from_, to_, month, year, default="year")
    areas = check_areas(area)
    if owner:
        unknown = [o for o in owner if o not in profile.owners.values()]
        if unknown:
            from ..errors import suggest

            raise UsageError(
                Problem(
                    f"no area is owned by {unknown[0]!r} in the profile's [owners]",
                    key="--owner",
                    hint=suggest(unknown[0], list(profile.owners.values()))
                    or ("owners are " + ", ".join(sorted(set(profile.owners.values()))) if profile.owners else None),
                )
            )
        owned = [a for a, who in profile.owners.items() if who in owner]
        areas = [a for a in (areas or owned) if a in owned]
    tasks = Expander(catalog).expand(profile, start, end, areas=areas)
    warn_horizon(ctx, start, end, tasks)
    options = {"lang": lang, "alarms": not no_alarms, "todo": todo, "windows": "deadline" if deadline_only else "both"}
    who = "・".join(owner) if lang == "ja" else ", ".join(owner)
    if split:
        if output is None or output == "-":
            raise UsageError(Problem("--split writes one file per area: give a directory with -o", key="--split"))
        from ..atomic import write_atomic

        out_dir = Path(output)
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise UsageError(Problem(f"cannot create the directory: {e.strerror or e}", path=output)) from None
        for a in [a for a in profile.areas if areas is None or a in areas]:
            mine = [t for t in tasks if t.area == a]
            name, desc = calendar_texts(profile.name, lang, area=a, owner=who or None, span=(start, end))
            target = out_dir / f"{a}.ics"
            try:
                write_atomic(target, to_ical(mine, name=name, description=desc, **options))  # type: ignore[arg-type]
            except OSError as e:
                raise UsageError(Problem(f"cannot write the file: {e.strerror or e}", path=str(target))) from None
            click.echo(f"{target}: {len(mine)} tasks, {start} – {end}", err=True)
        return
    name, desc = calendar_texts(
        profile.name,
        lang,
        area=areas[0] if areas and len(areas) == 1 and not owner else None,
        owner=who or None,
        span=(start, end),
    )
    data = to_ical(tasks, name=name, description=desc, **options)  # type: ignore[arg-type]
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from ..atomic import write_atomic

    try:
        write_atomic(output, data)
    except OSError as e:
        raise UsageError(Problem(f"cannot write the file: {e.strerror or e}", path=output)) from None
    click.echo(f"{output}: {len(tasks)} tasks, {start} – {end}", err=True)
