"""An event: something that happened on a day (a hire, a leaver, an accident) and sets off deadlines.

Events come from the task store (`bocal event add`, `bocal event import`) or from `[[event]]`
tables in the profile. An event's id is derived from what it is — kind, date, person, client — so
the same event read twice (from a file, after a re-import) is the same event, and the uids and
stored state of its tasks never change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..bounds import year_problem
from ..errors import Problem, UsageError, suggest
from ..textsafe import control_problem

if TYPE_CHECKING:
    from .kinds import EventKind

AttrValue = bool | int
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TRUE = {"true", "yes", "y", "1", "on", "はい", "有", "あり", "○"}
_FALSE = {"false", "no", "n", "0", "off", "いいえ", "無", "なし", "×", ""}


@dataclass(frozen=True, slots=True)
class Event:
    """One event, as stored and as expanded: its id, kind, date, person, client and attributes."""

    id: str
    kind: str
    date: date
    person: str | None = None
    client: str | None = None
    note: str | None = None
    #: Facts the kind declares (`days_off`, `malicious` …), sorted by name; unset ones take the default.
    attributes: tuple[tuple[str, AttrValue], ...] = ()

    @property
    def kind_info(self) -> EventKind:
        return _kind_table()[self.kind]

    def values(self) -> dict[str, AttrValue]:
        """Every attribute of the kind, defaults filled in."""
        out = self.kind_info.defaults()
        out.update(self.attributes)
        return out

    def label(self, lang: str = "ja") -> str:
        """「山田太郎・4/1入社」 / "Yamada Taro, joins 1 Apr" — what the event's tasks are titled with."""
        k = self.kind_info
        if lang == "ja":
            what = f"{self.date.month}/{self.date.day}{k.suffix_ja}"
            return f"{self.person}・{what}" if self.person else what
        what = f"{k.suffix_en} {self.date.day} {self.date:%b}"
        return f"{self.person}, {what}" if self.person else what


_KINDS: dict[str, EventKind] = {}


def _kind_table() -> Mapping[str, EventKind]:
    """The kinds by name, imported on first use (the profile imports this module on every run)."""
    if not _KINDS:
        from .kinds import KIND_BY_NAME

        _KINDS.update(KIND_BY_NAME)
    return _KINDS


def event_id(kind: str, day: date, person: str | None, client: str | None) -> str:
    """`hire-20270401-1a2b3c`: readable, ASCII (it goes into calendar uids), and the same every time."""
    import hashlib  # only when an event is made (start-up time: OpenSSL takes milliseconds to load)

    digest = hashlib.sha1(f"{person or ''}\x1f{client or ''}".encode()).hexdigest()[:6]
    return f"{kind}-{day:%Y%m%d}-{digest}"


def check_kind(kind: str) -> EventKind:
    from .kinds import KIND_BY_NAME, KIND_NAMES

    info = KIND_BY_NAME.get(kind)
    if info is None:
        raise ValueError(
            f"unknown event kind {kind!r}"
            + (f" ({s})" if (s := suggest(kind, KIND_NAMES)) else f"; kinds are {', '.join(KIND_NAMES)}")
        )
    return info


def parse_value(info: EventKind, name: str, raw: object) -> AttrValue:
    """An attribute's value from TOML (bool/int) or text (`--set`, CSV): checked against the kind."""
    attr = info.attribute(name)
    if attr is None:
        names = [a.name for a in info.attributes]
        hint = suggest(name, names) if names else None
        known = ", ".join(names) if names else "none"
        raise ValueError(
            f"{info.name} events have no attribute {name!r}" + (f" ({hint})" if hint else f"; attributes: {known}")
        )
    if attr.type == "bool":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(f"{name} must be true or false, not {raw!r}")
    if isinstance(raw, bool):
        raise ValueError(f"{name} must be a whole number, not {raw!r}")
    if isinstance(raw, int):
        value = raw
    else:
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 0:
        raise ValueError(f"{name} must be 0 or more, not {value}")
    return value


def parse_date(raw: object) -> date:
    """Where every event date enters (profile tables, CSV import, the workspace's forms): a date in
    the supported years (bounds.FIRST_YEAR–LAST_YEAR), never a date-time."""
    if isinstance(raw, datetime):
        raise ValueError(f"{raw.isoformat()} has a time; write the date alone (YYYY-MM-DD)")
    if isinstance(raw, date):
        day = raw
    else:
        text = str(raw).strip().replace("/", "-")
        try:
            y, m, d = (int(x) for x in text.split("-") if len(x) <= 6)
            day = date(y, m, d)
        except ValueError:
            raise ValueError(f"{raw!r} is not a date (write YYYY-MM-DD, e.g. 2027-04-01)") from None
    out_of_range = year_problem(day.year)
    if out_of_range:
        raise ValueError(f"the date {day.isoformat()}: {out_of_range}")
    return day


def make_event(
    kind: str,
    day: object,
    *,
    person: str | None = None,
    client: str | None = None,
    note: str | None = None,
    attributes: Mapping[str, object] | None = None,
    id: str | None = None,
) -> Event:
    """A checked Event; raises ValueError with a message a person can act on."""
    info = check_kind(kind.strip())
    when = parse_date(day)
    attrs = {k: parse_value(info, k, v) for k, v in (attributes or {}).items()}
    person = (person or "").strip() or None
    client = (client or "").strip() or None
    note = (note or "").strip() or None
    for name, text, newlines in (("person", person, False), ("client", client, False), ("note", note, True)):
        if text is not None and (bad := control_problem(text, newlines=newlines)):
            raise ValueError(f"{name} {bad}")  # it would reach terminals, calendars and pages
    if id is not None and not _ID.match(id):
        raise ValueError(f"event id {id!r} must be lower-case letters, digits and hyphens")
    return Event(
        id or event_id(info.name, when, person, client),
        info.name,
        when,
        person,
        client,
        note,
        tuple(sorted(attrs.items())),
    )


EVENT_TABLE_KEYS = ("kind", "date", "person", "client", "note", "id")


def events_from_tables(raw: object, problem: Callable[[str, int, str | None], None]) -> tuple[Event, ...]:
    """The profile's `[[event]]` tables; each problem goes to `problem(message, index, key)`."""
    if not isinstance(raw, list):
        problem("events are an array of tables: write [[event]], with two brackets", 0, None)
        return ()
    out: list[Event] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            problem("each event must be a table", i, None)
            continue
        missing = [k for k in ("kind", "date") if k not in item]
        for k in missing:
            problem(f"an event needs {k}", i, None)
        if missing:
            continue
        attrs = {k: v for k, v in item.items() if k not in EVENT_TABLE_KEYS}
        texts: dict[str, str | None] = {}
        bad = False
        for k in ("person", "client", "note", "id"):
            v = item.get(k)
            if v is not None and not isinstance(v, str):
                problem(f"{k} must be a string", i, k)
                bad = True
            texts[k] = v
        if bad:
            continue
        try:
            ev = make_event(str(item["kind"]), item["date"], attributes=attrs, **texts)
        except ValueError as e:
            problem(str(e), i, _culprit(item, str(e)))
            continue
        if ev.id in seen:
            problem(f"the same event is listed twice ({ev.id})", i, None)
            continue
        seen.add(ev.id)
        out.append(ev)
    return tuple(out)


def _culprit(item: Mapping[str, Any], message: str) -> str | None:
    """Which key an error message is about, for the line number."""
    for k in item:
        if f"{k!r}" in message or message.startswith(f"{k} ") or f"attribute {k!r}" in message:
            return str(k)
    if "kind" in message:
        return "kind"
    if "date" in message:
        return "date"
    return None


def parse_settings(info: EventKind, settings: Iterable[str]) -> dict[str, AttrValue]:
    """`--set key=value` options → checked attributes; a UsageError names every bad one."""
    out: dict[str, AttrValue] = {}
    problems: list[Problem] = []
    for s in settings:
        key, eq, value = s.partition("=")
        if not eq or not key.strip():
            problems.append(Problem(f"--set {s!r}: write key=value, e.g. --set days_off=5"))
            continue
        try:
            out[key.strip()] = parse_value(info, key.strip(), value)
        except ValueError as e:
            problems.append(Problem(f"--set {s!r}: {e}"))
    if problems:
        raise UsageError(problems)
    return out


def belongs_to(event: Event, client_names: Iterable[str]) -> bool:
    """Whether an event is for this company: no client named, or one of the company's names."""
    return event.client is None or event.client in set(client_names)
