"""What every command shares: one resolver for its inputs, one output writer, warnings and problems.

`Resolver.of(ctx, lang=…, profile_path=…, rules=…, no_bundled=…)` gives a command today (--today /
BOCAL_TODAY, else the clock), its language (--lang, else the locale) and, on demand, the catalog,
the profile (--profile or $BOCAL_PROFILE, else ./bocal.toml, else $XDG_CONFIG_HOME/bocal/bocal.toml,
else the embedded default, said once on stderr) or an office (--clients).
`write_output` writes standard output or a file (atomically, with one error message). Library types
are imported for type checking only, so importing this module stays cheap.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import Problem, UsageError

if TYPE_CHECKING:
    from typing import Protocol

    from ..clients import Client, Office
    from ..expand import Expander, Task
    from ..ics import CalendarOptions as FeedOptions
    from ..profile import Profile
    from ..rules import Catalog
    from ..server.office import OfficeFeeds

    class HasProblems(Protocol):
        """An office or an office's feeds: broken clients recorded, not raised."""

        @property
        def problems(self) -> Sequence[object]: ...


# -- the clock, the locale, the terminal ----------------------------------------------------------------


def today_of(ctx: click.Context) -> date:
    """--today (or BOCAL_TODAY), else the clock's date, as the group recorded it."""
    today: date = ctx.find_root().obj["today"]
    return today


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


def terminal_width(flag: int | None) -> int | None:
    """--width if given; else the terminal's width when standard output is one (None: no limit)."""
    if flag is not None:
        return flag
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def state_dir() -> str:
    """bocal's own state (what exported calendars published): $XDG_STATE_HOME/bocal, else ~/.local/state/bocal."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(base, "bocal")


def catalog_cache_dir() -> str | None:
    """Where the compiled catalog is cached: $BOCAL_CACHE_DIR, else the XDG cache; BOCAL_NO_CACHE=1 turns it off."""
    if os.environ.get("BOCAL_NO_CACHE"):
        return None
    explicit = os.environ.get("BOCAL_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "bocal")


# -- the resolver ---------------------------------------------------------------------------------------


def find_profile(profile_path: str | None) -> str | None:
    """The profile file, looked for as other tools look for their configuration: --profile (or
    $BOCAL_PROFILE, which click reads into it), ./bocal.toml, $XDG_CONFIG_HOME/bocal/bocal.toml
    (~/.config/bocal/bocal.toml without XDG_CONFIG_HOME); None when there is none."""
    if profile_path:
        return profile_path
    if Path("bocal.toml").is_file():
        return "bocal.toml"
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    found = os.path.join(base, "bocal", "bocal.toml")
    return found if os.path.isfile(found) else None


def profile_or_default(profile_path: str | None, lang: str | None = None) -> str | None:
    """The profile file a command reads or watches (see find_profile); when there is none, the
    built-in sample company is used and the run says so once on stderr, with how to make one's own."""
    found = find_profile(profile_path)
    if found is None:
        sample_notice(lang or default_lang())
    return found


def sample_notice(lang: str) -> None:
    """Once per run: the built-in sample company is in use, and how to use one's own profile.

    Said on stderr after the command's output (BocalGroup.invoke: the last line a person reads), and
    not at all when the command fails, whose error is what matters then."""
    from ..i18n import t
    from ..profile import schema

    keys = schema()
    fields = {k: keys[k].default for k in ("name", "employees")}
    text = t("profile.sample_notice", lang, fye=keys["fiscal_year_end"].default, **fields)
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    # a server runs until stopped: it says so at once
    if root is not None and isinstance(root.obj, dict) and ctx is not None and ctx.info_name != "serve":
        root.obj.setdefault("notices", {})["sample"] = text
    else:
        click.echo(text, err=True)


def say_notices(ctx: click.Context) -> None:
    """The notices a run collected (the sample company in use), once each, on stderr."""
    obj = ctx.find_root().obj
    for text in (obj.pop("notices", {}) if isinstance(obj, dict) else {}).values():
        click.echo(text, err=True)


class Resolver:
    """One command's inputs: today, the language, and where the profile and the rules come from.

    (A plain class, not a dataclass: it is built once per run and a dataclass costs `bocal list`
    half a millisecond of start-up.)"""

    __slots__ = ("today", "lang", "profile_path", "rules", "no_bundled", "db")

    def __init__(
        self,
        today: date,
        lang: str,
        profile_path: str | None = None,
        rules: tuple[str, ...] = (),
        no_bundled: bool = False,
        db: str | None = None,
    ) -> None:
        self.today, self.lang = today, lang
        self.profile_path, self.rules, self.no_bundled = profile_path, rules, no_bundled
        #: the task store the command's --db names (None: BOCAL_DB, else the default file)
        self.db = db

    @classmethod
    def of(
        cls,
        ctx: click.Context,
        *,
        lang: str | None = None,
        profile_path: str | None = None,
        rules: Sequence[str] = (),
        no_bundled: bool = False,
    ) -> Resolver:
        db = ctx.params.get("db")  # commands with --db: stored events come from the same store
        return cls(today_of(ctx), lang or default_lang(), profile_path, tuple(rules), no_bundled, db)

    def profile(self) -> Profile:
        """The profile alone: --profile, else ./bocal.toml, or the XDG one, else the embedded default (said once)."""
        from ..events.locate import attach_stored_events  # events recorded with `bocal event` (the task store)
        from ..profile import default_profile, load_profile

        path = profile_or_default(self.profile_path, self.lang)
        return attach_stored_events(load_profile(path) if path else default_profile(), os.environ, self.db)

    def catalog(self) -> Catalog:
        from ..rules import load_catalog

        return load_catalog(self.rules, bundled=not self.no_bundled, cache_dir=catalog_cache_dir())

    def inputs(self) -> tuple[Catalog, Profile]:
        """The catalog and the profile (the profile read first, so its problems come first)."""
        profile = self.profile()
        return self.catalog(), profile

    def office(self, clients_dir: str, client_names: Sequence[str]) -> tuple[Catalog, Office, tuple[Client, ...]]:
        """The catalog, the office (broken clients recorded, not raised) and the clients chosen."""
        from ..office import load_office as load_clients

        if self.profile_path:
            raise UsageError(Problem("give --profile or --clients, not both"))
        from ..events.locate import attach_stored_events_office  # each client's recorded events (the task store)

        office = attach_stored_events_office(load_clients(clients_dir), os.environ, self.db)
        chosen = office.select(client_names)
        return self.catalog(), office, chosen


def load_inputs(profile_path: str | None, rules: Sequence[str], no_bundled: bool) -> tuple[Catalog, Profile]:
    """The catalog and the profile the input options name (see Resolver.inputs)."""
    return Resolver(date.min, "ja", profile_path, tuple(rules), no_bundled).inputs()


def load_office(
    clients_dir: str, client_names: Sequence[str], profile_path: str | None, rules: Sequence[str], no_bundled: bool
) -> tuple[Catalog, Office, tuple[Client, ...]]:
    """The catalog, the office and the clients chosen (see Resolver.office)."""
    return Resolver(date.min, "ja", profile_path, tuple(rules), no_bundled).office(clients_dir, client_names)


def profile_only(profile_path: str | None) -> Profile:
    """The profile alone (no rules): --profile, else ./bocal.toml, else the embedded default."""
    return Resolver(date.min, "ja", profile_path).profile()


def resolve_range(
    today: date,
    from_: date | None,
    to_: date | None,
    month: tuple[int, int] | None,
    year: int | None,
    default: str = "month",
) -> tuple[date, date]:
    """The date range the options name; by default this month (or this year). See listing.date_range."""
    from ..listing import date_range

    return date_range(today, from_, to_, month, year, default)


def check_areas(area: Sequence[str]) -> list[str] | None:
    """The --area values checked (None: every area). See listing.check_areas."""
    from ..listing import check_areas as checked

    return checked(area, key="--area")


def no_client_filter(client_names: Sequence[str]) -> None:
    if client_names:
        raise UsageError(Problem("--client needs --clients DIR", key="--client"))


# -- output ----------------------------------------------------------------------------------------------


def write_output(data: bytes, output: str | None) -> bool:
    """`data` to standard output (no -o, or -o -) or to the file, written atomically; True for a file.

    A file that cannot be written is one located error: `cannot write the file: …`."""
    if output is None or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return False
    write_file(output, data)
    return True


def write_file(path: str | Path, data: bytes) -> None:
    """The file written atomically; failure is `cannot write the file: <reason>` located at the path."""
    from ..atomic import write_atomic

    try:
        write_atomic(path, data)
    except OSError as e:
        raise UsageError(Problem(f"cannot write the file: {e.strerror or e}", path=str(path))) from None


def make_directory(path: str) -> Path:
    """The directory, created with its parents if needed; failure is one located error."""
    out = Path(path)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(Problem(f"cannot create the directory: {e.strerror or e}", path=path)) from None
    return out


def note(message: str) -> None:
    """A line for the user on stderr (what was written, where it is served)."""
    click.echo(message, err=True)


def warn(message: str) -> None:
    click.echo(f"bocal: warning: {message}", err=True)


def warn_unstable_id(profile: Profile, lang: str) -> None:
    """Before a calendar leaves bocal: a profile file without `id` makes UIDs from its file name or
    company name, which a rename changes (every event duplicated on re-import); say how to fix it."""
    if profile.path is None or profile.get("id"):
        return
    from pathlib import Path as _Path

    from ..i18n import t

    stem = _Path(profile.path).stem
    from_file = stem and stem != "bocal"
    source = t("profile.id_from_file" if from_file else "profile.id_from_name", lang)
    message = t("profile.no_id", lang, where=profile.path, source=source, cid=profile.company_id)
    click.echo(t("cli.warning", lang, message=message), err=True)


def warn_horizon(ctx: click.Context, start: date, end: date, tasks: Iterable[Task] = ()) -> None:
    """Say once per run, on stderr, when the dates rest on holidays not yet fixed in the 官報."""
    from ..calendars import horizon_warning

    root = ctx.find_root().obj
    if root.get("horizon_warned"):
        return
    last = max((t.due for t in tasks), default=end)
    message = horizon_warning(start, max(end, last), "en")
    if message:
        warn(message)
        root["horizon_warned"] = True


def print_problems(source: HasProblems) -> None:
    """One `bocal: <problem>` line for each problem recorded without stopping (an office, its feeds)."""
    for problem in source.problems:
        click.echo(f"bocal: {problem}", err=True)


def report_skipped(ctx: click.Context, office: Office, client_names: Sequence[str]) -> None:
    """After everything else: one message per problem of each broken client, then exit status 2.

    With --client, only the clients named count (naming a broken one is already an error)."""
    if not office.problems or client_names:
        return
    print_problems(office)
    n, total = len(office.skipped), len(office.skipped) + len(office.clients)
    skipped(ctx, n, total)


def skipped(ctx: click.Context, n: int, total: int) -> None:
    """The closing line when broken clients were skipped (if any: a subdirectory is no client), and exit status 2."""
    if n:
        click.echo(
            f"bocal: skipped {n} of {total} clients whose profiles are broken (the others are complete)", err=True
        )
    ctx.exit(2)


# -- feeds (serve, publish, export) ------------------------------------------------------------------------


def check_uid_domain(uid_domain: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?", uid_domain):
        raise UsageError(Problem(f"{uid_domain!r} is not a domain name such as example.co.jp", key="--uid-domain"))
    return uid_domain


def with_uid_domain(profile: Profile, uid_domain: str | None) -> Profile:
    """The profile with --uid-domain applied (checked like the profile key)."""
    if uid_domain is None:
        return profile
    import dataclasses

    return dataclasses.replace(profile, uid_domain=check_uid_domain(uid_domain))


def feed_settings(
    lang: str | None, no_alarms: bool, deadline_only: bool, todo: bool, uid_domain: str | None
) -> FeedOptions:
    from ..ics import CalendarOptions as FeedOptions

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


def office_feeds(
    ctx: click.Context,
    clients_dir: str,
    tokens_file: str | None,
    profile_path: str | None,
    rules: Sequence[str],
    no_bundled: bool,
    **kw: Any,
) -> OfficeFeeds:
    """The feeds of an office's clients, with the feed options of the command's own parameters."""
    from ..server.office import OfficeFeeds

    if profile_path:
        raise UsageError(Problem("give --profile or --clients, not both"))
    p = ctx.params
    opts = feed_settings(p["lang"], p["no_alarms"], p["deadline_only"], p["todo"], p["uid_domain"])
    feeds = OfficeFeeds(
        clients_dir,
        tokens_path=tokens_file,
        office_token=p["token"],
        rules=rules,
        bundled=not no_bundled,
        options=opts,
        cache_dir=catalog_cache_dir(),
        **kw,
    )
    from ..server.tokens import tokens_file_warning

    warning = tokens_file_warning(feeds.tokens_path)
    if warning:
        click.echo(f"bocal: warning: {warning}", err=True)
    return feeds


def log_to_stderr() -> None:
    """The server's request log: timestamped lines on stderr (tokens are redacted by the app)."""
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stderr)


def today_clock(ctx: click.Context) -> Callable[[], date]:
    """For a long-running server: --today fixed if given, else the clock's date at each call."""
    fixed: date | None = ctx.find_root().params.get("today")
    return (lambda: fixed) if fixed is not None else date.today


# -- kept for commands written against the cli-skeleton tag --------------------------------------------------


def format_md(day: date, lang: str) -> str:
    """7/10(金) / Fri 7/10 (calendars.format_md)."""
    from ..calendars import format_md as fmt

    return fmt(day, lang)


def owned(tasks: list[Task], owner: Sequence[str]) -> list[Task]:
    """Tasks whose owner contains one of the --owner texts (listing.owned)."""
    from ..listing import owned as keep

    return keep(tasks, owner)


def agenda_text(
    expander: Expander,
    profile: Profile,
    tasks: list[Task],
    start: date,
    end: date,
    today: date,
    lang: str,
    color: bool | None,
    areas: list[str] | None,
    owner: tuple[str, ...],
) -> str:
    """The agenda of [start, end] with the windows opening in it (listing.agenda)."""
    from ..listing import Query, agenda

    query = Query(start, end, areas, owner)
    return agenda(expander, profile, tasks, query, today=today, lang=lang, color=use_color(color))


def emit(text: str, output: str | None) -> None:
    """Text to standard output, or written atomically to the -o file (see write_output)."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    write_file(output, text.encode("utf-8"))
