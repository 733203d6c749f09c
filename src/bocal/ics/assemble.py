"""The one calendar assembler: a VCALENDAR's header, its components, its end.

Every calendar bocal writes or serves gets its header here (NAME and X-WR-CALNAME, the description
with the data-horizon note, refresh hints), so a header line added once reaches every calendar:
export, ``--split``, each client's, ``office.ics``, the feeds and the published files. No METHOD
(a feed is not an iTIP message).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from icalendar import Calendar, vText

from ..calendars import horizon_warning
from ..describe import area_name
from ..i18n import t
from .build import RenderedTask
from .fold import fold_line, serialize

#: How often clients should refetch a feed (Outlook desktop reads X-PUBLISHED-TTL, Apple REFRESH-INTERVAL).
REFRESH = timedelta(hours=12)
PRODID = "-//bocal//bocal//JA"
END = b"END:VCALENDAR\r\n"


def with_horizon(desc: str, lang: str, span: tuple[date, date] | None) -> str:
    """`desc`, followed by `calendars.horizon_warning` when `span` reaches past the official holidays."""
    if span is None:
        return desc
    warning = horizon_warning(span[0], span[1], lang)
    if warning:
        desc += t("ics.horizon_note", lang, warning=warning)
    return desc


def calendar_texts(
    company: str,
    lang: str = "ja",
    *,
    area: str | None = None,
    owner: str | None = None,
    span: tuple[date, date] | None = None,
) -> tuple[str, str]:
    """A company calendar's name and description: 「サンプル株式会社 期限カレンダー（経理）」.

    With `span` (the calendar's date range), a range that reaches past the officially announced
    holidays gets the horizon note in its description: the feed never guesses silently.
    """
    parts = [p for p in (area_name(area, lang) if area else None, owner) if p]
    if parts:
        name = t("ics.calendar_name_part", lang, company=company, parts=t("list.sep", lang).join(parts))
    else:
        name = t("ics.calendar_name", lang, company=company)
    desc = t("ics.calendar_desc", lang, company=company)
    return name, with_horizon(desc, lang, span)


def office_texts(
    count: int, lang: str = "ja", *, what: str | None = None, span: tuple[date, date] | None = None
) -> tuple[str, str]:
    """An office calendar's name and description: every client's (``office.ics``), or the part
    `what` (an area name or an owner) of the office feeds; with the horizon note for `span`."""
    if what is None:
        name, desc = t("ics.office_name", lang, count=count), t("ics.office_desc", lang, count=count)
    else:
        name = t("ics.office_part_name", lang, what=what, count=count)
        desc = t("ics.office_part_desc", lang, what=what, count=count)
    return name, with_horizon(desc, lang, span)


def render_header(name: str, description: str | None) -> bytes:
    """The VCALENDAR's properties, rendered by icalendar, from BEGIN:VCALENDAR to its first component."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # NAME (RFC 7986) and X-WR-CALNAME are TEXT: icalendar types them as unknown and would write
    # a company's ; , \ raw, so they are given as vText (escaped like SUMMARY)
    cal.add("name", vText(name))
    cal.add("x-wr-calname", vText(name))
    if description:
        cal.add("description", description)
        cal.add("x-wr-caldesc", vText(description))
    cal.add("x-wr-timezone", "Asia/Tokyo")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")
    data = serialize(cal)
    assert data.endswith(END)
    return data[: -len(END)]


_NAME_PH, _DESC_PH = "bocal-name-placeholder", "bocal-description-placeholder"
#: What TEXT escaping (RFC 5545 §3.3.11) would change: text without any of these is its own value.
_ESCAPED = frozenset("\\;,\r\n")
_headers: dict[bool, list[str]] = {}


def calendar_header(name: str, description: str | None) -> bytes:
    """The VCALENDAR's properties, from BEGIN:VCALENDAR up to its first component.

    A publish of 1,000 clients writes 7,000 headers that differ only in name and description: the
    header is rendered by icalendar once (`render_header`, with placeholders) and the two texts put in
    its content lines, each folded — when neither text has a character escaping would change (every
    Japanese name and text); otherwise it is rendered whole."""
    texts = name + (description or "")
    if _ESCAPED.intersection(texts) or "placeholder" in texts:
        return render_header(name, description)
    lines = _headers.get(bool(description))
    if lines is None:
        raw = render_header(_NAME_PH, _DESC_PH if description else None).decode("utf-8")
        lines = _headers[bool(description)] = raw.replace("\r\n ", "").split("\r\n")[:-1]
    out = []
    for line in lines:
        key, _, value = line.partition(":")
        if value == _NAME_PH:
            line = f"{key}:{name}"
        elif value == _DESC_PH:
            line = f"{key}:{description}"
        out.append(fold_line(line))
    return b"".join(out)


def stream(
    name: str, description: str | None, rendered: Iterable[RenderedTask], *, todos_last: bool = True
) -> Iterator[bytes]:
    """A calendar a piece at a time: the header, every event, then every VTODO (kept aside until the
    events are done, so only the VTODOs are held, never the whole calendar). The office calendars
    (``todos_last=False``) keep each task's VTODO beside its events, as they always have."""
    yield calendar_header(name, description)
    todos = []
    for r in rendered:
        yield r.events
        if r.todo:
            if todos_last:
                todos.append(r.todo)
            else:
                yield r.todo
    yield from todos
    yield END


def assemble(name: str, description: str | None, rendered: Iterable[RenderedTask]) -> bytes:
    """A calendar from rendered tasks: the header, every event, then every VTODO."""
    return b"".join(stream(name, description, rendered))
