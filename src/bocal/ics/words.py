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
    return f"【{client_name}】" if lang == "ja" else f"[{client_name}] "


def description(task: Task, lang: str = "ja", *, opening: bool = False) -> str:
    """What to do and where, the window, why the date moved, the legal basis and the source."""
    d = task.duty
    ja = lang == "ja"
    lines: list[str] = []
    if task.start is not None:
        span = f"{format_md(task.start, lang)}〜{format_md(task.due, lang)}"
        lines.append(("受付期間: " if ja else "Window: ") + (span if ja else span.replace("〜", " – ")))
    if d.notes:
        lines.append(d.notes)
    if d.form:
        lines.append(("様式: " if ja else "Form: ") + d.form)
    if d.submit_to:
        lines.append(("提出先: " if ja else "Submit to: ") + d.submit_to)
    if opening:
        reason = move_reason(task, lang, start=True)
        if reason:
            lines.append(("受付開始日: " if ja else "Opening: ") + reason)
    reason = move_reason(task, lang)
    if reason:
        lines.append(("期限: " if ja else "Deadline: ") + reason if opening else reason)
    if task.provisional:
        lines.append(
            "祝日が官報で未確定の年のため暫定の日付" if ja else "Provisional: that year's holidays are not yet official"
        )
    if assumed := assumed_note(task, lang):
        lines.append(assumed)
    if task.target:
        lines.append("期日は目安（法令に日付の定めなし）" if ja else "Target date (the law sets no date)")
    lines.append(("根拠: " if ja else "Basis: ") + ("慣行" if d.customary and ja else d.basis))
    if d.source:
        lines.append(("出典: " if ja else "Source: ") + d.source)
    if task.owner:
        lines.append(("担当: " if ja else "Owner: ") + task.owner)
    return "\n".join(lines)


def alarm_text(days: int, lang: str = "ja") -> str:
    """The reminder's own text: short, since clients show the event's title beside it."""
    if lang == "ja":
        return "期限当日" if days == 0 else f"期限の{days}日前"
    return "Due today" if days == 0 else f"Due in {days} day{'s' if days != 1 else ''}"


def opening_title(task: Task, lang: str = "ja") -> str:
    """「受付開始: 算定基礎届の提出（2026年分）— 7/10(金)まで」."""
    if lang == "ja":
        return f"受付開始: {task.title('ja')}— {format_md(task.due, 'ja')}まで"
    return f"Opens: {task.title('en')} — due {format_md(task.due, 'en')}"
