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
        # readable=False: the loader reports unreadable files itself, located, like every other input problem
        type=click.Path(path_type=str, readable=False),
        help="Extra rule file or directory (repeatable); added to the bundled schedules.",
    )(f)
    f = click.option("--no-bundled", is_flag=True, help="Use only the --rules files, not the bundled schedules.")(f)
    f = click.option(
        "--profile",
        "profile_path",
        type=click.Path(path_type=str, readable=False),
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


def color_option(f: F) -> F:
    return click.option(
        "--color/--no-color",
        "color",
        default=None,
        help="Colour the output (default: only on a terminal, and never with NO_COLOR set).",
    )(f)


def use_color(flag: bool | None) -> bool:
    """--color/--no-color if given; else colour only on a terminal without NO_COLOR or TERM=dumb."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def format_md(day: date, lang: str) -> str:
    from .calendars import format_md as fmt

    return fmt(day, lang)


def lang_option(f: F) -> F:
    return click.option("--lang", type=click.Choice(["ja", "en"]), help="Language (default: from the locale).")(f)


def catalog_cache_dir() -> str | None:
    """Where the compiled catalog is cached: $BOCAL_CACHE_DIR, else the XDG cache; BOCAL_NO_CACHE=1 turns it off."""
    if os.environ.get("BOCAL_NO_CACHE"):
        return None
    explicit = os.environ.get("BOCAL_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "bocal")


def clients_options(f: F) -> F:
    """--clients DIR and --client NAME, for the commands that serve an office's clients."""
    f = click.option(
        "--client",
        "client_names",
        multiple=True,
        metavar="NAME",
        help="With --clients: only this client (its name, file name or id; repeatable).",
    )(f)
    f = click.option(
        "--clients",
        "clients_dir",
        type=click.Path(path_type=str),
        metavar="DIR",
        help="A directory of client profiles, one .toml per client (a 税理士・社労士事務所's clients).",
    )(f)
    return f


def load_office(
    clients_dir: str, client_names: tuple[str, ...], profile_path: str | None, rules: tuple[str, ...], no_bundled: bool
) -> tuple[Any, Any, Any]:
    """The catalog, the office (broken clients recorded, not raised) and the clients chosen."""
    from .clients import load_clients
    from .rules import load_catalog

    if profile_path:
        raise UsageError(Problem("give --profile or --clients, not both"))
    office = load_clients(clients_dir)
    chosen = office.select(client_names)
    catalog = load_catalog(rules, bundled=not no_bundled, cache_dir=catalog_cache_dir())
    return catalog, office, chosen


def report_skipped(ctx: click.Context, office: Any, client_names: tuple[str, ...]) -> None:
    """After everything else: one message per problem of each broken client, then exit status 2.

    With --client, only the clients named count (naming a broken one is already an error)."""
    if not office.problems or client_names:
        return
    for p in office.problems:
        click.echo(f"bocal: {p}", err=True)
    n, total = len(office.skipped), len(office.skipped) + len(office.clients)
    click.echo(f"bocal: skipped {n} of {total} clients whose profiles are broken (the others are complete)", err=True)
    ctx.exit(2)


def no_client_filter(client_names: tuple[str, ...]) -> None:
    if client_names:
        raise UsageError(Problem("--client needs --clients DIR", key="--client"))


def load_inputs(profile_path: str | None, rules: tuple[str, ...], no_bundled: bool) -> tuple[Any, Any]:
    from .profile import default_profile, load_profile
    from .rules import load_catalog

    if profile_path:
        profile = load_profile(profile_path)
    elif Path("bocal.toml").is_file():
        profile = load_profile("bocal.toml")
    else:
        profile = default_profile()
    catalog = load_catalog(rules, bundled=not no_bundled, cache_dir=catalog_cache_dir())
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


def warn_horizon(ctx: click.Context, start: date, end: date, tasks: Any = ()) -> None:
    """Say once per run, on stderr, when the dates rest on holidays not yet fixed in the 官報."""
    from .calendars import horizon_warning

    root = ctx.find_root().obj
    if root.get("horizon_warned"):
        return
    last = max((t.due for t in tasks), default=end)
    message = horizon_warning(start, max(end, last), "en")
    if message:
        click.echo(f"bocal: warning: {message}", err=True)
        root["horizon_warned"] = True


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
    "--upcoming",
    type=click.IntRange(0, 3660),
    metavar="DAYS",
    help="From the 1st of this month (so this month's overdue deadlines stay in view) to DAYS days after today.",
)
@click.option(
    "--area", multiple=True, help="Only these areas (repeatable): general-affairs, hr, labor, accounting, legal, it."
)
@click.option("--owner", multiple=True, help="Only tasks whose owner ([owners] in the profile) contains this text.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--bom", is_flag=True, help="With --format csv: start with a BOM so Excel reads Japanese text right.")
@color_option
@lang_option
@clients_options
@click.pass_context
def list_cmd(
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
    upcoming: int | None,
    area: tuple[str, ...],
    owner: tuple[str, ...],
    fmt: str,
    bom: bool,
    color: bool | None,
    lang: str | None,
) -> None:
    """List deadlines as an agenda — this month's by default.

    Each date shows its weekday and the days left (今日 / あと3日 / 期限超過 2日); a date moved off a
    closed day carries a footnote saying why; a window (算定基礎届 7/1〜7/10) shows while it is open
    and on the day it opens. Colour on a terminal only (NO_COLOR or --no-color turn it off).

    \b
    Example:
      bocal list
      bocal list --upcoming 30 --owner 佐藤
      bocal list --month 2026-07 --area labor --lang en
      bocal list --year 2026 --format csv --bom > 2026.csv
      bocal list --clients clients/ --client 株式会社サンプル --upcoming 30
    """
    from .expand import Expander
    from .render import to_csv, to_json

    lang = lang or default_lang()
    today = today_of(ctx)
    if upcoming is not None:
        if from_ or to_ or month or year:
            raise UsageError(Problem("give --upcoming or one of --from/--to, --month, --year, not both"))
        start, end = today.replace(day=1), today + timedelta(days=upcoming)
    else:
        start, end = resolve_range(today, from_, to_, month, year)
    if clients_dir is not None:
        _list_clients(
            ctx, clients_dir, client_names, profile_path, rules, no_bundled, start, end, area, owner, fmt, bom, lang
        )
        return
    no_client_filter(client_names)
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    expander = Expander(catalog)
    areas = _areas(area)
    tasks = _owned(expander.expand(profile, start, end, areas=areas), owner)
    warn_horizon(ctx, start, end, tasks)
    if fmt == "json":
        click.echo(to_json(tasks, lang), nl=False)
    elif fmt == "csv":
        click.echo(to_csv(tasks, lang, bom=bom), nl=False)
    else:
        click.echo(
            _agenda(expander, profile, tasks, start, end, today, lang, color, areas, owner), nl=False, color=True
        )


def _owned(tasks: list[Any], owner: tuple[str, ...]) -> list[Any]:
    """Tasks whose owner contains one of the --owner texts (case-insensitive); all without --owner."""
    if not owner:
        return tasks
    wanted = [o.casefold() for o in owner]
    return [t for t in tasks if t.owner and any(w in t.owner.casefold() for w in wanted)]


#: Windows longer than this are not looked for when listing the days windows open.
WINDOW_REACH = timedelta(days=120)


def _agenda(
    expander: Any,
    profile: Any,
    tasks: list[Any],
    start: date,
    end: date,
    today: date,
    lang: str,
    color: bool | None,
    areas: list[str] | None,
    owner: tuple[str, ...],
) -> str:
    """The agenda text for [start, end]: due tasks, and windows that open in the range but close after it."""
    from .agenda import range_title, render_agenda

    # only window duties (a `start`) can open in the range and close after it
    windowed = [d.id for d in expander.catalog.duties if d.start is not None or any(c.start for c in d.cases.values())]
    later = _owned(
        expander.expand(profile, end + timedelta(days=1), end + WINDOW_REACH, areas=areas, duties=windowed), owner
    )
    opening = [t for t in later if t.start is not None and start <= t.start <= end]
    period = range_title(start, end, lang)
    if lang == "ja":
        title = f"{period}の期限 — {profile.name}（今日 {format_md(today, 'ja')}）"
    else:
        title = f"Deadlines, {period} — {profile.name} (today {format_md(today, 'en')})"
    return render_agenda(tasks, today=today, lang=lang, color=use_color(color), opening=opening, title=title)


def _list_clients(
    ctx: click.Context,
    clients_dir: str,
    client_names: tuple[str, ...],
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    start: date,
    end: date,
    area: tuple[str, ...],
    owner: tuple[str, ...],
    fmt: str,
    bom: bool,
    lang: str,
) -> None:
    from . import clients as cl
    from .expand import Expander

    catalog, office, chosen = load_office(clients_dir, client_names, profile_path, rules, no_bundled)
    rows = cl.office_tasks(Expander(catalog), chosen, start, end, areas=_areas(area))
    if owner:
        kept = {id(t) for t in _owned([t for _, t in rows], owner)}
        rows = [(c, t) for c, t in rows if id(t) in kept]
    if fmt == "json":
        click.echo(cl.to_json(rows, lang), nl=False)
    elif fmt == "csv":
        click.echo(cl.to_csv(rows, lang, bom=bom), nl=False)
    else:
        click.echo(cl.to_table(rows, lang), nl=False)
    report_skipped(ctx, office, client_names)


def _areas(area: tuple[str, ...]) -> list[str] | None:
    from .errors import suggest
    from .profile import AREAS

    for a in area:
        if a not in AREAS:
            raise UsageError(
                Problem(f"unknown area {a!r}", key="--area", hint=suggest(a, AREAS) or f"areas are {', '.join(AREAS)}")
            )
    return list(area) or None


def feed_options(f: F) -> F:
    """What goes into each calendar: shared by export, serve and publish."""
    f = click.option(
        "--uid-domain",
        help="The domain after @ in every UID (default: the profile's [calendar] uid_domain). Keep it once published.",
    )(f)
    f = click.option("--todo", is_flag=True, help="Also add a VTODO per task (Thunderbird, Apple Reminders).")(f)
    f = click.option(
        "--deadline-only", is_flag=True, help="For window duties (算定基礎届 7/1–7/10), the deadline event only."
    )(f)
    f = click.option("--no-alarms", is_flag=True, help="Leave out reminders (VALARM).")(f)
    return f


def check_uid_domain(uid_domain: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?", uid_domain):
        raise UsageError(Problem(f"{uid_domain!r} is not a domain name such as example.co.jp", key="--uid-domain"))
    return uid_domain


def with_uid_domain(profile: Any, uid_domain: str | None) -> Any:
    """The profile with --uid-domain applied (checked like the profile key)."""
    if uid_domain is None:
        return profile
    import dataclasses

    return dataclasses.replace(profile, uid_domain=check_uid_domain(uid_domain))


@cli.command("export")
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
    from .expand import Expander
    from .ical import calendar_texts, to_ical

    lang = lang or default_lang()
    if clients_dir is not None:
        from .clients import OFFICE_ID, export_office

        catalog, office, chosen = load_office(clients_dir, client_names, profile_path, rules, no_bundled)
        if output is None or output == "-":
            raise UsageError(Problem("with --clients, -o names the directory for the client calendars", key="-o"))
        if split or owner:
            raise UsageError(Problem("--split and --owner are for one company; with --clients use list --owner"))
        if uid_domain is not None:
            import dataclasses

            chosen = tuple(dataclasses.replace(c, profile=with_uid_domain(c.profile, uid_domain)) for c in chosen)
        start, end = resolve_range(today_of(ctx), from_, to_, month, year, default="year")
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
            areas=_areas(area),
        )
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
    areas = _areas(area)
    if owner:
        unknown = [o for o in owner if o not in profile.owners.values()]
        if unknown:
            from .errors import suggest

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
        from .atomic import write_atomic

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
    from .atomic import write_atomic

    try:
        write_atomic(output, data)
    except OSError as e:
        raise UsageError(Problem(f"cannot write the file: {e.strerror or e}", path=output)) from None
    click.echo(f"{output}: {len(tasks)} tasks, {start} – {end}", err=True)


def office_options(f: F) -> F:
    return click.option(
        "--tokens",
        "tokens_file",
        type=click.Path(path_type=str, dir_okay=False),
        metavar="FILE",
        help="With --clients: the tokens file (client id = token; default DIR/.bocal-tokens.toml, mode 0600).",
    )(f)


def server_options(f: F) -> F:
    """--token and --base-url, for serve and publish."""
    f = click.option(
        "--base-url",
        help="The public address the feeds are reached at, e.g. https://cal.example.jp/bocal (behind a TLS proxy).",
    )(f)
    f = click.option(
        "--token",
        envvar="BOCAL_FEED_TOKEN",
        help="The secret in the URL (≥ 22 URL-safe characters; or set BOCAL_FEED_TOKEN). Default: a new random one.",
    )(f)
    return f


def feed_settings(lang: str | None, no_alarms: bool, deadline_only: bool, todo: bool, uid_domain: str | None) -> Any:
    from .feed import FeedOptions

    if uid_domain is not None:
        check_uid_domain(uid_domain)  # the profile itself is replaced at each build
    return FeedOptions(
        lang=lang or default_lang(),
        alarms=not no_alarms,
        todo=todo,
        windows="deadline" if deadline_only else "both",
        uid_domain=uid_domain,
    )


def check_base_url(base_url: str | None) -> str | None:
    if base_url is not None and not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", base_url):
        raise UsageError(
            Problem(f"{base_url!r} is not an http(s) URL such as https://cal.example.jp/bocal", key="--base-url")
        )
    return base_url.rstrip("/") if base_url else None


def profile_or_default(profile_path: str | None) -> str | None:
    """The profile file serve and publish watch: --profile, else ./bocal.toml if present, else none."""
    if profile_path:
        return profile_path
    return "bocal.toml" if Path("bocal.toml").is_file() else None


@cli.command("serve")
@input_options
@server_options
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep 127.0.0.1 behind a proxy)."
)
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="Port (0: any free port).")
@click.option(
    "--reload-interval",
    type=click.FloatRange(0, 3600),
    default=2.0,
    show_default=True,
    help="Check the profile and rule files for edits at most this often (seconds).",
)
@feed_options
@lang_option
@clients_options
@office_options
@click.option(
    "--cache-mb",
    type=click.IntRange(1, 1 << 20),
    default=256,
    show_default=True,
    help="With --clients: keep at most this much rendered calendar data in memory (least recently used out).",
)
@click.pass_context
def serve_cmd(
    ctx: click.Context,
    clients_dir: str | None,
    client_names: tuple[str, ...],
    tokens_file: str | None,
    cache_mb: int,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    token: str | None,
    base_url: str | None,
    host: str,
    port: int,
    reload_interval: float,
    no_alarms: bool,
    deadline_only: bool,
    todo: bool,
    uid_domain: str | None,
    lang: str | None,
) -> None:
    """Serve subscription feeds over HTTP: /TOKEN/all.ics, /TOKEN/AREA.ics and the index /TOKEN/.

    Feeds cover last year through two years ahead and follow edits of the profile and rule files
    without a restart (a broken edit keeps the last good feed). Put a TLS proxy (Caddy, nginx) in
    front so Google Calendar and Outlook can subscribe; see the README.

    \b
    Example:
      bocal serve --profile bocal.toml
      BOCAL_FEED_TOKEN=... bocal serve --port 8080 --base-url https://cal.example.jp/bocal
    """
    import logging

    from .feed import CompanyFeeds, FeedApp, Inputs, Registry, check_token, create_server, new_token, redact

    if clients_dir is not None:
        _serve_office(ctx, clients_dir, client_names, tokens_file, cache_mb, profile_path, rules, no_bundled)
        return
    no_client_filter(client_names)
    if tokens_file is not None:
        raise UsageError(Problem("--tokens is for --clients", key="--tokens"))
    generated = token is None
    token = new_token() if token is None else check_token(token)
    opts = feed_settings(lang, no_alarms, deadline_only, todo, uid_domain)
    base_url = check_base_url(base_url)
    fixed = ctx.find_root().params.get("today")
    today: Callable[[], date] = (lambda: fixed) if fixed is not None else date.today
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stderr)
    feeds = CompanyFeeds(
        Inputs(profile_or_default(profile_path), rules, not no_bundled),
        today=today,
        options=opts,
        check_interval=reload_interval,
    )
    registry = Registry()
    registry.add(token, feeds)
    app = FeedApp(registry, base_url=base_url)
    try:
        server = create_server(app, host=host, port=port)
    except OSError as e:
        raise UsageError(Problem(f"cannot listen on {host}:{port}: {e.strerror or e}")) from None
    where = base_url or f"http://{host if ':' not in host else f'[{host}]'}:{server.effective_port}"
    calendars = ", ".join(f"{k}.ics" for k in feeds.snapshot().calendars)
    click.echo(f"bocal: serving {where}{redact('/' + token + '/')} ({calendars})", err=True)
    if generated:
        click.echo(
            "Feed token (generated; keep it secret, it is shown only now — pass --token or BOCAL_FEED_TOKEN to keep it):"
        )
        click.echo(f"  {where}/{token}/")
    sys.stdout.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


@cli.command("publish")
@input_options
@server_options
@feed_options
@lang_option
@clients_options
@office_options
@click.argument("directory", type=click.Path(path_type=str))
@click.pass_context
def publish_cmd(
    ctx: click.Context,
    clients_dir: str | None,
    client_names: tuple[str, ...],
    tokens_file: str | None,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    token: str | None,
    base_url: str | None,
    no_alarms: bool,
    deadline_only: bool,
    todo: bool,
    uid_domain: str | None,
    lang: str | None,
    directory: str,
) -> None:
    """Write the feeds and their index as static files: DIRECTORY/TOKEN/{index.html,all.ics,AREA.ics}.

    The same bytes `bocal serve` answers, written atomically, for nginx, any static host or an
    object store. Without --token, the one token directory already in DIRECTORY is reused, else a
    new token is made and printed. Run it again (e.g. daily from cron) to roll the window forward.

    \b
    Example:
      bocal publish /srv/www/bocal --profile bocal.toml --base-url https://cal.example.jp/bocal
    """
    from .feed import CompanyFeeds, Inputs, check_token, new_token, publish

    opts = feed_settings(lang, no_alarms, deadline_only, todo, uid_domain)
    base_url = check_base_url(base_url)
    if base_url is None:
        raise UsageError(
            Problem("give --base-url: the index's subscribe links need the address the directory is served at")
        )
    if clients_dir is not None:
        _publish_office(ctx, directory, clients_dir, client_names, tokens_file, profile_path, rules, no_bundled)
        return
    no_client_filter(client_names)
    if tokens_file is not None:
        raise UsageError(Problem("--tokens is for --clients", key="--tokens"))
    generated = False
    if token is None:
        existing = _token_dirs(directory)
        if len(existing) > 1:
            raise UsageError(Problem(f"{len(existing)} token directories here: say which with --token", path=directory))
        token, generated = (existing[0], False) if existing else (new_token(), True)
    check_token(token)
    today = today_of(ctx)
    feeds = CompanyFeeds(
        Inputs(profile_or_default(profile_path), rules, not no_bundled), today=lambda: today, options=opts
    )
    try:
        written = publish(feeds.snapshot(), directory, token, base_url)
    except OSError as e:
        raise UsageError(
            Problem(f"cannot write: {e.strerror or e}", path=getattr(e, "filename", None) or directory)
        ) from None
    click.echo(f"bocal: wrote {len(written)} files in {directory}/***/", err=True)
    if generated:
        click.echo("Feed token (generated; keep it secret — the directory name is the secret):")
    click.echo(f"{base_url}/{token}/")


def _office_feeds(
    ctx: click.Context,
    clients_dir: str,
    tokens_file: str | None,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    **kw: Any,
) -> Any:
    from .office_feed import OfficeFeeds

    if profile_path:
        raise UsageError(Problem("give --profile or --clients, not both"))
    p = ctx.params
    opts = feed_settings(p["lang"], p["no_alarms"], p["deadline_only"], p["todo"], p["uid_domain"])
    return OfficeFeeds(
        clients_dir,
        tokens_path=tokens_file,
        office_token=p["token"],
        rules=rules,
        bundled=not no_bundled,
        options=opts,
        cache_dir=catalog_cache_dir(),
        **kw,
    )


def _print_problems(feeds: Any) -> None:
    for problem in feeds.problems:
        click.echo(f"bocal: {problem}", err=True)


def _serve_office(
    ctx: click.Context,
    clients_dir: str,
    client_names: tuple[str, ...],
    tokens_file: str | None,
    cache_mb: int,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
) -> None:
    import logging

    from .feed import FeedApp, create_server

    if client_names:
        raise UsageError(Problem("serve --clients serves every client of the directory", key="--client"))
    p = ctx.params
    base_url = check_base_url(p["base_url"])
    fixed = ctx.find_root().params.get("today")
    today: Callable[[], date] = (lambda: fixed) if fixed is not None else date.today
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stderr)
    feeds = _office_feeds(
        ctx,
        clients_dir,
        tokens_file,
        profile_path,
        rules,
        no_bundled,
        today=today,
        check_interval=p["reload_interval"],
        cache_bytes=cache_mb * 2**20,
    )
    _print_problems(feeds)
    app = FeedApp(feeds.registry, base_url=base_url)
    host, port = p["host"], p["port"]
    try:
        server = create_server(app, host=host, port=port)
    except OSError as e:
        raise UsageError(Problem(f"cannot listen on {host}:{port}: {e.strerror or e}")) from None
    where = base_url or f"http://{host if ':' not in host else f'[{host}]'}:{server.effective_port}"
    skipped = f", {len(feeds.problems)} problems in skipped clients (above)" if feeds.problems else ""
    click.echo(
        f"bocal: serving {where}/***/ for {len(feeds.clients)} clients and the office{skipped}; "
        f"tokens in {feeds.tokens_path}",
        err=True,
    )
    for url, cid, name in feeds.urls(where):
        click.echo(f"{url}\t{cid}\t{name}")
    sys.stdout.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _publish_office(
    ctx: click.Context,
    directory: str,
    clients_dir: str,
    client_names: tuple[str, ...],
    tokens_file: str | None,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
) -> None:
    from .office_feed import client_of, publish_office

    base_url = check_base_url(ctx.params["base_url"])
    assert base_url is not None
    day = today_of(ctx)
    import logging

    quiet = logging.getLogger("bocal.publish")  # problems are printed once, after the output
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    feeds = _office_feeds(
        ctx, clients_dir, tokens_file, profile_path, rules, no_bundled, today=lambda: day, logger=quiet
    )
    only = client_of(feeds, client_names) if client_names else None
    try:
        result = publish_office(feeds, directory, base_url, only=only)
    except OSError as e:
        raise UsageError(
            Problem(f"cannot write: {e.strerror or e}", path=getattr(e, "filename", None) or directory)
        ) from None
    removed = f", removed {len(result.removed)} revoked feed directories" if result.removed else ""
    office = "" if only is not None else " and the office"
    click.echo(
        f"bocal: wrote {result.files} files for {result.clients} clients{office} in {directory}/***/{removed}; "
        f"tokens in {feeds.tokens_path}",
        err=True,
    )
    chosen = {c.id for c in only} if only is not None else None
    for url, cid, name in feeds.urls(base_url):
        if chosen is None or cid in chosen:
            click.echo(f"{url}\t{cid}\t{name}")
    if feeds.problems and not client_names:
        _print_problems(feeds)
        n = len({pr.path for pr in feeds.problems})
        total = n + len(feeds.clients)
        click.echo(
            f"bocal: skipped {n} of {total} clients whose profiles are broken (the others are complete)", err=True
        )
        ctx.exit(2)


def _token_dirs(directory: str) -> list[str]:
    from .feed import TOKEN_RE

    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return sorted(n for n in names if TOKEN_RE.fullmatch(n) and os.path.isdir(os.path.join(directory, n)))


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


@cli.command("explain")
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
    from .expand import applicability
    from .explain import explain, find_task

    lang = lang or default_lang()
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    duty = catalog.get(duty_id)
    if duty is None:
        from .errors import suggest

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


REGIME_CHOICES = ["national-tax", "local-tax", "government", "bank", "company"]


@cli.command("holidays")
@click.argument("year", type=click.IntRange(1990, 2200), required=False)
@click.option(
    "--regime",
    type=click.Choice(REGIME_CHOICES),
    default="national-tax",
    show_default=True,
    help="Whose closed days: national-tax, local-tax, government (12/29–1/3), bank (12/31–1/3), company (government + the profile's closures).",
)
@click.option("--all", "all_days", is_flag=True, help="Include Saturdays and Sundays.")
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(path_type=str),
    envvar="BOCAL_PROFILE",
    help="Company profile (for --regime company; default ./bocal.toml if present).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@lang_option
@click.pass_context
def holidays_cmd(
    ctx: click.Context,
    year: int | None,
    regime: str,
    all_days: bool,
    profile_path: str | None,
    fmt: str,
    lang: str | None,
) -> None:
    """List the closed days of a year under a regime, with their names (this year by default).

    Weekends are left out unless --all. Years after the last one whose 春分の日・秋分の日 are fixed in
    the 官報 are marked provisional.

    \b
    Example:
      bocal holidays
      bocal holidays 2027 --regime bank
      bocal holidays 2026 --regime company --profile bocal.toml --all
    """
    import json

    from .calendars import REGIMES, business_calendar, is_provisional
    from .holidays import closed_days_table, provisional_day

    lang = lang or default_lang()
    year = year or today_of(ctx).year
    closures = _profile(profile_path).closures if regime == "company" else None
    cal = business_calendar(regime, closures) if closures is not None else business_calendar(regime)
    days = [c for c in cal.closed_days(year) if all_days or c.kind != "weekend"]
    if fmt == "json":
        out = [
            {
                "date": c.day.isoformat(),
                "kind": c.kind,
                "name": c.name_ja,
                "name_en": c.name_en,
                "provisional": provisional_day(c),
            }
            for c in days
        ]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    ja = lang == "ja"
    head = f"{year}年の休日 — {REGIMES[regime]['ja']}" if ja else f"Closed days in {year} — {REGIMES[regime]['en']}"
    if not all_days:
        head += "（土日を除く）" if ja else " (weekends left out)"
    click.echo(head)
    click.echo(closed_days_table(days, lang), nl=False)
    if is_provisional(year):
        from .calendars import LAST_OFFICIAL_YEAR

        click.echo(
            f"（暫定）{year}年の春分の日・秋分の日はまだ官報で公示されていません（確定は{LAST_OFFICIAL_YEAR}年まで）。"
            if ja
            else f"(provisional) the equinox days of {year} are not yet fixed in the official gazette (fixed up to {LAST_OFFICIAL_YEAR})."
        )


def _profile(profile_path: str | None) -> Any:
    """The profile alone (no rules): --profile, else ./bocal.toml, else the embedded default."""
    from .profile import default_profile, load_profile

    if profile_path:
        return load_profile(profile_path)
    if Path("bocal.toml").is_file():
        return load_profile("bocal.toml")
    return default_profile()


@cli.command("month")
@input_options
@click.argument("month", type=MONTH, required=False)
@click.option(
    "--area", multiple=True, help="Only these areas (repeatable): general-affairs, hr, labor, accounting, legal, it."
)
@click.option("--owner", multiple=True, help="Only tasks whose owner contains this text.")
@click.option("--monday", is_flag=True, help="Start weeks on Monday (default: Sunday, as Japanese calendars do).")
@color_option
@lang_option
@click.pass_context
def month_cmd(
    ctx: click.Context,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    month: tuple[int, int] | None,
    area: tuple[str, ...],
    owner: tuple[str, ...],
    monday: bool,
    color: bool | None,
    lang: str | None,
) -> None:
    """Show a month as a calendar grid, deadlines and closed days marked, with its tasks below.

    `*` marks a day with a deadline, `+` a closed weekday (holiday, 年末年始, company closure — the
    company calendar: government closures plus the profile's). With colour, Sundays and holidays are
    red, Saturdays blue, deadline days reversed and today underlined.

    \b
    Example:
      bocal month
      bocal month 2026-07 --area labor
      bocal month 2026-12 --monday --lang en
    """
    from .calendars import business_calendar
    from .expand import Expander
    from .monthgrid import render_grid

    lang = lang or default_lang()
    today = today_of(ctx)
    y, m = month or (today.year, today.month)
    catalog, profile = load_inputs(profile_path, rules, no_bundled)
    start, end = resolve_range(today, None, None, (y, m), None)
    expander = Expander(catalog)
    areas = _areas(area)
    tasks = _owned(expander.expand(profile, start, end, areas=areas), owner)
    cal = business_calendar("company", profile.closures)
    on = use_color(color)
    grid = render_grid(y, m, cal, {t.due for t in tasks}, today=today, lang=lang, color=on, monday=monday)
    click.echo(grid, nl=False, color=True)
    click.echo()
    click.echo(_agenda(expander, profile, tasks, start, end, today, lang, color, areas, owner), nl=False, color=True)


@cli.command("init")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=str, dir_okay=False),
    default="bocal.toml",
    show_default=True,
    help="Where to write the profile.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--name", help="会社名 / company name.")
@click.option("--fiscal-year-end", type=click.IntRange(1, 12), help="決算月 / fiscal year-end month (1–12).")
@click.option("--employees", type=click.IntRange(0, 1000000), help="常時雇用する従業員数 / regular employees.")
@click.option(
    "--withholding-special/--no-withholding-special", default=None, help="源泉所得税の納期の特例 / special schedule."
)
@click.option(
    "--resident-tax-special/--no-resident-tax-special", default=None, help="住民税の納期の特例 / special schedule."
)
@click.option("--listed/--not-listed", default=None, help="上場会社 / listed company.")
@click.option("--board/--no-board", default=None, help="取締役会設置会社 / has a board of directors.")
@click.option("--payday", type=click.IntRange(1, 31), help="給与支給日 / payday (day of month).")
@click.option("--bonus", "bonus", help='賞与支給日 / bonus paydays: "07-10,12-10", or "none".')
@click.option(
    "--ask/--no-ask",
    default=None,
    help="Ask the questions not answered by flags (default: only when standard input is a terminal).",
)
@lang_option
def init_cmd(
    output: str,
    force: bool,
    name: str | None,
    fiscal_year_end: int | None,
    employees: int | None,
    withholding_special: bool | None,
    resident_tax_special: bool | None,
    listed: bool | None,
    board: bool | None,
    payday: int | None,
    bonus: str | None,
    ask: bool | None,
    lang: str | None,
) -> None:
    """Write a commented bocal.toml from a few questions (or from flags).

    Asks 決算月, 従業員数, 納期の特例, 上場, 取締役会, 給与支給日 and 賞与 on a terminal; when standard
    input is not a terminal (or with --no-ask) it uses the flags and the defaults without asking.
    Never overwrites a file without --force; writes atomically.

    \b
    Example:
      bocal init
      bocal init --name 株式会社サンプル --fiscal-year-end 12 --employees 8 --withholding-special --no-ask
      bocal init -o clients/acme.toml --force
    """
    from .init import QUESTIONS, parse_answer, render_profile
    from .profile import schema

    lang = lang or default_lang()
    if Path(output).exists() and not force:
        raise UsageError(Problem("the file exists; use --force to overwrite it", path=output))
    given: dict[str, Any] = {
        "name": name,
        "fiscal_year_end": fiscal_year_end,
        "employees": employees,
        "withholding_special": withholding_special,
        "resident_tax_special": resident_tax_special,
        "listed": listed,
        "board": board,
        "payday": payday,
    }
    answers: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if bonus is not None:
        try:
            answers["bonus_dates"] = parse_answer("bonus_dates", bonus)
        except ValueError as e:
            raise UsageError(Problem(str(e), key="--bonus")) from None
    if ask is None:
        ask = sys.stdin.isatty()
    keys = schema()
    if ask:
        for key, q_ja, q_en in QUESTIONS:
            if key in answers:
                continue
            default = keys[key].default
            shown = (
                ",".join(default)
                if isinstance(default, list)
                else ("y" if default is True else "n" if default is False else str(default))
            )
            while True:
                text = click.prompt(q_ja if lang == "ja" else q_en, default=shown or "none", show_default=True)
                try:
                    answers[key] = parse_answer(key, str(text))
                    break
                except ValueError as e:
                    click.echo(f"  {e}", err=True)
    text = render_profile(answers)
    from .atomic import write_atomic

    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as e:
        raise UsageError(Problem(f"cannot write the file: {e.strerror or e}", path=output)) from None
    click.echo(
        f"{output} を書きました。次は: bocal check --profile {output} / bocal list --profile {output}"
        if lang == "ja"
        else f"wrote {output}; next: bocal check --profile {output} / bocal list --profile {output}",
        err=True,
    )
