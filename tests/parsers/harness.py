"""Parse .ics bytes with four independent, real parsers and return comparable values.

    ical.js 2.x  (Thunderbird)        parse_icaljs   node tests/parsers/icaljs_dump.mjs FILE
    libical 3    (Evolution / GNOME)  parse_libical  /usr/bin/python3 tests/parsers/libical_dump.py FILE
    vobject      (Radicale)           parse_vobject  vobject.readOne(text, validate=True)
    ical         (Home Assistant)     parse_ical     IcsCalendarStream.calendar_from_ics(text)

Each returns a ParsedCalendar; values are normalised so that the four results compare with ``==``
(and with a ParsedCalendar written by hand in a test). Each raises ParseFailure on input its parser
rejects, and ParserUnavailable when the parser is not installed (``.ci/install-parsers`` installs
ical.js and libical; vobject and ical come with the project's ``test`` extra).

``raw_checks(data)`` looks at the bytes themselves: what no parser reports because every one of them
tolerates it (long lines, folds inside a UTF-8 character, LF endings, duplicate UIDs, METHOD, ...).

Normalised values:
  * DATE -> ``datetime.date``; DATE-TIME -> ``datetime.datetime``, aware (UTC or the TZID's zone via
    zoneinfo) or naive for floating times.
  * categories: every value of every CATEGORIES property, in file order.
  * alarms: relative TRIGGER offsets in seconds (negative = before), sorted. A trigger RELATED=END
    or an absolute DATE-TIME trigger raises Unsupported: the harness does not compare those.
  * url: ``None`` when absent; description and summary: ``""`` when absent.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
NODE_DIR = HERE / "node"
ICALJS_SCRIPT = HERE / "icaljs_dump.mjs"
LIBICAL_SCRIPT = HERE / "libical_dump.py"
#: The Debian interpreter that sees gir1.2-ical-3.0; override with BOCAL_LIBICAL_PYTHON.
DEBIAN_PYTHON = os.environ.get("BOCAL_LIBICAL_PYTHON", "/usr/bin/python3")
SUBPROCESS_TIMEOUT = 60

PARSERS = ("icaljs", "libical", "vobject", "ical")
INSTALL_HINT = (
    "run `sudo .ci/install-parsers` from the repository root (apt: gir1.2-ical-3.0 python3-gi; "
    "npm: ical.js in tests/parsers/node) and `pip install -e '.[test]'` (vobject, ical)"
)


# --------------------------------------------------------------------------------------------------
# Errors


class HarnessError(Exception):
    """Base class for everything this module raises."""


class ParserUnavailable(HarnessError):
    """A parser is not installed here."""


class ParseFailure(HarnessError):
    """A parser rejected the input (or, for libical, reported X-LIC-ERRORs / restriction failures)."""

    def __init__(self, parser: str, message: str):
        super().__init__(f"{parser}: {message}")
        self.parser = parser
        self.message = message


class Unsupported(HarnessError):
    """The input uses something the common value form does not represent (e.g. TRIGGER;RELATED=END)."""


# --------------------------------------------------------------------------------------------------
# The common value form

DateValue = date  # a datetime.datetime for DATE-TIME values (datetime is a subclass of date)


@dataclass(frozen=True)
class ParsedEvent:
    uid: str
    summary: str
    dtstart: DateValue
    dtend: DateValue | None
    categories: tuple[str, ...] = ()
    alarms: tuple[int, ...] = ()  # TRIGGER offsets in seconds, negative = before; sorted
    url: str | None = None
    description: str = ""


@dataclass(frozen=True)
class ParsedTodo:
    uid: str
    summary: str
    due: DateValue | None
    dtstart: DateValue | None = None
    categories: tuple[str, ...] = ()
    alarms: tuple[int, ...] = ()
    url: str | None = None
    description: str = ""


@dataclass(frozen=True)
class ParsedCalendar:
    name: str | None  # RFC 7986 NAME, else X-WR-CALNAME
    events: tuple[ParsedEvent, ...]  # sorted by uid (then dtstart, summary)
    todos: tuple[ParsedTodo, ...] = ()  # sorted by uid (then due, summary)

    def event(self, uid: str) -> ParsedEvent:
        found = [e for e in self.events if e.uid == uid]
        if len(found) != 1:
            raise KeyError(f"{len(found)} events with UID {uid!r}")
        return found[0]


# --------------------------------------------------------------------------------------------------
# Normalisation shared by all four parsers.
# Every parser produces "raw items": dicts with uid, summary, dtstart, dtend, due, categories,
# alarms, url, description. Dates are either Python date/datetime objects or the JSON form the two
# subprocess dumpers print: {"date": "YYYY-MM-DD"} or {"datetime": "YYYY-MM-DDTHH:MM:SS", "tzid": ...}.
# Alarms are {"seconds": int, "related": "START"|"END"} or {"absolute": str} or {"missing": True}.


def _date_value(parser: str, v: Any) -> DateValue | None:
    try:
        return _date_value_unchecked(parser, v)
    except ValueError as exc:  # e.g. libical hands back month 13 without complaint
        raise ParseFailure(parser, f"not a real date or time: {v!r} ({exc})") from exc


def _date_value_unchecked(parser: str, v: Any) -> DateValue | None:
    if v is None or isinstance(v, date):  # date or datetime
        return v
    if isinstance(v, dict):
        if "date" in v:
            return date.fromisoformat(v["date"])
        if "datetime" in v:
            dt = datetime.fromisoformat(v["datetime"])
            tzid = v.get("tzid")
            if tzid == "UTC":
                return dt.replace(tzinfo=UTC)
            if tzid:
                try:
                    return dt.replace(tzinfo=ZoneInfo(tzid))
                except Exception as exc:  # unknown zone name
                    raise Unsupported(f"{parser}: TZID {tzid!r} is not an IANA zone: {exc}") from exc
            return dt
        if "invalid" in v:
            raise ParseFailure(parser, f"unreadable date: {v['invalid']}")
    raise HarnessError(f"{parser}: unexpected date value {v!r}")


def _alarms(parser: str, uid: str, alarms: Iterable[Mapping[str, Any]]) -> tuple[int, ...]:
    out = []
    for a in alarms:
        if a.get("missing"):
            raise ParseFailure(parser, f"{uid}: VALARM without TRIGGER")
        if "absolute" in a:
            raise Unsupported(f"{parser}: {uid}: absolute TRIGGER {a['absolute']} is not compared")
        if str(a.get("related", "START")).upper() != "START":
            raise Unsupported(f"{parser}: {uid}: TRIGGER;RELATED={a['related']} is not compared")
        out.append(int(a["seconds"]))
    return tuple(sorted(out))


def _require_uid(parser: str, raw: Mapping[str, Any], kind: str) -> str:
    uid = raw.get("uid")
    if not uid:
        raise ParseFailure(parser, f"{kind} without UID (summary {raw.get('summary')!r})")
    return str(uid)


def _sort_key(d: DateValue | None) -> tuple[int, str]:
    return (0, "") if d is None else (1, d.isoformat())


def _to_calendar(
    parser: str, name: str | None, events: Iterable[Mapping[str, Any]], todos: Iterable[Mapping[str, Any]]
) -> ParsedCalendar:
    evs = []
    for raw in events:
        uid = _require_uid(parser, raw, "VEVENT")
        start = _date_value(parser, raw.get("dtstart"))
        if start is None:
            raise ParseFailure(parser, f"{uid}: VEVENT without DTSTART")
        evs.append(
            ParsedEvent(
                uid=uid,
                summary=raw.get("summary") or "",
                dtstart=start,
                dtend=_date_value(parser, raw.get("dtend")),
                categories=tuple(raw.get("categories") or ()),
                alarms=_alarms(parser, uid, raw.get("alarms") or ()),
                url=raw.get("url") or None,
                description=raw.get("description") or "",
            )
        )
    tds = []
    for raw in todos:
        uid = _require_uid(parser, raw, "VTODO")
        tds.append(
            ParsedTodo(
                uid=uid,
                summary=raw.get("summary") or "",
                due=_date_value(parser, raw.get("due")),
                dtstart=_date_value(parser, raw.get("dtstart")),
                categories=tuple(raw.get("categories") or ()),
                alarms=_alarms(parser, uid, raw.get("alarms") or ()),
                url=raw.get("url") or None,
                description=raw.get("description") or "",
            )
        )
    evs.sort(key=lambda e: (e.uid, _sort_key(e.dtstart), e.summary))
    tds.sort(key=lambda t: (t.uid, _sort_key(t.due), t.summary))
    return ParsedCalendar(name=name or None, events=tuple(evs), todos=tuple(tds))


def _decode_strict(parser: str, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ParseFailure(parser, f"input is not valid UTF-8 (a fold inside a character?): {exc}") from exc
    return text.removeprefix("\ufeff")


# --------------------------------------------------------------------------------------------------
# Availability


@cache
def _unavailable_reason(name: str) -> str | None:
    """None when the parser runs here, else why not."""
    if name == "icaljs":
        node = shutil.which("node")
        if node is None:
            return "`node` is not on PATH"
        if not (NODE_DIR / "node_modules" / "ical.js" / "package.json").is_file():
            return f"ical.js is not installed in {NODE_DIR.relative_to(REPO_ROOT)}/node_modules"
        return None
    if name == "libical":
        if not os.access(DEBIAN_PYTHON, os.X_OK):
            return f"{DEBIAN_PYTHON} does not exist"
        probe = 'import gi; gi.require_version("ICalGLib", "3.0"); from gi.repository import ICalGLib'
        try:
            r = subprocess.run([DEBIAN_PYTHON, "-c", probe], capture_output=True, text=True, timeout=SUBPROCESS_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"{DEBIAN_PYTHON} failed to start: {exc}"
        if r.returncode != 0:
            last = (r.stderr.strip().splitlines() or ["?"])[-1]
            return f"ICalGLib 3.0 does not load in {DEBIAN_PYTHON}: {last}"
        return None
    if name == "vobject":
        try:
            import vobject  # noqa: F401
        except ImportError as exc:
            return f"vobject is not importable: {exc}"
        return None
    if name == "ical":
        try:
            from ical.calendar_stream import IcsCalendarStream  # noqa: F401
        except ImportError as exc:
            return f"ical (Home Assistant's) is not importable: {exc}"
        return None
    raise ValueError(f"unknown parser {name!r}; known: {', '.join(PARSERS)}")


def missing_parsers() -> dict[str, str]:
    """{name: reason} for each parser that does not run here."""
    return {n: r for n in PARSERS if (r := _unavailable_reason(n)) is not None}


def available_parsers() -> tuple[str, ...]:
    """Names of the parsers that run here, in PARSERS order."""
    return tuple(n for n in PARSERS if _unavailable_reason(n) is None)


def require_parser(name: str) -> None:
    """Raise ParserUnavailable, naming the install script, when `name` does not run here."""
    reason = _unavailable_reason(name)
    if reason is not None:
        raise ParserUnavailable(f"parser {name!r} is not available: {reason}; {INSTALL_HINT}")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_or_skip(name: str) -> None:
    """For tests: a missing parser fails the test when CI=true, and skips it (with the reason) otherwise."""
    import pytest

    try:
        require_parser(name)
    except ParserUnavailable as exc:
        if in_ci():
            pytest.fail(f"{exc} (CI=true: a missing parser is a failure)", pytrace=False)
        pytest.skip(str(exc))


@cache
def parser_versions() -> dict[str, str]:
    """Installed version of each available parser, for reports."""
    out: dict[str, str] = {}
    for name in available_parsers():
        try:
            if name == "icaljs":
                out[name] = _run(name, ["node", str(ICALJS_SCRIPT), "--version"]).strip()
            elif name == "libical":
                out[name] = _run(name, [DEBIAN_PYTHON, str(LIBICAL_SCRIPT), "--version"]).strip()
            else:
                from importlib.metadata import version

                out[name] = version(name)
        except HarnessError as exc:
            out[name] = f"unknown ({exc})"
    return out


# --------------------------------------------------------------------------------------------------
# The subprocess parsers


def _run(parser: str, argv: list[str]) -> str:
    try:
        r = subprocess.run(argv, capture_output=True, timeout=SUBPROCESS_TIMEOUT, cwd=REPO_ROOT)
    except subprocess.TimeoutExpired as exc:
        raise ParseFailure(parser, f"timed out after {SUBPROCESS_TIMEOUT}s") from exc
    except OSError as exc:
        raise ParserUnavailable(f"{parser}: cannot run {argv[0]}: {exc}; {INSTALL_HINT}") from exc
    err = r.stderr.decode("utf-8", "replace").strip()
    if r.returncode == 2:
        raise ParseFailure(parser, err or "parse error")
    if r.returncode != 0:
        raise HarnessError(f"{parser}: {' '.join(argv)} exited {r.returncode}: {err}")
    return r.stdout.decode("utf-8")


def _run_on_file(parser: str, argv_before_file: list[str], data: bytes) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bocal-ics-") as tmp:
        path = Path(tmp) / "input.ics"
        path.write_bytes(data)
        out = _run(parser, [*argv_before_file, str(path)])
    try:
        return json.loads(out)
    except json.JSONDecodeError as exc:
        raise HarnessError(f"{parser}: dumper printed no JSON: {out[:200]!r}") from exc


def parse_icaljs(data: bytes) -> ParsedCalendar:
    """ical.js 2.x, as Thunderbird reads the file."""
    require_parser("icaljs")
    d = _run_on_file("icaljs", ["node", str(ICALJS_SCRIPT)], data)
    return _to_calendar("icaljs", d["name"], d["events"], d["todos"])


def parse_libical(data: bytes) -> ParsedCalendar:
    """libical 3, as Evolution reads the file. Raises ParseFailure on any X-LIC-ERROR or failed
    restriction check, since libical itself never raises."""
    require_parser("libical")
    d = _run_on_file("libical", [DEBIAN_PYTHON, str(LIBICAL_SCRIPT)], data)
    problems = list(d["lic_errors"])
    if not d["restriction_ok"] or d["restriction_errors"]:
        problems += [f"restriction check: {e}" for e in d["restriction_errors"]] or ["restriction check failed"]
    if problems:
        raise ParseFailure("libical", "; ".join(problems))
    return _to_calendar("libical", d["name"], d["events"], d["todos"])


# --------------------------------------------------------------------------------------------------
# The in-process parsers


def parse_vobject(data: bytes) -> ParsedCalendar:
    """vobject, as Radicale reads the file: readOne(text, validate=True)."""
    require_parser("vobject")
    import vobject
    from vobject.base import ParseError, ValidateError

    text = _decode_strict("vobject", data)
    try:
        cal = vobject.readOne(text, validate=True)
    except (ParseError, ValidateError) as exc:
        raise ParseFailure("vobject", f"{type(exc).__name__}: {exc}") from exc
    except Exception as exc:  # vobject also lets ValueError & co. escape on bad values
        raise ParseFailure("vobject", f"{type(exc).__name__}: {exc}") from exc
    if cal.name.upper() != "VCALENDAR":
        raise ParseFailure("vobject", f"top-level component is {cal.name}, not VCALENDAR")

    def first(comp: Any, key: str) -> Any:
        lines = comp.contents.get(key)
        return lines[0].value if lines else None

    def item(comp: Any) -> dict[str, Any]:
        cats: list[str] = []
        for line in comp.contents.get("categories", []):
            v = line.value
            cats.extend([v] if isinstance(v, str) else v)
        alarms = []
        for a in comp.contents.get("valarm", []):
            trig = a.contents.get("trigger")
            if not trig:
                alarms.append({"missing": True})
                continue
            v = trig[0].value
            if isinstance(v, timedelta):
                related = (trig[0].params.get("RELATED") or ["START"])[0]
                alarms.append({"seconds": int(v.total_seconds()), "related": related.upper()})
            else:
                alarms.append({"absolute": str(v)})
        return {
            "uid": first(comp, "uid"),
            "summary": first(comp, "summary"),
            "dtstart": first(comp, "dtstart"),
            "dtend": first(comp, "dtend"),
            "due": first(comp, "due"),
            "categories": cats,
            "alarms": alarms,
            "url": first(comp, "url"),
            "description": first(comp, "description"),
        }

    try:
        name = first(cal, "name") or first(cal, "x-wr-calname")
        events = [item(c) for c in cal.contents.get("vevent", [])]
        todos = [item(c) for c in cal.contents.get("vtodo", [])]
    except Exception as exc:  # vobject parses values lazily: a bad date can surface here
        raise ParseFailure("vobject", f"{type(exc).__name__}: {exc}") from exc
    return _to_calendar("vobject", name, events, todos)


def parse_ical(data: bytes) -> ParsedCalendar:
    """ical (Home Assistant's): IcsCalendarStream.calendar_from_ics(text); the strictest of the four."""
    require_parser("ical")
    from ical.calendar_stream import IcsCalendarStream
    from ical.exceptions import CalendarParseError

    text = _decode_strict("ical", data)
    try:
        cal = IcsCalendarStream.calendar_from_ics(text)
    except CalendarParseError as exc:
        detail = getattr(exc, "detailed_error", None)
        raise ParseFailure("ical", f"CalendarParseError: {exc}" + (f" ({detail})" if detail else "")) from exc

    def item(comp: Any, alarms: Iterable[Any]) -> dict[str, Any]:
        out_alarms = []
        for a in alarms:
            t = a.trigger
            if isinstance(t, timedelta):
                # ical drops the RELATED parameter: RELATED=END reads as an offset from the start.
                out_alarms.append({"seconds": int(t.total_seconds()), "related": "START"})
            else:
                out_alarms.append({"absolute": str(t)})
        return {
            "uid": comp.uid,
            "summary": comp.summary,
            "dtstart": comp.dtstart,
            "dtend": getattr(comp, "dtend", None),
            "due": getattr(comp, "due", None),
            "categories": list(comp.categories or ()),
            "alarms": out_alarms,
            "url": comp.url,
            "description": comp.description,
        }

    names = getattr(cal, "name", None)  # RFC 7986 NAME: a list in ical 14
    name = names[0] if isinstance(names, list) and names else (names or None)
    if name is None:
        name = next((x.value for x in cal.extras if x.name.lower() == "x-wr-calname"), None)
    events = [item(e, e.alarm) for e in cal.events]
    todos = [item(t, t.alarms) for t in cal.todos]
    return _to_calendar("ical", name, events, todos)


PARSE_FUNCTIONS: dict[str, Callable[[bytes], ParsedCalendar]] = {
    "icaljs": parse_icaljs,
    "libical": parse_libical,
    "vobject": parse_vobject,
    "ical": parse_ical,
}


def parse_with(name: str, data: bytes) -> ParsedCalendar:
    return PARSE_FUNCTIONS[name](data)


def parse_all(data: bytes, parsers: Iterable[str] | None = None) -> dict[str, ParsedCalendar]:
    """Parse with every available parser (or the named ones, each of which must be available).

    With CI=true the default is all four, so a missing one raises ParserUnavailable instead of
    being left out. Raises the first ParseFailure; use parse_with() per parser to collect all."""
    default = PARSERS if in_ci() else available_parsers()
    names = tuple(parsers) if parsers is not None else default
    return {n: parse_with(n, data) for n in names}


def disagreements(results: Mapping[str, ParsedCalendar]) -> list[str]:
    """Human-readable differences between parsers' results ([] when they all agree)."""
    items = list(results.items())
    if not items:
        return []
    ref_name, ref = items[0]
    out = []
    for name, cal in items[1:]:
        if cal != ref:
            out.append(f"{name} differs from {ref_name}:\n  {ref_name}: {ref!r}\n  {name}: {cal!r}")
    return out


# --------------------------------------------------------------------------------------------------
# Raw byte checks

_LINE_RE = re.compile(rb"[^\n]*\n|[^\n]+\Z")
_MAX_PER_KIND = 10


def raw_checks(data: bytes) -> list[str]:
    """Problems in the bytes that parsers silently tolerate. [] means clean.

    Checks: physical lines over 75 octets; physical lines that are not valid UTF-8 on their own (a
    fold splitting a character); lines not ending in CRLF; a byte-order mark; METHOD; VEVENT/VTODO
    without UID or DTSTAMP; duplicate UIDs (per RECURRENCE-ID); unbalanced BEGIN/END."""
    if not data:
        return ["file is empty"]
    problems = _physical_line_problems(data)
    lines = _content_lines(data, problems)
    structure = _Structure(problems)
    for ln in lines:
        structure.read(ln)
    if structure.stack:
        problems.append(f"unclosed components at end of file: {', '.join(structure.stack)}")
    if not lines or lines[0].strip().upper() != "BEGIN:VCALENDAR":
        problems.append("file does not start with BEGIN:VCALENDAR")
    problems.extend(_component_problems(structure.comps))
    return problems


def _physical_line_problems(data: bytes) -> list[str]:
    """BOM, line endings, bare CRs, long lines and lines that are not UTF-8 on their own (at most
    _MAX_PER_KIND messages of each kind, then a count of the rest)."""
    problems: list[str] = []
    counts: dict[str, int] = {}

    def add(kind: str, msg: str) -> None:
        counts[kind] = counts.get(kind, 0) + 1
        if counts[kind] <= _MAX_PER_KIND:
            problems.append(msg)

    if data.startswith(b"\xef\xbb\xbf"):
        add("bom", "file starts with a UTF-8 byte-order mark")
    for n, m in enumerate(_LINE_RE.finditer(data), start=1):
        raw = m.group()
        if raw.endswith(b"\r\n"):
            content = raw[:-2]
        else:
            content = raw.rstrip(b"\r\n")
            add("eol", f"line {n}: does not end in CRLF ({raw[len(content) :]!r})")
        if b"\r" in content:
            add("cr", f"line {n}: bare CR inside the line")
        if len(content) > 75:
            add("long", f"line {n}: {len(content)} octets, more than 75")
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as exc:
            add(
                "utf8",
                f"line {n}: not valid UTF-8 on its own (a fold splits a character?): {exc.reason} at byte {exc.start}",
            )
    for kind, c in counts.items():
        if c > _MAX_PER_KIND:
            problems.append(f"... and {c - _MAX_PER_KIND} more of kind {kind!r}")
    return problems


def _content_lines(data: bytes, problems: list[str]) -> list[str]:
    """Content lines (unfolded at the byte level, as RFC 5545 says, then decoded leniently)."""
    unfolded = re.sub(rb"\r?\n[ \t]", b"", data)
    try:
        unfolded.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"not valid UTF-8 even after unfolding: {exc}")
    return [ln for ln in unfolded.decode("utf-8", "replace").replace("\r\n", "\n").split("\n") if ln]


class _Structure:
    """Reads content lines one by one: the BEGIN/END nesting and each top-level component's UID,
    DTSTAMP and RECURRENCE-ID."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        self.stack: list[str] = []
        self.comps: list[dict[str, Any]] = []  # VEVENT / VTODO / VJOURNAL being read or read
        self.current: dict[str, Any] | None = None

    def read(self, ln: str) -> None:
        name = re.split(r"[;:]", ln, maxsplit=1)[0].strip().upper()
        value = ln.split(":", 1)[1] if ":" in ln else ""
        if name == "BEGIN":
            self._begin(value.strip().upper())
        elif name == "END":
            self._end(value.strip().upper())
        elif name == "METHOD" and self.stack == ["VCALENDAR"]:
            self.problems.append(f"METHOD property present ({ln.strip()}): leave it out of feeds and files")
        elif self.current is not None and len(self.stack) == 2:
            self._property(name, value)

    def _begin(self, comp: str) -> None:
        self.stack.append(comp)
        if comp in ("VEVENT", "VTODO", "VJOURNAL") and len(self.stack) == 2:
            self.current = {"kind": comp, "uid": None, "dtstamp": False, "recurrence_id": None}
            self.comps.append(self.current)

    def _end(self, comp: str) -> None:
        if not self.stack or self.stack[-1] != comp:
            self.problems.append(f"END:{comp} does not close {self.stack[-1] if self.stack else 'anything'}")
            return
        self.stack.pop()
        if len(self.stack) == 1:
            self.current = None

    def _property(self, name: str, value: str) -> None:
        assert self.current is not None
        if name == "UID":
            self.current["uid"] = value.strip()
        elif name == "DTSTAMP":
            self.current["dtstamp"] = True
        elif name == "RECURRENCE-ID":
            self.current["recurrence_id"] = value.strip()


def _component_problems(comps: list[dict[str, Any]]) -> list[str]:
    """Components without UID or DTSTAMP, and UIDs used twice (per RECURRENCE-ID)."""
    problems: list[str] = []
    seen: dict[tuple[str, str | None], int] = {}
    for i, c in enumerate(comps, start=1):
        label = f"{c['kind']} #{i}" + (f" ({c['uid']})" if c["uid"] else "")
        if not c["uid"]:
            problems.append(f"{label}: no UID")
        if not c["dtstamp"]:
            problems.append(f"{label}: no DTSTAMP")
        if c["uid"]:
            key = (c["uid"], c["recurrence_id"])
            seen[key] = seen.get(key, 0) + 1
    for (uid, rid), n in seen.items():
        if n > 1:
            problems.append(f"duplicate UID {uid!r}" + (f" (RECURRENCE-ID {rid})" if rid else "") + f": {n} components")
    return problems
