"""`bocal serve`'s workspace: built beside the feeds from the same options, announced with its sign-in URL.

Two calls in `cmd_serve` wire it: `workspace_for(ctx, …)` before the server is created (its app is
`mount(feeds_app, workspace)`), and `announce(workspace, where, links)` once the address is known,
which prints ``workspace: URL`` — a one-time link that signs the administrator in.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import click

from ..office import OFFICE_ID as OFFICE
from .context import catalog_cache_dir, today_clock


def workspace_for(
    ctx: click.Context, *, profile_path: str | None, clients_dir: str | None, base_url: str | None
) -> Any:
    """The workspace over serve's inputs (its --rules, --no-bundled, --lang, --reload-interval) and task store."""
    from ..web.serving import for_serve

    p = ctx.params
    return for_serve(
        profile_path=profile_path,
        clients_dir=clients_dir,
        rules=p.get("rules", ()),
        bundled=not p.get("no_bundled", False),
        db=p.get("db"),  # `--db` when serve has it, else BOCAL_DB or the default file
        env=os.environ,
        base_url=base_url,
        lang=p.get("lang"),
        today=today_clock(ctx),
        cache_dir=catalog_cache_dir(),
        check_interval=p.get("reload_interval", 2.0),
    )


def mounted(feeds_app: Any, workspace: Any) -> Any:
    """The one WSGI app the server runs: /w/… to the workspace, everything else to the feeds."""
    from ..web import mount

    return mount(feeds_app, workspace)


def announce(workspace: Any, where: str, links: Sequence[tuple[str, str]]) -> None:
    """Offer the feeds on the subscribe page and print the administrator's one-time sign-in URL."""
    from ..web import FeedLink
    from ..web.serving import signin_url

    workspace.settings = replace(workspace.settings, feed_links=tuple(FeedLink(label, url) for label, url in links))
    click.echo(f"workspace: {signin_url(where, workspace)}")
    click.echo("  (signs the administrator in once; add people with `bocal user add NAME --role staff`)")


def office_links(feeds: Any, where: str) -> list[tuple[str, str]]:
    """The office's own calendars (by area and by owner), then each client's whole calendar."""
    links: list[tuple[str, str]] = []
    for url, cid, name in feeds.urls(where):
        calendars = feeds.snapshots[cid].calendars
        keys = list(calendars) if cid == OFFICE else [k for k in ("all",) if k in calendars]
        links += [(f"{name} — {calendars[k].label}" if cid == OFFICE else name, f"{url}{k}.ics") for k in keys]
    return links
