"""`bocal publish`: the feeds written as static files."""

from __future__ import annotations

import os

import click

from ..errors import Problem, UsageError
from .context import (
    check_base_url,
    feed_settings,
    no_client_filter,
    office_feeds,
    print_problems,
    profile_or_default,
    today_of,
)
from .options import (
    clients_options,
    feed_options,
    input_options,
    lang_option,
    office_options,
    server_options,
)


@click.command("publish")
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
    from ..feed import CompanyFeeds, Inputs, check_token, new_token, publish

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
    from ..office_feed import client_of, publish_office

    base_url = check_base_url(ctx.params["base_url"])
    assert base_url is not None
    day = today_of(ctx)
    import logging

    quiet = logging.getLogger("bocal.publish")  # problems are printed once, after the output
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    feeds = office_feeds(
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
        print_problems(feeds)
        n = len({pr.path for pr in feeds.problems})
        total = n + len(feeds.clients)
        click.echo(
            f"bocal: skipped {n} of {total} clients whose profiles are broken (the others are complete)", err=True
        )
        ctx.exit(2)


def _token_dirs(directory: str) -> list[str]:
    from ..feed import TOKEN_RE

    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return sorted(n for n in names if TOKEN_RE.fullmatch(n) and os.path.isdir(os.path.join(directory, n)))
