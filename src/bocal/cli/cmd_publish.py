"""`bocal publish`: the feeds written as static files."""

from __future__ import annotations

import click

from ..errors import Problem, UsageError
from ..server.run import publish_clients, publish_company, publish_token, quiet_logger
from .context import (
    check_base_url,
    feed_settings,
    no_client_filter,
    office_feeds,
    print_problems,
    profile_or_default,
    skipped,
    today_of,
)
from .dbopt import db_option, live_state
from .options import (
    clients_options,
    feed_options,
    input_options,
    is_quiet,
    lang_option,
    office_options,
    quiet_option,
    server_options,
)


@click.command("publish")
@input_options
@server_options
@feed_options
@db_option
@lang_option
@clients_options
@office_options
@quiet_option
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
    db: str | None,
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
    from ..server.company import CompanyFeeds, Inputs

    opts = feed_settings(lang, no_alarms, deadline_only, todo, uid_domain)
    base_url = check_base_url(base_url)
    if base_url is None:
        raise UsageError(
            Problem("give --base-url: the index's subscribe links need the address the directory is served at")
        )
    if clients_dir is not None:
        publish_office(ctx, directory, clients_dir, client_names, tokens_file, profile_path, rules, no_bundled)
        return
    no_client_filter(client_names)
    if tokens_file is not None:
        raise UsageError(Problem("--tokens is for --clients", key="--tokens"))
    token, generated = publish_token(directory, token)
    today = today_of(ctx)
    feeds = CompanyFeeds(
        Inputs(profile_or_default(profile_path), rules, not no_bundled, db),
        today=lambda: today,
        options=opts,
        state=live_state(db),
    )
    written, removed = publish_company(feeds.snapshot(), directory, token, base_url)
    click.echo(f"bocal: wrote {len(written)} files in {directory}/***/", err=True)
    say_removed(directory, removed)
    if generated:
        click.echo("Feed token (generated; keep it secret — the directory name is the secret):")
    click.echo(f"{base_url}/{token}/")


def say_removed(directory: str, removed: list[str]) -> None:
    """One line per token directory removed (revoked or rotated), its name hidden but for 4 characters."""
    from ..server.publish import hidden

    for name in removed:
        click.echo(
            f"bocal: removed the revoked feed directory {directory}/{hidden(name)} and everything in it", err=True
        )


def publish_office(
    ctx: click.Context,
    directory: str,
    clients_dir: str,
    client_names: tuple[str, ...],
    tokens_file: str | None,
    profile_path: str | None,
    rules: tuple[str, ...],
    no_bundled: bool,
) -> None:
    """publish --clients: every client's feeds (or those named) and the office's, then the skipped clients."""
    base_url = check_base_url(ctx.params["base_url"])
    assert base_url is not None
    day = today_of(ctx)
    feeds = office_feeds(
        ctx,
        clients_dir,
        tokens_file,
        profile_path,
        rules,
        no_bundled,
        today=lambda: day,
        logger=quiet_logger(),
        state=live_state(ctx.params["db"]),
    )
    from ..i18n import t
    from .progress import Progress

    progress = Progress(t("progress.clients", feeds.options.lang), feeds.options.lang, quiet=is_quiet(ctx))
    try:
        result, only = publish_clients(feeds, directory, base_url, client_names, progress=progress)
    finally:
        progress.close()
    office = "" if only is not None else " and the office"
    click.echo(
        f"bocal: wrote {result.files} files for {result.clients} clients{office} in {directory}/***/; "
        f"tokens in {feeds.tokens_path}",
        err=True,
    )
    say_removed(directory, result.removed)
    chosen = {c.id for c in only} if only is not None else None
    for url, cid, name in feeds.urls(base_url):
        if chosen is None or cid in chosen:
            click.echo(f"{url}\t{cid}\t{name}")
    if feeds.problems and not client_names:
        print_problems(feeds)
        # clients skipped: the files named by the problems (a subdirectory reported is no client)
        n = len({pr.path for pr in feeds.problems if pr.path and pr.path.endswith(".toml")})
        skipped(ctx, n, n + len(feeds.clients))
