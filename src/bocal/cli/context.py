"""What every command shares: today, the language, the inputs (profile, catalog, office), the range, warnings."""

from __future__ import annotations

import os
import re
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click

from ..errors import Problem, UsageError


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


def use_color(flag: bool | None) -> bool:
    """--color/--no-color if given; else colour only on a terminal without NO_COLOR or TERM=dumb."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def format_md(day: date, lang: str) -> str:
    from ..calendars import format_md as fmt

    return fmt(day, lang)


def catalog_cache_dir() -> str | None:
    """Where the compiled catalog is cached: $BOCAL_CACHE_DIR, else the XDG cache; BOCAL_NO_CACHE=1 turns it off."""
    if os.environ.get("BOCAL_NO_CACHE"):
        return None
    explicit = os.environ.get("BOCAL_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "bocal")


def load_office(
    clients_dir: str, client_names: tuple[str, ...], profile_path: str | None, rules: tuple[str, ...], no_bundled: bool
) -> tuple[Any, Any, Any]:
    """The catalog, the office (broken clients recorded, not raised) and the clients chosen."""
    from ..clients import load_clients
    from ..rules import load_catalog

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
    if n:
        click.echo(
            f"bocal: skipped {n} of {total} clients whose profiles are broken (the others are complete)", err=True
        )
    ctx.exit(2)


def no_client_filter(client_names: tuple[str, ...]) -> None:
    if client_names:
        raise UsageError(Problem("--client needs --clients DIR", key="--client"))


def load_inputs(profile_path: str | None, rules: tuple[str, ...], no_bundled: bool) -> tuple[Any, Any]:
    from ..profile import default_profile, load_profile
    from ..rules import load_catalog

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
    from ..calendars import horizon_warning

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
    from ..atomic import write_atomic

    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as e:
        raise UsageError(Problem(f"cannot write the file: {e.strerror or e}", path=output)) from None


def owned(tasks: list[Any], owner: tuple[str, ...]) -> list[Any]:
    """Tasks whose owner contains one of the --owner texts (case-insensitive); all without --owner."""
    if not owner:
        return tasks
    wanted = [o.casefold() for o in owner]
    return [t for t in tasks if t.owner and any(w in t.owner.casefold() for w in wanted)]


#: Windows longer than this are not looked for when listing the days windows open.
WINDOW_REACH = timedelta(days=120)


def agenda_text(
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
    from ..agenda import range_title, render_agenda

    # only window duties (a `start`) can open in the range and close after it
    windowed = [d.id for d in expander.catalog.duties if d.start is not None or any(c.start for c in d.cases.values())]
    later = owned(
        expander.expand(profile, end + timedelta(days=1), end + WINDOW_REACH, areas=areas, duties=windowed), owner
    )
    opening = [t for t in later if t.start is not None and start <= t.start <= end]
    period = range_title(start, end, lang)
    if lang == "ja":
        title = f"{period}の期限 — {profile.name}（今日 {format_md(today, 'ja')}）"
    else:
        title = f"Deadlines, {period} — {profile.name} (today {format_md(today, 'en')})"
    return render_agenda(tasks, today=today, lang=lang, color=use_color(color), opening=opening, title=title)


def check_areas(area: tuple[str, ...]) -> list[str] | None:
    from ..errors import suggest
    from ..profile import AREAS

    for a in area:
        if a not in AREAS:
            raise UsageError(
                Problem(f"unknown area {a!r}", key="--area", hint=suggest(a, AREAS) or f"areas are {', '.join(AREAS)}")
            )
    return list(area) or None


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


def feed_settings(lang: str | None, no_alarms: bool, deadline_only: bool, todo: bool, uid_domain: str | None) -> Any:
    from ..feed import FeedOptions

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


def office_feeds(
    ctx: click.Context,
    clients_dir: str,
    tokens_file: str | None,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
    **kw: Any,
) -> Any:
    from ..office_feed import OfficeFeeds

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


def print_problems(feeds: Any) -> None:
    for problem in feeds.problems:
        click.echo(f"bocal: {problem}", err=True)


def profile_only(profile_path: str | None) -> Any:
    """The profile alone (no rules): --profile, else ./bocal.toml, else the embedded default."""
    from ..profile import default_profile, load_profile

    if profile_path:
        return load_profile(profile_path)
    if Path("bocal.toml").is_file():
        return load_profile("bocal.toml")
    return default_profile()
