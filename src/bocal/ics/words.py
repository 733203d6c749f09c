"""The words and stamps of a calendar's components: titles, descriptions, alarms, UIDs, DTSTAMPs.

Two exports of the same inputs are byte-identical:

* UIDs come from duty + period + company (``Task.uid``); the opening event and the VTODO add
  ``-opens`` / ``-todo`` before the ``@`` so every component has its own UID.
* DTSTAMP and LAST-MODIFIED come from the catalog's revision date (or the duty's ``valid_from`` when
  later), never from the clock (style.md: icalendar's ``Event.new()`` defaults to uuid4 and now(), so
  both are always passed).
* SEQUENCE is 0 while a date rests on holidays not yet fixed in the 官報 and 1 once the year is
  official, so the one change bocal itself knows will come (a provisional date becoming final)
  reaches clients that honour SEQUENCE.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ..calendars import format_md
from ..describe import assumed_note, move_reason
from ..expand import Task
from ..i18n import t

#: When the bundled rules last changed; stamps never go below it. Bump it with every catalog edit.
CATALOG_REVISION = datetime(2026, 11, 30, tzinfo=UTC)


def stamp_for(task: Task) -> datetime:
    """A deterministic DTSTAMP / LAST-MODIFIED: the rules' revision or the duty's valid_from."""
    vf = task.duty.valid_from
    if vf is not None:
        v = datetime(vf.year, vf.month, vf.day, tzinfo=UTC)
        return max(CATALOG_REVISION, v) if v <= CATALOG_REVISION + timedelta(days=3650) else CATALOG_REVISION
    return CATALOG_REVISION


def sequence_for(task: Task) -> int:
    """0 while the date is provisional (holidays not yet in the 官報), 1 once it is final."""
    return 0 if task.provisional else 1


def derived_uid(uid: str, suffix: str) -> str:
    """``withholding-tax-2026-01-acme@example.co.jp`` → ``withholding-tax-2026-01-acme-opens@example.co.jp``."""
    local, at, domain = uid.rpartition("@")
    return f"{local}-{suffix}@{domain}" if at else f"{uid}-{suffix}"


def client_prefix(client_name: str, lang: str) -> str:
    """The office calendars' title prefix: 「【山田商事】」 / "[Yamada Shoji] "."""
    return t("ics.client_prefix", lang, name=client_name)


def description(task: Task, lang: str = "ja", *, opening: bool = False) -> str:
    """What to do and where, the window, why the date moved, the legal basis and the source."""
    d = task.duty
    lines: list[str] = []
    if task.start is not None:
        lines.append(t("ics.window", lang, start=format_md(task.start, lang), due=format_md(task.due, lang)))
    if d.notes:
        lines.append(d.notes)
    if d.form:
        lines.append(t("ics.form", lang, form=d.form))
    if d.submit_to:
        lines.append(t("ics.submit_to", lang, where=d.submit_to))
    if opening:
        reason = move_reason(task, lang, start=True)
        if reason:
            lines.append(t("ics.opening", lang, reason=reason))
    reason = move_reason(task, lang)
    if reason:
        lines.append(t("ics.deadline", lang, reason=reason) if opening else reason)
    if task.provisional:
        lines.append(t("ics.provisional", lang))
    if assumed := assumed_note(task, lang):
        lines.append(assumed)
    if task.target:
        lines.append(t("ics.target", lang))
    lines.append(t("ics.basis", lang, basis=t("ics.customary", lang) if d.customary else d.basis))
    if d.source:
        lines.append(t("ics.source", lang, source=d.source))
    if task.owner:
        lines.append(t("ics.owner", lang, owner=task.owner))
    return "\n".join(lines)


def alarm_text(days: int, lang: str = "ja") -> str:
    """The reminder's own text: short, since clients show the event's title beside it."""
    if days == 0:
        return t("ics.alarm_today", lang)
    return t("ics.alarm_day" if days == 1 else "ics.alarm_days", lang, days=days)


def opening_title(task: Task, lang: str = "ja") -> str:
    """「受付開始: 算定基礎届の提出（2026年分）— 7/10(金)まで」."""
    return t("ics.opening_title", lang, title=task.title(lang), due=format_md(task.due, lang))
