"""Send every recipient its digest: plan (pure), then deliver (I/O), collecting failures per recipient.

`plan` turns tasks + state + today + the configuration into one `Job` per recipient (its digest and
every rendering it needs). `deliver` sends them one by one: a recipient already served today (the
sent-log) is skipped unless `force`; an empty digest is not sent; a transient failure is retried
with backoff; a failure is recorded and the next recipient is served. The caller decides the exit
status from the `Report`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..state import StateView
from . import render
from .channel import DEFAULT_BACKOFF, DeliveryError, with_retries
from .config import NotifyConfig, Recipient
from .digest import Digest, Entry, build_digest
from .sentlog import Sending, SentLog, sent_key
from .smtp import build_message
from .smtp import send as smtp_send
from .webhook import KIND_NAMES, post_json


@dataclass(frozen=True)
class Job:
    recipient: Recipient
    digest: Digest
    lang: str
    task_url: str | None

    @property
    def key(self) -> str:
        return sent_key(self.recipient.key, self.digest.today)

    def subject(self) -> str:
        return render.subject(self.digest, self.lang)

    def payload(self) -> dict[str, Any]:
        """The JSON a webhook recipient is sent."""
        kind, d, lang, url = self.recipient.channel.kind, self.digest, self.lang, self.task_url
        if kind == "slack":
            return render.slack_payload(d, lang, url)
        if kind == "teams":
            return render.teams_payload(d, lang, url)
        if kind == "google-chat":
            return render.google_chat_payload(d, lang, url)
        return render.json_payload(d, lang, url, recipient=self.recipient.name)

    def preview(self) -> str:
        """Exactly what would be sent, for --dry-run (webhook URLs left out)."""
        ch = self.recipient.channel
        if ch.kind == "email":
            head = f"=== {self.recipient.name} — email to {ch.address}\nSubject: {self.subject()}\n\n"
            return head + render.text(self.digest, self.lang, self.task_url)
        head = f"=== {self.recipient.name} — {KIND_NAMES[ch.kind]}\n"
        return head + json.dumps(self.payload(), ensure_ascii=False, indent=2) + "\n"


def plan(
    entries: Sequence[Entry],
    state: StateView,
    today: date,
    config: NotifyConfig,
    *,
    lang: str = "ja",
    title: str = "",
) -> list[Job]:
    """One job per recipient: its digest of `entries` on `today`."""
    jobs = []
    for r in config.recipients:
        days = r.days if r.days is not None else config.days
        digest = build_digest(
            entries, state, today, audience=r.audience, days=days, overdue_days=config.overdue_days, title=title
        )
        jobs.append(Job(r, digest, r.lang or config.lang or lang, config.task_url))
    return jobs


@dataclass
class Report:
    delivered: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (recipient, message)

    @property
    def ok(self) -> bool:
        return not self.failed


def deliver(
    jobs: Iterable[Job],
    config: NotifyConfig,
    sent_log: SentLog,
    *,
    force: bool = False,
    send_empty: bool = False,
    date_header: datetime | None = None,
    backoff: Sequence[float] = DEFAULT_BACKOFF,
    sleep: Callable[[float], None] = time.sleep,
) -> Report:
    """Send each job; one recipient's failure never stops the others."""
    report = Report()
    down: set[str] = set()  # endpoints that failed transiently after every retry: tried once more each, not again
    for job in jobs:
        name = job.recipient.name
        if not force and sent_log.was_sent(job.key):
            report.already_sent.append(name)
            continue
        if job.digest.empty and not send_empty:
            report.empty.append(name)
            continue
        endpoint = _endpoint(job)
        try:
            pauses = () if endpoint in down else backoff
            with_retries(lambda job=job: _send(job, config, date_header), pauses, sleep)  # type: ignore[misc]
        except DeliveryError as e:
            if e.transient:
                down.add(endpoint)
            report.failed.append((name, e.message))
            continue
        ch = job.recipient.channel
        sent_log.record(
            Sending(
                job.key, job.digest.today, name, ch.label, job.digest.fingerprint(), len(job.digest.items), date_header
            )
        )
        report.delivered.append(name)
    return report


def _endpoint(job: Job) -> str:
    """Where a job goes (the SMTP server, or the webhook URL): a server that is down for one recipient
    is down for the next, so fifty staff members do not each wait through the whole backoff."""
    ch = job.recipient.channel
    return "smtp" if ch.kind == "email" else ch.url


def _send(job: Job, config: NotifyConfig, date_header: datetime | None) -> None:
    ch = job.recipient.channel
    if ch.kind == "email":
        if config.smtp is None:
            raise DeliveryError("no SMTP server configured", transient=False)
        msg = build_message(
            sender=config.smtp.sender,
            sender_name=config.smtp.sender_name,
            to=ch.address,
            subject=job.subject(),
            text=render.text(job.digest, job.lang, job.task_url),
            html=render.html_body(job.digest, job.lang, job.task_url),
            key=job.key,
            date=date_header,
        )
        smtp_send(config.smtp, msg)
    else:
        post_json(ch.url, job.payload(), kind=ch.kind, timeout=config.webhook_timeout)
