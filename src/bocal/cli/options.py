"""Shared option decorators and parameter types for the commands."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click

from ..bounds import year_problem

F = TypeVar("F", bound=Callable[..., Any])


# -- option types ---------------------------------------------------------------------------------


class MonthType(click.ParamType):  # type: ignore[type-arg]
    name = "YYYY-MM"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[int, int]:
        if isinstance(value, tuple):
            return value
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", str(value).strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            self.fail(f"{value!r} is not a month such as 2026-07", param, ctx)
        out_of_range = year_problem(int(m.group(1)))
        if out_of_range:
            self.fail(out_of_range, param, ctx)
        return int(m.group(1)), int(m.group(2))


class DateType(click.ParamType):  # type: ignore[type-arg]
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date such as 2026-07-10", param, ctx)
        out_of_range = year_problem(day.year)
        if out_of_range:
            self.fail(out_of_range, param, ctx)
        return day


class YearType(click.ParamType):  # type: ignore[type-arg]
    """A year in the supported range (bounds.FIRST_YEAR–LAST_YEAR), said the same way as for dates."""

    name = "YYYY"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            year = value
        elif re.fullmatch(r"\d{1,6}", str(value).strip()):
            year = int(str(value).strip())
        else:
            self.fail(f"{value!r} is not a year such as 2026", param, ctx)
        out_of_range = year_problem(year)
        if out_of_range:
            self.fail(out_of_range, param, ctx)
        return year


MONTH = MonthType()
DATE = DateType()
YEAR = YearType()


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
        help="Company profile TOML (or $BOCAL_PROFILE; default: ./bocal.toml, else $XDG_CONFIG_HOME/bocal/bocal.toml, else the built-in sample company).",
    )(f)
    return f


def range_options(f: F) -> F:
    f = click.option("--year", type=YEAR, help="A whole calendar year.")(f)
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


def lang_option(f: F) -> F:
    return click.option("--lang", type=click.Choice(["ja", "en"]), help="Language (default: from the locale).")(f)


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


def statutory_option(f: F) -> F:
    """`--statutory`: only duties whose date the law sets (no customs, no targets)."""
    return click.option(
        "--statutory",
        is_flag=True,
        help="Only statutory deadlines (leave out customs such as 年賀状 and targets for 遅滞なく).",
    )(f)


def _set_quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    ctx.meta["bocal.quiet"] = value


def quiet_option(f: F) -> F:
    """-q/--quiet: no progress bar (it is shown only on a terminal anyway); read with `is_quiet`."""
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_set_quiet,
        help="No progress bar on the terminal (the summary line is still printed).",
    )(f)


def is_quiet(ctx: click.Context) -> bool:
    return bool(ctx.meta.get("bocal.quiet", False))
