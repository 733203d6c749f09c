"""The command line's recipients and settings (`--email`, `--webhook`, `--smtp`, `--days` …) on top of `[notify]`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import Problem, ProfileError
from .config import (
    Channel,
    NotifyConfig,
    Recipient,
    build_smtp,
    check_email,
    check_envname,
    check_task_url,
    parse_hostport,
    read_secret_env,
    read_secret_file,
)
from .digest import Audience
from .webhook import check_url, guess_kind


@dataclass(frozen=True)
class Flags:
    """What the command line asked for, on top of (or instead of) the [notify] table."""

    emails: tuple[str, ...] = ()
    webhooks: tuple[str, ...] = ()  # URL, env:NAME or file:PATH
    webhook_kind: str | None = None
    smtp: str | None = None
    smtp_security: str | None = None
    smtp_user: str | None = None
    sender: str | None = None
    days: int | None = None
    overdue_days: int | None = None
    owners: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    lang: str | None = None
    task_url: str | None = None


#: The environment variable the SMTP password is read from when --smtp-user is given.
SMTP_PASSWORD_ENV = "BOCAL_SMTP_PASSWORD"


def _flag_webhook(spec: str, env: Mapping[str, str]) -> str:
    """--webhook URL | env:NAME | file:PATH → the URL (ValueError when unusable)."""
    if spec.startswith("env:"):
        url = read_secret_env(check_envname(spec[4:]), env)
    elif spec.startswith("file:"):
        url = read_secret_file(spec[5:])
    else:
        url = spec.strip()
    why = check_url(url)
    if why:
        raise ValueError(f"the webhook URL {why}")
    return url


def apply_flags(base: NotifyConfig, flags: Flags, env: Mapping[str, str]) -> NotifyConfig:
    """The [notify] configuration with the command line's recipients and settings added (UsageError-ready)."""
    problems: list[Problem] = []
    smtp = base.smtp
    if flags.smtp:
        try:
            password = read_secret_env(SMTP_PASSWORD_ENV, env) if flags.smtp_user else None
            smtp = build_smtp(
                parse_hostport(flags.smtp),
                security=flags.smtp_security,
                user=flags.smtp_user,
                password=password,
                sender=check_email(flags.sender) if flags.sender else (base.smtp.sender if base.smtp else None),
            )
        except ValueError as e:
            problems.append(Problem(str(e), key="--smtp"))
    audience = Audience(owners=flags.owners, areas=flags.areas)
    added: list[Recipient] = []
    for address in flags.emails:
        try:
            addr = check_email(address)
            added.append(Recipient(addr, Channel("email", addr), audience))
        except ValueError as e:
            problems.append(Problem(str(e), key="--email"))
    for n, spec in enumerate(flags.webhooks, start=1):
        try:
            url = _flag_webhook(spec, env)
        except ValueError as e:
            problems.append(Problem(str(e), key="--webhook", hint="give https://…, env:VARIABLE or file:PATH"))
            continue
        kind = flags.webhook_kind or guess_kind(url)
        added.append(Recipient(f"webhook {n} ({kind})", Channel(kind, url=url), audience))
    task_url = base.task_url
    if flags.task_url:
        try:
            task_url = check_task_url(flags.task_url)
        except ValueError as e:
            problems.append(Problem(str(e), key="--task-url"))
    if any(r.channel.kind == "email" for r in added) and smtp is None:
        problems.append(Problem("--email needs an SMTP server", key="--smtp", hint="give --smtp HOST:PORT"))
    if problems:
        raise ProfileError(problems)
    return NotifyConfig(
        recipients=(*base.recipients, *added) if added else base.recipients,
        lang=flags.lang or base.lang,
        days=flags.days if flags.days is not None else base.days,
        overdue_days=flags.overdue_days if flags.overdue_days is not None else base.overdue_days,
        schedule=base.schedule,
        task_url=task_url,
        smtp=smtp,
        webhook_timeout=base.webhook_timeout,
    )
