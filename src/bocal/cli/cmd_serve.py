"""`bocal serve`: subscription feeds over HTTP, for a company or an office's clients."""

from __future__ import annotations

import sys

import click

from ..errors import Problem, UsageError
from ..server.run import address, listen, run_until_interrupted
from .context import (
    check_base_url,
    feed_settings,
    log_to_stderr,
    no_client_filter,
    office_feeds,
    print_problems,
    profile_or_default,
    today_clock,
)
from .dbopt import db_option, live_state
from .options import clients_options, feed_options, input_options, lang_option, office_options, server_options
from .serve_workspace import announce, mounted, office_links, workspace_for


@click.command("serve")
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
@db_option
@lang_option
@clients_options
@office_options
@click.option(
    "--cache-mb",
    type=click.IntRange(1, 1 << 20),
    default=48,
    show_default=True,
    help="With --clients: keep at most this much rendered calendar data in memory (least recently used "
    "out; every rendered calendar is also kept on disk in the cache directory, so none is rendered twice).",
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
    db: str | None,
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
    from ..server.app import FeedApp, redact
    from ..server.company import CompanyFeeds, Inputs
    from ..server.tokens import Registry, check_token, new_token

    if clients_dir is not None:
        serve_office(ctx, clients_dir, client_names, tokens_file, cache_mb, profile_path, rules, no_bundled)
        return
    no_client_filter(client_names)
    if tokens_file is not None:
        raise UsageError(Problem("--tokens is for --clients", key="--tokens"))
    generated = token is None
    token = new_token() if token is None else check_token(token)
    opts = feed_settings(lang, no_alarms, deadline_only, todo, uid_domain)
    base_url = check_base_url(base_url)
    log_to_stderr()
    feeds = CompanyFeeds(
        Inputs(profile_or_default(profile_path), rules, not no_bundled, db),
        today=today_clock(ctx),
        options=opts,
        check_interval=reload_interval,
        state=live_state(db),
    )
    registry = Registry()
    registry.add(token, feeds)
    workspace = workspace_for(ctx, profile_path=profile_or_default(profile_path), clients_dir=None, base_url=base_url)
    server = listen(mounted(FeedApp(registry, base_url=base_url), workspace), host, port)
    where = address(server, host, base_url)
    need_base_url(base_url)
    calendars = ", ".join(f"{k}.ics" for k in feeds.snapshot().calendars)
    click.echo(f"bocal: serving {where}{redact('/' + token + '/')} ({calendars})", err=True)
    if generated:
        click.echo(
            "Feed token (generated; keep it secret, it is shown only now — pass --token or BOCAL_FEED_TOKEN to keep it):"
        )
        click.echo(f"  {where}/{token}/")
    announce(workspace, where, [(k, f"{where}/{token}/{k}.ics") for k in feeds.snapshot().calendars])
    sys.stdout.flush()
    run_until_interrupted(server)


def need_base_url(base_url: str | None) -> None:
    """Without --base-url the index links to the listening address (never the request's Host): say so."""
    if base_url is None:
        click.echo(
            "bocal: note: without --base-url the subscribe links use the listening address; Google Calendar and "
            "Outlook need the public https address (e.g. --base-url https://cal.example.jp/bocal behind a TLS proxy)",
            err=True,
        )


def serve_office(
    ctx: click.Context,
    clients_dir: str,
    client_names: tuple[str, ...],
    tokens_file: str | None,
    cache_mb: int,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
) -> None:
    """serve --clients: every client's feeds and the office's, one token each (the tokens file)."""
    from ..server.app import FeedApp

    if client_names:
        raise UsageError(Problem("serve --clients serves every client of the directory", key="--client"))
    p = ctx.params
    base_url = check_base_url(p["base_url"])
    log_to_stderr()
    feeds = office_feeds(
        ctx,
        clients_dir,
        tokens_file,
        profile_path,
        rules,
        no_bundled,
        today=today_clock(ctx),
        state=live_state(p["db"]),
        check_interval=p["reload_interval"],
        warm=True,  # the office feeds rendered again in the background after each change
        cache_bytes=cache_mb * 2**20,
        disk_cache=feed_cache_dir(clients_dir),
    )
    feeds.warm_office()  # ... and before the first poll
    print_problems(feeds)
    host, port = p["host"], p["port"]
    workspace = workspace_for(ctx, profile_path=None, clients_dir=clients_dir, base_url=base_url)
    server = listen(mounted(FeedApp(feeds.registry, base_url=base_url), workspace), host, port)
    where = address(server, host, base_url)
    need_base_url(base_url)
    skipped = f", {len(feeds.problems)} problems in skipped clients (above)" if feeds.problems else ""
    click.echo(
        f"bocal: serving {where}/***/ for {len(feeds.clients)} clients and the office{skipped}; "
        f"tokens in {feeds.tokens_path}",
        err=True,
    )
    for url, cid, name in feeds.urls(where):
        click.echo(f"{url}\t{cid}\t{name}")
    announce(workspace, where, office_links(feeds, where))
    sys.stdout.flush()
    run_until_interrupted(server)


def feed_cache_dir(clients_dir: str) -> str:
    """Where rendered feeds are kept on disk: the cache directory (or a temporary one), per office."""
    import hashlib
    import os
    import tempfile

    from .context import catalog_cache_dir

    base = catalog_cache_dir() or tempfile.gettempdir()
    digest = hashlib.sha256(os.path.abspath(clients_dir).encode()).hexdigest()[:16]
    return os.path.join(base, f"feeds-{digest}")
