"""Tasks as an RFC 5545 calendar that Google Calendar, Outlook and Thunderbird read right.

One all-day VEVENT per deadline (``DTSTART;VALUE=DATE``, ``DTEND`` the next day); a window duty
(算定基礎届 7/1–7/10) becomes an opening event and a deadline event, never a multi-week banner;
VTODOs only on request. No METHOD (a feed is not an iTIP message).

Two exports of the same inputs are byte-identical:

* UIDs come from duty + period + company (``Task.uid``); the opening event and the VTODO add
  ``-opens`` / ``-todo`` before the ``@`` so every component has its own UID.
* DTSTAMP and LAST-MODIFIED come from the catalog's revision date (or the duty's ``valid_from`` when
  later), never from the clock (style.md: icalendar's ``Event.new()`` defaults to uuid4 and now(), so
  both are always passed).
* SEQUENCE is 0 while a date rests on holidays not yet fixed in the 官報 and 1 once the year is
  official, so the one change bocal itself knows will come (a provisional date becoming final)
  reaches clients that honour SEQUENCE.

icalendar folds between characters today, but the output is refolded here anyway (``fold``): a fold
inside a UTF-8 character is the one defect every client shows as "��", so it is not left to a
dependency's version.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, Todo

from .calendars import format_md
from .describe import area_name, assumed_note, move_reason
from .expand import Task

#: When the bundled rules last changed; stamps never go below it. Bump it with every catalog edit.
CATALOG_REVISION = datetime(2026, 11, 21, tzinfo=UTC)
#: How often clients should refetch a feed (Outlook desktop reads X-PUBLISHED-TTL, Apple REFRESH-INTERVAL).
REFRESH = timedelta(hours=12)
PRODID = "-//bocal//bocal//JA"
MAX_OCTETS = 75
WINDOWS = ("both", "deadline")


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


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """How tasks become components.

    lang: "ja" or "en" for every text; alarms: VALARMs from the duty's ``remind`` lead times;
    todo: a VTODO per task besides the events (Thunderbird, Apple Reminders; Google has no VTODO);
    windows: "both" (an opening event and a deadline event) or "deadline" (the deadline only).
    """

    lang: str = "ja"
    alarms: bool = True
    todo: bool = False
    windows: str = "both"

    def __post_init__(self) -> None:
        if self.lang not in ("ja", "en"):
            raise ValueError(f"lang must be ja or en, not {self.lang!r}")
        if self.windows not in WINDOWS:
            raise ValueError(f"windows must be one of {', '.join(WINDOWS)}, not {self.windows!r}")


# -- words ----------------------------------------------------------------------------------------


def calendar_texts(
    company: str,
    lang: str = "ja",
    *,
    area: str | None = None,
    owner: str | None = None,
    span: tuple[date, date] | None = None,
) -> tuple[str, str]:
    """The calendar's name and description: 「サンプル株式会社 期限カレンダー（経理）」.

    With `span` (the calendar's date range), a range that reaches past the officially announced
    holidays gets `calendars.horizon_warning` in its description: the feed never guesses silently.
    """
    name, desc = _calendar_texts(company, lang, area=area, owner=owner)
    if span is not None:
        from .calendars import horizon_warning

        warning = horizon_warning(span[0], span[1], lang)
        if warning:
            desc += ("" if lang == "ja" else " ") + warning + ("。" if lang == "ja" else ".")
    return name, desc


def _calendar_texts(company: str, lang: str, *, area: str | None, owner: str | None) -> tuple[str, str]:
    if lang == "ja":
        name = f"{company} 期限カレンダー"
        parts = [p for p in (area_name(area, "ja") if area else None, owner) if p]
        if parts:
            name += f"（{'・'.join(parts)}）"
        desc = (
            f"{company}の法定・慣行上の期限（bocal）。土日・祝日・年末年始による移動は反映済みで、"
            "各予定の説明に理由と根拠を記載。"
        )
        return name, desc
    name = f"{company} deadlines"
    parts = [p for p in (area_name(area, "en") if area else None, owner) if p]
    if parts:
        name += f" ({', '.join(parts)})"
    desc = (
        f"Statutory and customary deadlines for {company} (bocal). Dates are already moved off "
        "weekends, holidays and the year-end closure; each event says why and on what basis."
    )
    return name, desc


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


# -- components -----------------------------------------------------------------------------------


def _common(comp: Event | Todo, task: Task, uid: str, summary: str, desc: str, lang: str) -> None:
    stamp = stamp_for(task)
    comp.add("uid", uid)
    comp.add("dtstamp", stamp)
    comp.add("last-modified", stamp)
    comp.add("sequence", sequence_for(task))
    comp.add("summary", summary)
    comp.add("description", desc)
    comp.add("categories", [area_name(task.duty.area, lang)])
    if task.duty.source:
        comp.add("url", task.duty.source)


def _event(task: Task, opts: ExportOptions, *, opening: bool) -> Event:
    ev = Event()
    day = task.start if opening and task.start is not None else task.due
    summary = opening_title(task, opts.lang) if opening else task.title(opts.lang)
    uid = derived_uid(task.uid, "opens") if opening else task.uid
    _common(ev, task, uid, summary, description(task, opts.lang, opening=opening), opts.lang)
    ev.add("dtstart", day)
    ev.add("dtend", day + timedelta(days=1))
    ev.add("transp", "TRANSPARENT")
    ev.add("x-microsoft-cdo-alldayevent", "TRUE")
    if opts.alarms and not opening:
        for days in sorted(set(task.duty.remind), reverse=True):
            al = Alarm()
            al.add("action", "DISPLAY")
            al.add("description", alarm_text(days, opts.lang))
            al.add("trigger", timedelta(days=-days))
            ev.add_component(al)
    return ev


def _todo(task: Task, opts: ExportOptions) -> Todo:
    td = Todo()
    _common(td, task, derived_uid(task.uid, "todo"), task.title(opts.lang), description(task, opts.lang), opts.lang)
    if task.start is not None and task.start < task.due:
        td.add("dtstart", task.start)
    td.add("due", task.due)
    td.add("status", "NEEDS-ACTION")
    return td


@dataclass(frozen=True, slots=True)
class RenderedTask:
    """One task's folded components: its events (opening, deadline) and its VTODO if asked for."""

    task: Task
    events: bytes
    todo: bytes = b""


def render_tasks(tasks: Iterable[Task], opts: ExportOptions) -> list[RenderedTask]:
    """Each task's components rendered once, to be assembled into any number of calendars
    (the feed server's ``all`` and per-area calendars share them)."""
    out = []
    for t in tasks:
        ev = b""
        if t.start is not None and t.start < t.due and opts.windows == "both":
            ev += fold(_event(t, opts, opening=True).to_ical())
        ev += fold(_event(t, opts, opening=False).to_ical())
        out.append(RenderedTask(t, ev, fold(_todo(t, opts).to_ical()) if opts.todo else b""))
    return out


_END = b"END:VCALENDAR\r\n"


def calendar_header(name: str, description: str | None) -> bytes:
    """The VCALENDAR's properties, from BEGIN:VCALENDAR up to its first component."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    if description:
        cal.add("description", description)
        cal.add("x-wr-caldesc", description)
    cal.add("x-wr-timezone", "Asia/Tokyo")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")
    data = fold(cal.to_ical())
    assert data.endswith(_END)
    return data[: -len(_END)]


def assemble(name: str, description: str | None, rendered: Iterable[RenderedTask]) -> bytes:
    """A calendar from rendered tasks: the header, every event, then every VTODO."""
    items = list(rendered)
    return b"".join([calendar_header(name, description), *(r.events for r in items), *(r.todo for r in items), _END])


def to_ical(
    tasks: Sequence[Task],
    *,
    name: str,
    description: str | None = None,
    lang: str = "ja",
    alarms: bool = True,
    todo: bool = False,
    windows: str = "both",
) -> bytes:
    """A calendar of all-day events, one per task (two for a window duty), CRLF, folded at 75 octets."""
    opts = ExportOptions(lang=lang, alarms=alarms, todo=todo, windows=windows)
    return assemble(name, description, render_tasks(tasks, opts))


# -- folding --------------------------------------------------------------------------------------

_FOLD = re.compile(rb"\r?\n[ \t]")


def fold(data: bytes) -> bytes:
    """Unfold, then fold every content line at ≤ 75 octets, only between UTF-8 characters; CRLF."""
    out: list[bytes] = []
    for line in _FOLD.sub(b"", data).splitlines():
        out.append(fold_line(line.decode("utf-8")))
    return b"".join(out)


def fold_line(line: str) -> bytes:
    """One content line as CRLF-terminated physical lines of at most 75 octets each.

    Cuts by octet offset and steps back off UTF-8 continuation bytes (10xxxxxx), so each cut falls
    between characters: a few steps a line rather than a step per character (the export's hot loop).
    """
    raw = line.encode("utf-8")
    if len(raw) <= MAX_OCTETS:
        return raw + b"\r\n"
    parts: list[bytes] = []
    pos, limit, n = 0, MAX_OCTETS, len(raw)
    while n - pos > limit:
        cut = pos + limit
        while raw[cut] & 0xC0 == 0x80:
            cut -= 1
        parts.append(raw[pos:cut])
        pos, limit = cut, MAX_OCTETS - 1  # a continuation line starts with a space
    parts.append(raw[pos:])
    return b"\r\n ".join(parts) + b"\r\n"
