"""Building the workspace for `bocal serve`: the app, its start-up link, and the line to print.

`bocal serve` (the edge) calls `for_serve(...)` with its own options, wraps its feeds app with
`mount(feeds_app, workspace)`, and prints ``workspace: URL`` — the URL carries a one-time token that
signs the administrator in on first use (kept in memory only; a restart prints a new one).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from ..store import resolve_db
from .app import FeedLink, Settings, WorkspaceApp
from .auth import StartupLink
from .http import Response
from .source import Source


def for_serve(
    *,
    profile_path: str | None,
    clients_dir: str | None,
    rules: Sequence[str],
    bundled: bool,
    db: str | None,
    env: Mapping[str, str],
    base_url: str | None,
    lang: str | None,
    today: Callable[[], date],
    cache_dir: str | None = None,
    check_interval: float = 2.0,
    feed_links: Sequence[FeedLink] = (),
) -> WorkspaceApp:
    """The workspace over the same inputs and task store as the feeds, with a fresh start-up link."""
    url = resolve_db(db, env)
    source = Source(
        db_url=url,
        profile_path=profile_path,
        clients_dir=clients_dir,
        rules=rules,
        bundled=bundled,
        cache_dir=cache_dir,
        check_interval=check_interval,
    )
    source.load()  # a broken profile is reported now, as the feeds report it
    settings = Settings(base_url=base_url, lang=lang or "ja", feed_links=tuple(feed_links), annual=annual_page())
    return WorkspaceApp(source, url, settings, today=today, startup=StartupLink())


def signin_url(where: str, workspace: WorkspaceApp) -> str:
    """The printed ``workspace:`` URL: the server's address, the prefix and the one-time token."""
    assert workspace.startup is not None
    return f"{where.rstrip('/')}{workspace.prefix}/signin?token={workspace.startup.token}"


def annual_page() -> Callable[..., Response] | None:
    """The annual schedule page when this bocal has it (bocal.annual), else None (the route answers 404)."""
    try:
        from .annual_page import year_page
    except ImportError:
        return None
    return year_page
