"""A digest in words: the subject, plain text, HTML, and the JSON each chat service documents.

    【bocal】今後14日の期限 3件（期限超過 1件）— 11/30(月)

Each item carries its date with the weekday, the days left, why the date moved (describe.move_reason)
and, when `task_url` is configured, a link to the task in the workspace. Everything a user wrote
(titles, company and owner names, notes) is escaped for the medium: HTML in mail, `&<>` in Slack's
mrkdwn, Adaptive Card text left as plain text. No I/O here.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..agenda import days_left
from ..calendars import format_md
from ..describe import area_name, move_reason
from ..i18n import t
from .digest import Digest, Item, Kind

#: Slack: at most 50 blocks a message and 3000 characters a section.
SLACK_MAX_BLOCKS = 50
SLACK_SECTION_CHARS = 2900


@dataclass(frozen=True, slots=True)
class Line:
    """An item in words, before it is dressed for a medium."""

    item: Item
    date: str  # 12/10(木)
    left: str  # あと10日 / 期限超過 3日 / 受付開始
    title: str
    client: str | None
    owner: str | None
    area: str
    reason: str | None
    url: str | None


def heading(kind: Kind, days: int | None, lang: str) -> str:
    if kind is Kind.OVERDUE:
        return t("notify.overdue", lang)
    if kind is Kind.OPENING:
        return t("notify.opening", lang)
    if days is None:
        return t("notify.coming", lang)
    return t("notify.due_in", lang, days=days)


def subject(digest: Digest, lang: str = "ja") -> str:
    """【bocal】今後14日の期限 3件（期限超過 1件）— 11/30(月)."""
    due, over, opening = (len(digest.of(k)) for k in (Kind.DUE, Kind.OVERDUE, Kind.OPENING))
    what = heading(Kind.DUE, digest.days, lang)
    extra = [t(key, lang, count=n) for key, n in (("notify.n_overdue", over), ("notify.n_opening", opening)) if n]
    text = t("notify.subject", lang, what=what, count=due)
    if extra:
        text += t("word.paren", lang, text=t("list.sep", lang).join(extra))
    sep = "— " if text.endswith("）") else " — "
    text = f"{text}{sep}{format_md(digest.today, lang)}"
    text = f"{text} {digest.title}" if digest.title else text
    return " ".join(text.split())  # one line: a newline in a company name must not break a mail header


def task_link(template: str | None, item: Item) -> str | None:
    """The workspace link: `{key}`, `{company}`, `{duty}`, `{period}` filled in (URL-quoted)."""
    if not template:
        return None
    task = item.task
    values = {"key": item.key, "company": task.company, "duty": task.duty.id, "period": task.period.key}
    return template.format_map({k: quote(v, safe="") for k, v in values.items()})


def lines(digest: Digest, lang: str = "ja", task_url: str | None = None) -> list[Line]:
    out = []
    for i in digest.items:
        task = i.task
        if i.kind is Kind.OPENING:
            left = t("notify.opens_left", lang, due=format_md(task.due, lang))
            reason = move_reason(task, lang, start=True)
        else:
            left = days_left(task.due, digest.today, lang)
            reason = move_reason(task, lang)
        out.append(
            Line(
                item=i,
                date=format_md(i.day, lang),
                left=left,
                title=task.title(lang),
                client=i.client,
                owner=i.owner,
                area=area_name(task.area, lang),
                reason=reason,
                url=task_link(task_url, i),
            )
        )
    return out


def _groups(digest: Digest, lang: str, task_url: str | None) -> list[tuple[str, list[Line]]]:
    all_lines = lines(digest, lang, task_url)
    out = []
    for kind in (Kind.OVERDUE, Kind.DUE, Kind.OPENING):
        chosen = [ln for ln in all_lines if ln.item.kind is kind]
        if chosen:
            out.append((heading(kind, digest.days, lang), chosen))
    return out


def _who(ln: Line, lang: str) -> str:
    parts = [p for p in (ln.client, ln.area, ln.owner) if p]
    return t("list.sep", lang).join(parts)


def intro(digest: Digest, lang: str) -> str:
    day = format_md(digest.today, lang)
    if digest.title:
        return t("notify.intro_titled", lang, title=digest.title, day=day)
    return t("notify.intro", lang, day=day)


def footer(lang: str) -> str:
    return t("notify.footer", lang)


def text(digest: Digest, lang: str = "ja", task_url: str | None = None) -> str:
    """The plain-text body (also what --dry-run shows and chat text falls back to)."""
    out = [intro(digest, lang), ""]
    for head, group in _groups(digest, lang, task_url):
        out.append(t("notify.group_head", lang, head=head, count=len(group)))
        for ln in group:
            who = _who(ln, lang)
            out.append(f"{ln.date}  {ln.left}  {ln.title}" + (f"  [{who}]" if who else ""))
            if ln.reason:
                out.append(f"    {t('notify.reason_mark', lang)} {ln.reason}")
            if ln.url:
                out.append(f"    {ln.url}")
        out.append("")
    out.append("-- ")
    out.append(footer(lang))
    return "\n".join(out) + "\n"


def html_body(digest: Digest, lang: str = "ja", task_url: str | None = None) -> str:
    """The HTML part: a table per group; every text escaped."""
    e = html.escape
    cell = 'style="padding:4px 8px;border-bottom:1px solid #ddd;vertical-align:top"'
    out = [
        f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8"><title>{e(subject(digest, lang))}</title>'
        '</head><body style="font-family:sans-serif">',
        f"<p>{e(intro(digest, lang))}</p>",
    ]
    for head, group in _groups(digest, lang, task_url):
        count = t("notify.group_count", lang, count=len(group))
        out.append(f'<h2 style="font-size:1.1em">{e(head)}{e(count)}</h2>')
        out.append('<table style="border-collapse:collapse">')
        for ln in group:
            title = e(ln.title)
            if ln.url:
                title = f'<a href="{e(ln.url, quote=True)}">{title}</a>'
            reason = f'<br><small style="color:#666">※ {e(ln.reason)}</small>' if ln.reason else ""
            out.append(
                f"<tr><td {cell}>{e(ln.date)}</td><td {cell}><strong>{e(ln.left)}</strong></td>"
                f"<td {cell}>{title}{reason}</td><td {cell}>{e(_who(ln, lang))}</td></tr>"
            )
        out.append("</table>")
    out.append(f'<p style="color:#666;font-size:0.9em">{e(footer(lang))}</p></body></html>')
    return "\n".join(out) + "\n"


# -- chat services -----------------------------------------------------------------------------------


def slack_escape(s: str) -> str:
    """Slack's mrkdwn control characters (its documented escaping: &, <, >)."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_line(ln: Line, lang: str) -> str:
    title = slack_escape(ln.title)
    if ln.url:
        title = f"<{slack_escape(ln.url)}|{title}>"
    who = _who(ln, lang)
    s = f"*{slack_escape(ln.date)}* {slack_escape(ln.left)}  {title}" + (f"  ({slack_escape(who)})" if who else "")
    if ln.reason:
        s += f"\n      ※ {slack_escape(ln.reason)}"
    return s


def slack_payload(digest: Digest, lang: str = "ja", task_url: str | None = None) -> dict[str, Any]:
    """Slack incoming webhook: `text` (notifications, fallback) and Block Kit `blocks`."""
    subj = subject(digest, lang)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": subj[:150], "emoji": False}},
    ]
    sections: list[tuple[str, int]] = []  # (mrkdwn, items in it)
    for head, group in _groups(digest, lang, task_url):
        chunk, n = f"*{slack_escape(head)}*", 0
        for ln in group:
            s = _slack_line(ln, lang)
            if n and len(chunk) + 1 + len(s) > SLACK_SECTION_CHARS:
                sections.append((chunk, n))
                chunk, n = s, 0
            else:
                chunk += "\n" + s
            n += 1
        sections.append((chunk[:SLACK_SECTION_CHARS], n))
    room = SLACK_MAX_BLOCKS - 2  # the header, and the "… and N more" line when needed
    kept = sections if len(sections) <= room + 1 else sections[:room]
    blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": chunk}} for chunk, _ in kept]
    dropped = sum(n for _, n in sections[len(kept) :])
    if dropped:
        more = t("notify.more", lang, count=dropped)
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": more}]})
    return {"text": slack_escape(subj), "blocks": blocks}


def teams_payload(digest: Digest, lang: str = "ja", task_url: str | None = None) -> dict[str, Any]:
    """Teams Workflows ("When a Teams webhook request is received"): an Adaptive Card in `attachments`."""
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": subject(digest, lang), "weight": "Bolder", "size": "Medium", "wrap": True},
    ]
    for head, group in _groups(digest, lang, task_url):
        body.append({"type": "TextBlock", "text": head, "weight": "Bolder", "spacing": "Medium", "wrap": True})
        facts = []
        for ln in group:
            who = _who(ln, lang)
            value = ln.title + (t("word.paren", lang, text=who) if who else "")
            if ln.reason:
                value += f" ※ {ln.reason}"
            facts.append({"title": f"{ln.date} {ln.left}", "value": value})
        body.append({"type": "FactSet", "facts": facts})
    actions = [
        {"type": "Action.OpenUrl", "title": ln.title[:40], "url": ln.url}
        for _, group in _groups(digest, lang, task_url)
        for ln in group
        if ln.url
    ][:5]
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    if actions:
        card["actions"] = actions
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
        ],
    }


def google_chat_payload(digest: Digest, lang: str = "ja", task_url: str | None = None) -> dict[str, Any]:
    """Google Chat incoming webhook: a `text` message (its *bold* and <url|text> links)."""
    out = [f"*{subject(digest, lang)}*"]
    for head, group in _groups(digest, lang, task_url):
        out.append(f"*{head}*")
        for ln in group:
            title = f"<{ln.url}|{ln.title}>" if ln.url else ln.title
            who = _who(ln, lang)
            out.append(f"{ln.date} {ln.left}  {title}" + (f"  ({who})" if who else ""))
            if ln.reason:
                out.append(f"      ※ {ln.reason}")
    return {"text": "\n".join(out)}


def json_payload(
    digest: Digest, lang: str = "ja", task_url: str | None = None, recipient: str | None = None
) -> dict[str, Any]:
    """The generic webhook: the digest as data (dates ISO, counts, one object per item)."""
    items = []
    for ln in lines(digest, lang, task_url):
        task = ln.item.task
        items.append(
            {
                "key": ln.item.key,
                "kind": str(ln.item.kind),
                "duty": task.duty.id,
                "title": ln.title,
                "date": ln.item.day.isoformat(),
                "due": task.due.isoformat(),
                "nominal": task.nominal.isoformat(),
                "start": task.start.isoformat() if task.start else None,
                "weekday": ln.date,
                "days_left": (task.due - digest.today).days,
                "days_left_text": ln.left,
                "moved_reason": ln.reason,
                "area": task.area,
                "owner": ln.owner,
                "client": ln.client,
                "company": task.company,
                "url": ln.url,
            }
        )
    counts: Mapping[str, int] = {str(k): len(digest.of(k)) for k in Kind}
    return {
        "version": 1,
        "subject": subject(digest, lang),
        "today": digest.today.isoformat(),
        "lang": lang,
        "recipient": recipient,
        "days": digest.days,
        "counts": dict(counts),
        "items": items,
        "text": text(digest, lang, task_url),
    }
