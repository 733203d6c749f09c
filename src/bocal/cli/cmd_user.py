"""`bocal user`: the workspace's people — add (printing a one-time sign-in link), list, remove, link."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

import click

from ..errors import Problem, UsageError

DEFAULT_SERVER = "http://127.0.0.1:8080"


def _accounts(db: str | None) -> Any:
    from ..store import resolve_db
    from ..web.auth import Accounts

    return Accounts(resolve_db(db, os.environ))


def _link(base_url: str | None, token: str) -> str:
    base = (base_url or DEFAULT_SERVER).rstrip("/")
    if not base.startswith(("http://", "https://")):
        raise UsageError(Problem(f"--base-url must start with http:// or https://: {base!r}", key="--base-url"))
    return f"{base}/w/signin?token={token}"


def _now() -> datetime:
    return datetime.now().astimezone()


db_opt = click.option(
    "--db",
    metavar="URL",
    help="The task store that holds the users too: a SQLite path or postgresql://… "
    "(default: BOCAL_DB, else the user's state.sqlite3) — the one `bocal serve` uses.",
)
base_opt = click.option(
    "--base-url",
    metavar="URL",
    help=f"Where `bocal serve` is reached, for the sign-in link (default {DEFAULT_SERVER}).",
)


@click.group("user")
def user_cmd() -> None:
    """Manage who may sign in to the workspace (bocal serve, /w/): add, list, remove, link.

    Roles: viewer reads, staff change tasks (done, waiting, assignee, note), admin also manages users.
    Each sign-in link works once, for 7 days; the person keeps a session cookie afterwards.

    \b
    Example:
      bocal user add 佐藤 --role staff --base-url https://cal.example.jp
      bocal user list
      bocal user link 佐藤
      bocal user remove 佐藤
    """


@user_cmd.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["admin", "staff", "viewer"]),
    default="staff",
    show_default=True,
    help="What they may do.",
)
@db_opt
@base_opt
def add_cmd(name: str, role: str, db: str | None, base_url: str | None) -> None:
    """Add a user and print their one-time sign-in link.

    \b
    Example:
      bocal user add 佐藤 --role staff
    """
    _link(base_url, "")  # a bad --base-url fails before the user is added
    accounts = _accounts(db)
    now = _now()
    accounts.add_user(name, role, by=os.environ.get("USER"), now=now)
    token = accounts.signin_token(name, now=now)
    click.echo(f"added {name} ({role})")
    click.echo("sign-in link (works once, for 7 days; shown only now):")
    click.echo(f"  {_link(base_url, token)}")


@user_cmd.command("link")
@click.argument("name")
@db_opt
@base_opt
def link_cmd(name: str, db: str | None, base_url: str | None) -> None:
    """Print a new one-time sign-in link for an existing user (a lost link, a new device).

    \b
    Example:
      bocal user link 佐藤
    """
    _link(base_url, "")  # a bad --base-url fails before a link is made
    token = _accounts(db).signin_token(name, now=_now())
    click.echo("sign-in link (works once, for 7 days; shown only now):")
    click.echo(f"  {_link(base_url, token)}")


@user_cmd.command("list")
@db_opt
def list_cmd(db: str | None) -> None:
    """List the users and their roles.

    \b
    Example:
      bocal user list
    """
    for u in _accounts(db).users():
        click.echo(f"{u.name}\t{u.role}")


@user_cmd.command("remove")
@click.argument("name")
@db_opt
def remove_cmd(name: str, db: str | None) -> None:
    """Remove a user; their sessions and unused links stop working at once.

    \b
    Example:
      bocal user remove 佐藤
    """
    if not _accounts(db).remove_user(name):
        raise UsageError(Problem(f"no user {name!r}", hint="bocal user list"))
    click.echo(f"removed {name}")
