"""`bocal notify`: today's digest of open deadlines to each recipient, by email and chat webhooks."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from ..errors import Problem, UsageError
from .context import check_areas, default_lang, load_inputs, load_office, no_client_filter, today_of
from .options import clients_options, input_options, lang_option

#: Exit status when some recipients could not be served (each is named on stderr).
EXIT_FAILED = 3


@click.command("notify")
@input_options
@clients_options
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=str, readable=False),
    help="A TOML file with the [notify] table (default: the profile's own [notify]).",
)
@click.option(
    "--email", "emails", multiple=True, metavar="ADDRESS", help="Mail the digest to this address (repeatable)."
)
@click.option(
    "--smtp", metavar="HOST:PORT", help="The SMTP server (465: implicit TLS; loopback: plain; else STARTTLS)."
)
@click.option("--smtp-security", type=click.Choice(["starttls", "tls", "plain"]), help="Override the SMTP security.")
@click.option(
    "--smtp-user", metavar="USER", help="Authenticate as USER; the password is read from BOCAL_SMTP_PASSWORD."
)
@click.option("--from", "sender", metavar="ADDRESS", help="The sender address (default: bocal@localhost).")
@click.option(
    "--webhook",
    "webhooks",
    multiple=True,
    metavar="URL",
    help="Post the digest to this webhook: a URL, env:VARIABLE or file:PATH (repeatable; the URL is a secret).",
)
@click.option(
    "--webhook-kind",
    type=click.Choice(["slack", "teams", "google-chat", "json"]),
    help="The service of the --webhook URLs (default: from the host; generic JSON otherwise).",
)
@click.option("--days", type=click.IntRange(0, 366), help="Lead time in days (default: each duty's remind values).")
@click.option("--overdue-days", type=click.IntRange(0, 366), help="How many days back overdue tasks are listed (30).")
@click.option("--owner", "owners", multiple=True, help="With --email/--webhook: only tasks of this owner (repeatable).")
@click.option("--area", "areas", multiple=True, help="With --email/--webhook: only these areas (repeatable).")
@click.option("--task-url", metavar="TEMPLATE", help="Link each task: a URL with {key}, e.g. https://…/tasks/{key}.")
@click.option("--dry-run", is_flag=True, help="Print exactly what would be sent; send nothing, record nothing.")
@click.option("--force", is_flag=True, help="Send even when today's digest was already sent (or not scheduled).")
@click.option("--send-empty", is_flag=True, help="Send a digest even when it lists nothing.")
@click.option(
    "--db",
    metavar="URL",
    help="The task store (done tasks drop out; what was sent is remembered there): a SQLite path or "
    "postgresql://… (default: BOCAL_DB, else the user's state.sqlite3).",
)
@click.option(
    "--sent-log",
    type=click.Path(path_type=str),
    help="Remember sendings in this JSON file instead of the task store.",
)
@lang_option
@click.pass_context
def notify_cmd(ctx: click.Context, /, **opts: Any) -> None:
    """Send today's digest of open deadlines by email and chat webhooks (for cron and systemd timers).

    Each recipient gets the tasks still open that fall due within the lead time (each duty's remind
    values, or --days), the overdue ones, and windows opening today — with the date, weekday, days
    left, why a date moved, and a link when a workspace URL is configured. Recipients come from the
    [notify] table (per owner, per staff member, per client) and/or --email / --webhook. A recipient
    already served today is skipped (--force resends), so a timer that fires twice sends once.
    Exit status: 0 all delivered, 3 some failed (each named on stderr), 2 configuration errors.

    \b
    Example:
      bocal notify --email soumu@example.co.jp --smtp smtp.example.co.jp:587 --smtp-user soumu --days 14
      bocal notify --webhook env:BOCAL_SLACK_URL --dry-run
      bocal notify --clients clients/ --config office-notify.toml
    """
    today = today_of(ctx)
    inputs = _inputs(opts)
    config = _config(opts, inputs[1] is None)
    entries, title, calendar, office = _entries(inputs, config, today)
    lang = config.lang or opts["lang"] or default_lang()
    from ..notify.config import scheduled

    if not opts["force"] and not scheduled(config.schedule, today.weekday(), calendar.is_open(today)):
        click.echo(
            _say(lang, f"{today} は送信日ではありません（schedule）。", f"{today} is not a sending day (schedule).")
        )
        return
    if not config.recipients:
        raise UsageError(
            Problem("no recipients", hint="give --email ADDRESS or --webhook URL, or add [notify] recipients")
        )
    _run(ctx, opts, config, entries, today, lang, title, office)


def _say(lang: str, ja: str, en: str) -> str:
    return ja if lang == "ja" else en


def _inputs(opts: dict[str, Any]) -> tuple[Any, Any, Any, Any]:
    """(catalog, profile or None, office or None, chosen clients)."""
    if opts["clients_dir"] is not None:
        catalog, office, chosen = load_office(
            opts["clients_dir"], opts["client_names"], opts["profile_path"], opts["rules"], opts["no_bundled"]
        )
        return catalog, None, office, chosen
    no_client_filter(opts["client_names"])
    catalog, profile = load_inputs(opts["profile_path"], opts["rules"], opts["no_bundled"])
    opts["profile_file"] = profile.path
    return catalog, profile, None, ()


def _entries(inputs: tuple[Any, Any, Any, Any], config: Any, today: date) -> tuple[list[Any], str, Any, Any]:
    """The tasks to digest (with their client in an office), a title, the calendar for the schedule."""
    from ..calendars import business_calendar
    from ..clients import expand_clients
    from ..expand import Expander
    from ..notify.digest import Entry, expansion_range

    catalog, profile, office, chosen = inputs
    days = [d for d in (config.days, *(r.days for r in config.recipients)) if d is not None]
    start, end = expansion_range(today, _reminds(catalog, days), None, config.overdue_days)
    if profile is None:
        failed: list[Any] = []  # a client whose expansion fails is reported, the others are served
        rows = expand_clients(Expander(catalog), chosen, start, end, failed=failed)
        entries = [Entry(t, c.name) for c, tasks in rows for t in tasks]
        return entries, "", business_calendar("government"), office.with_failures(failed)
    entries = [Entry(t) for t in Expander(catalog).expand(profile, start, end)]
    return entries, profile.name, business_calendar("company", profile.closures), None


def _reminds(catalog: Any, days: list[int]) -> list[int]:
    """Every lead time in play: the duties' remind values and the days recipients ask for."""
    return [r for d in catalog.duties for r in d.remind] + days


def _config(opts: dict[str, Any], office: bool) -> Any:
    """[notify] from --config or the profile, with the flags on top."""
    from ..errors import ProfileError
    from ..notify.config import NotifyConfig, load_notify
    from ..notify.flags import Flags, apply_flags
    from ..tomlsource import TomlReadError, read_toml

    source = opts["config_path"] or (None if office else opts.get("profile_file"))
    base = NotifyConfig()
    if source:
        try:
            doc = read_toml(source)
        except TomlReadError as e:
            raise ProfileError(e.problem) from None
        base = load_notify(doc.data, path=source, lines=doc.lines, env=os.environ)
    flags = Flags(
        emails=opts["emails"],
        webhooks=opts["webhooks"],
        webhook_kind=opts["webhook_kind"],
        smtp=opts["smtp"],
        smtp_security=opts["smtp_security"],
        smtp_user=opts["smtp_user"],
        sender=opts["sender"],
        days=opts["days"],
        overdue_days=opts["overdue_days"],
        owners=opts["owners"],
        areas=tuple(check_areas(opts["areas"]) or ()),
        lang=opts["lang"],
        task_url=opts["task_url"],
    )
    return apply_flags(base, flags, os.environ)


def _store(opts: dict[str, Any], entries: list[Any]) -> tuple[Any, Any]:
    """(the tasks' state, the sent-log): both from the task store, or the sent-log from --sent-log."""
    from ..notify.sentlog import FileSentLog, StoreSentLog
    from ..state import task_key
    from ..store import Store, resolve_db

    url = resolve_db(opts["db"], os.environ)
    with Store(url) as store:
        state = store.snapshot([task_key(e.task) for e in entries])
    if not opts["sent_log"]:
        return state, StoreSentLog(url)
    return state, FileSentLog(Path(opts["sent_log"]))


def _run(
    ctx: click.Context,
    opts: dict[str, Any],
    config: Any,
    entries: list[Any],
    today: date,
    lang: str,
    title: str,
    office: Any,
) -> None:
    from ..notify.run import deliver, plan

    state, log = _store(opts, entries)
    jobs = plan(entries, state, today, config, lang=lang, title=title)
    if opts["dry_run"]:
        for job in jobs:
            note = ""
            if log.was_sent(job.key) and not opts["force"]:
                note = _say(lang, "（本日送信済み: --force で再送）", " (already sent today: --force resends)")
            elif job.digest.empty and not opts["send_empty"]:
                note = _say(lang, "（載せる期限がないので送りません）", " (nothing to send)")
            click.echo(job.preview().replace("\n", note + "\n", 1))
        return
    report = deliver(
        jobs, config, log, force=opts["force"], send_empty=opts["send_empty"], date_header=datetime.now().astimezone()
    )
    for name in report.delivered:
        click.echo(_say(lang, f"送信しました: {name}", f"sent: {name}"))
    for name in report.already_sent:
        click.echo(
            _say(lang, f"本日送信済み: {name}（--force で再送）", f"already sent today: {name} (--force resends)")
        )
    for name in report.empty:
        click.echo(_say(lang, f"載せる期限なし: {name}", f"nothing to send: {name}"))
    for name, message in report.failed:
        click.echo(f"bocal: notify: {name}: {message}", err=True)
    skipped = office is not None and office.problems and not opts["client_names"]
    if skipped:
        for p in office.problems:
            click.echo(f"bocal: {p}", err=True)
    if report.failed:
        n = len(report.failed)
        click.echo(f"bocal: {n} of {len(jobs)} recipients were not served", err=True)
        ctx.exit(EXIT_FAILED)
    if skipped:
        ctx.exit(2)
