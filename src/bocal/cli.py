"""The command line: the one place that reads argv, the environment and the clock.

Library errors (BocalError) become one message per problem on stderr and exit status 2, here and
nowhere else. Heavy modules (icalendar, the server) are imported inside the commands that use them,
so `bocal list` starts fast.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import BocalError, Problem, UsageError

F = TypeVar("F", bound=Callable[..., Any])


# -- option types ---------------------------------------------------------------------------------


class MonthType(click.ParamType):  # type: ignore[type-arg]
    name = "YYYY-MM"

    def convert(self, value: Any, param: Any, ctx: Any) -> tuple[int, int]:
        if isinstance(value, tuple):
            return value
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", str(value).strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            self.fail(f"{value!r} is not a month such as 2026-07", param, ctx)
        return int(m.group(1)), int(m.group(2))


class DateType(click.ParamType):  # type: ignore[type-arg]
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date such as 2026-07-10", param, ctx)


MONTH = MonthType()
DATE = DateType()


# -- the group and its error handling --------------------------------------------------------------


class BocalGroup(click.Group):
    """Turns every BocalError into located messages and exit status 2, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BocalError as e:
            for p in e.problems:
                click.echo(f"bocal: {p}", err=True)
            ctx.exit(2)
        except BrokenPipeError:
            # `bocal list | head`: the reader went away; nothing to report.
            sys.stderr.close()
            ctx.exit(0)


@click.group(cls=BocalGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="bocal")
@click.option("--today", type=DATE, envvar="BOCAL_TODAY", help="Pretend today is this date (or set BOCAL_TODAY).")
@click.pass_context
def cli(ctx: click.Context, today: date | None) -> None:
    """bocal — 総務・人事・労務・経理・法務・情報システムの法定期限を、会社ごとの日付入りタスクに。

    Japanese back-office deadlines, computed from readable rules, a company profile and the
    holiday calendar.

    \b
    Example:
      bocal list                       # this month's deadlines for the default company
      bocal list --profile bocal.toml --year 2026
      bocal export --year 2027 -o bocal-2027.ics
    """
    ctx.obj = {"today": today or date.today()}


def today_of(ctx: click.Context) -> date:
    return ctx.find_root().obj["today"]  # type: ignore[no-any-return]


def default_lang() -> str:
    """ja unless the locale asks for another language (bocal's readers are mostly Japanese)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        v = os.environ.get(var, "")
        if v:
            if v.startswith("ja"):
                return "ja"
            if v in ("C", "POSIX") or v.startswith(("C.", "POSIX")):
                return "ja"
            return "en"
    return "ja"


# -- shared options ---------------------------------------------------------------------------------


def input_options(f: F) -> F:
    """--profile and --rules, for every command that reads rules and a profile."""
    f = click.option(
        "--rules",
        "rules",
        multiple=True,
        type=click.Path(path_type=str),
        help="Extra rule file or directory (repeatable); added to the bundled schedules.",
    )(f)
    f = click.option("--no-bundled", is_flag=True, help="Use only the --rules files, not the bundled schedules.")(f)
    f = click.option(
        "--profile",
        "profile_path",
        type=click.Path(path_type=str),
        envvar="BOCAL_PROFILE",
        help="Company profile TOML (default: ./bocal.toml if present, else the embedded default).",
    )(f)
    return f


def range_options(f: F) -> F:
    f = click.option("--year", type=click.IntRange(1990, 2200), help="A whole calendar year.")(f)
    f = click.option("--month", type=MONTH, help="A month, e.g. 2026-07.")(f)
    f = click.option("--to", "to_", type=DATE, help="Last day (inclusive).")(f)
    f = click.option("--from", "from_", type=DATE, help="First day.")(f)
    return f


def lang_option(f: F) -> F:
    return click.option("--lang", type=click.Choice(["ja", "en"]), help="Language (default: from the locale).")(f)


def load_inputs(profile_path: str | None, rules: tuple[str, ...], no_bundled: bool) -> tuple[Any, Any]:
    from .profile import default_profile, load_profile
    from .rules import load_catalog

    if profile_path:
        profile = load_profile(profile_path)
    elif Path("bocal.toml").is_file():
        profile = load_profile("bocal.toml")
    else:
        profile = default_profile()
    catalog = load_catalog(rules, bundled=not no_bundled)
    return catalog, profile


def resolve_range(
    today: date,
    from_: date | None,
    to_: date | None,
    month: tuple[int, int] | None,
    year: int | None,
    default: str = "month",
) -> tuple[date, date]:
    """The date range the options name; by default this month (or this year)."""
    chosen = sum(x is not None for x in (month, year)) + (1 if (from_ or to_) else 0)
    if chosen > 1:
        raise UsageError(Problem("give one of --from/--to, --month, --year"))
    if month:
        y, m = month
        return date(y, m, 1), (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1))
    if year:
        return date(year, 1, 1), date(year, 12, 31)
    if from_ or to_:
        start = from_ or today
        end = to_ or (start + timedelta(days=365) - timedelta(days=1))
        if end < start:
            raise UsageError(Problem(f"--to {end} is before --from {start}"))
        return start, end
    if default == "year":
        return date(today.year, 1, 1), date(today.year, 12, 31)
    first = today.replace(day=1)
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def emit(text: str, output: str | None) -> None:
    """Print, or write atomically to a file."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    from .atomic import write_atomic

    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as e:
        raise UsageError(Problem(f"cannot write the file: {e.strerror or e}", path=output)) from None


# -- commands -------------------------------------------------------------------------------------


@cli.command("list")
@input_options
@range_options
@click.option(
    "--area", multiple=True, help="Only these areas (repeatable): general-affairs, hr, labor, accounting, legal, it."
)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--bom", is_flag=True, help="With --format csv: start with a BOM so Excel reads Japanese text right.")
@lang_option
@click.pass_context
def list_cmd(
    ctx: click.Context,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    from_: date | None,
    to_: date | None,
    month: tuple[int, int] | None,
    year: int | None,
    area: tuple[str, ...],
    fmt: str,
    bom: bool,
    lang: str | None,
) -> None:
    """List deadlines — this month's by default.

    \b
    Example:
      bocal list
      bocal list --month 2026-07 --area labor
      bocal list --year 2026 --format json
    """
    from .expand import Expander
    from .render import to_csv, to_json, to_table

    lang = lang or default_lang()
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    start, end = resolve_range(today_of(ctx), from_, to_, month, year)
    tasks = Expander(catalog).expand(profile, start, end, areas=_areas(area))
    if fmt == "json":
        click.echo(to_json(tasks, lang), nl=False)
    elif fmt == "csv":
        click.echo(to_csv(tasks, lang, bom=bom), nl=False)
    else:
        click.echo(to_table(tasks, lang, today=today_of(ctx)), nl=False)


def _areas(area: tuple[str, ...]) -> list[str] | None:
    from .errors import suggest
    from .profile import AREAS

    for a in area:
        if a not in AREAS:
            raise UsageError(
                Problem(f"unknown area {a!r}", key="--area", hint=suggest(a, AREAS) or f"areas are {', '.join(AREAS)}")
            )
    return list(area) or None


@cli.command("export")
@input_options
@range_options
@click.option(
    "-o", "--output", type=click.Path(path_type=str), help="Write to this .ics file (default: standard output)."
)
@click.option("--area", multiple=True, help="Only these areas (repeatable).")
@click.option("--no-alarms", is_flag=True, help="Leave out reminders (VALARM).")
@lang_option
@click.pass_context
def export_cmd(
    ctx: click.Context,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    from_: date | None,
    to_: date | None,
    month: tuple[int, int] | None,
    year: int | None,
    output: str | None,
    area: tuple[str, ...],
    no_alarms: bool,
    lang: str | None,
) -> None:
    """Export deadlines as an iCalendar (.ics) file — this year's by default.

    \b
    Example:
      bocal export --year 2027 -o bocal-2027.ics
      bocal export --from 2026-04-01 --to 2027-03-31 --profile bocal.toml -o fy2026.ics
    """
    from .expand import Expander
    from .ical import to_ical

    lang = lang or default_lang()
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    start, end = resolve_range(today_of(ctx), from_, to_, month, year, default="year")
    tasks = Expander(catalog).expand(profile, start, end, areas=_areas(area))
    data = to_ical(
        tasks,
        name=f"{profile.name} 期限カレンダー" if lang == "ja" else f"{profile.name} deadlines",
        lang=lang,
        alarms=not no_alarms,
    )
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from .atomic import write_atomic

    try:
        write_atomic(output, data)
    except OSError as e:
        raise UsageError(Problem(f"cannot write the file: {e.strerror or e}", path=output)) from None
    click.echo(f"{output}: {len(tasks)} events, {start} – {end}", err=True)


@cli.command("check")
@input_options
def check_cmd(profile_path: str | None, rules: tuple[str, ...], no_bundled: bool) -> None:
    """Validate the profile and the rule files, and say what was checked.

    \b
    Example:
      bocal check
      bocal check --profile bocal.toml --rules my-rules/
    """
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    areas: dict[str, int] = {}
    for d in catalog.duties:
        areas[d.area] = areas.get(d.area, 0) + 1
    click.echo(f"rules: {len(catalog.files)} files, {len(catalog.duties)} duties — OK")
    for f in catalog.files:
        click.echo(f"  {f}")
    click.echo("  " + ", ".join(f"{a} {n}" for a, n in sorted(areas.items())))
    click.echo(f"profile: {profile.path or '(embedded default)'} — {profile.name} — OK")


@cli.command("duties")
@input_options
@click.argument("duty_id", required=False)
@click.option("--area", multiple=True, help="Only these areas (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@lang_option
@click.pass_context
def duties_cmd(
    ctx: click.Context,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    duty_id: str | None,
    area: tuple[str, ...],
    fmt: str,
    lang: str | None,
) -> None:
    """Browse the catalog of duties, and whether each applies to the profile.

    \b
    Example:
      bocal duties --area labor
      bocal duties --format json
      bocal duties withholding-tax
    """
    import json

    from .describe import area_name
    from .expand import applicability
    from .render import pad, width

    lang = lang or default_lang()
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    wanted = _areas(area)
    duties = [d for d in catalog.duties if wanted is None or d.area in wanted]
    if duty_id is not None:
        from .explain import describe_duty

        duty = catalog.get(duty_id)
        if duty is None:
            from .errors import suggest

            raise UsageError(Problem(f"no duty {duty_id!r}", hint=suggest(duty_id, [d.id for d in catalog.duties])))
        click.echo(describe_duty(catalog, profile, duty, today_of(ctx), lang), nl=False)
        return
    rows = []
    for d in duties:
        ok, why = applicability(d, profile, catalog)
        rows.append((d, ok, why))
    if fmt == "json":
        out = [
            {
                "id": d.id,
                "title": d.title,
                "title_en": d.title_en,
                "area": d.area,
                "basis": d.basis,
                "source": d.source,
                "regime": d.regime,
                "shift": d.shift,
                "when": d.when.text if d.when else None,
                "applies": ok,
                "why": why,
                "valid_from": d.valid_from.isoformat() if d.valid_from else None,
                "valid_until": d.valid_until.isoformat() if d.valid_until else None,
            }
            for d, ok, why in rows
        ]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    w_id = max((width(d.id) for d, _, _ in rows), default=0)
    w_area = max((width(area_name(d.area, lang)) for d, _, _ in rows), default=0)
    for d, ok, _why in rows:
        mark = "✓" if ok else "-"
        click.echo(f"{mark} {pad(d.id, w_id)}  {pad(area_name(d.area, lang), w_area)}  {d.title_for(lang)}")


def main() -> None:
    cli(prog_name="bocal")
