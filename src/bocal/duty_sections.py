"""The section parsers of a [[duty]] table, one per `section` of duty_keys.toml, run in that order.

Each reads its keys through a `Reader` and puts `Duty` fields into `f` (the fields read so far, so
the dates section knows the recurrence kind). Problems go to the reader's collector; a duty with
any problem is dropped by the caller, so the values left in `f` on an error path do not matter.
The `cases` section runs last: its overrides are applied to the finished duty.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from .bounds import MAX_RRULE_COUNT, year_problem
from .conditions import ConditionSyntaxError, compile_condition
from .dates import Expr, parse_expr
from .duty import DEFAULT_REMIND, FISCAL
from .duty_fields import ANCHORED, CASE_KEYS, EVERY, RECURRENCE, Reader, keys_of, vocabulary
from .duty_marks import deadline_kind, parse_dated
from .duty_schema import KEYS
from .errors import suggest

Fields = dict[str, Any]

_N_YEARS = re.compile(r"^(\d+) years$")
_LEAD = re.compile(r"\s*(\d+)\s*(days?|weeks?)\s*")


# -- identity: id, title, title_en, area -------------------------------------------------------------


def identity(r: Reader, f: Fields) -> None:
    for k in keys_of("identity"):
        f[k] = r.read(k) or ""
    f["id"] = f["id"] or r.err.duty_id


# -- recurrence: every (starting, since), for_each, relative_to, rrule ---------------------------------


def recurrence(r: Reader, f: Fields) -> None:
    present = [k for k in RECURRENCE if k in r.raw]
    f["kind"] = "every"
    if len(present) != 1:
        r.err(
            present[1] if len(present) > 1 else None,
            f"give exactly one of {', '.join(RECURRENCE)}" + (f" (found {', '.join(present)})" if present else ""),
        )
    else:
        f["kind"] = RECURRENCE[present[0]]
    f["every"], f["n_years"] = _every(r)
    f["starting"] = _starting(r, f["every"])
    f["since"] = _since(r)
    f["for_each"] = _for_each(r)
    f["relative_to"] = _relative_to(r)
    f["rrule"] = _rrule(r)
    f["on"] = _on(r)
    f["counts_from"] = r.choice("counts_from")


def _every(r: Reader) -> tuple[str | None, int]:
    raw = r.raw.get("every")
    if raw is None:
        return None, 1
    if isinstance(raw, str) and raw in EVERY:
        return raw, 1
    if isinstance(raw, str) and (m := _N_YEARS.match(raw.strip())):
        n = int(m.group(1))
        if not 2 <= n <= 50:
            r.err("every", "N years must be 2–50")
        since = r.raw.get("since")
        if not isinstance(since, int) or isinstance(since, bool):
            r.err("every", f'every = "{raw}" needs since = a year in the cycle (e.g. since = 2025)')
        return "years", n
    r.err(
        "every",
        f"unknown period {raw!r}",
        suggest(str(raw), EVERY) or f'use one of {", ".join(EVERY)} or "N years"',
    )
    return None, 1


def _starting(r: Reader, every: str | None) -> int:
    starting = r.raw.get("starting", KEYS["starting"]["default"])
    if "starting" not in r.raw:
        return int(starting)
    if starting == "fiscal":
        return FISCAL
    if isinstance(starting, bool) or not isinstance(starting, int) or not 1 <= starting <= 12:
        r.err("starting", f'must be a month 1–12 or "fiscal", got {starting!r}')
        return 1
    if every not in ("quarter", "half-year", "year", "years"):
        r.err("starting", "only applies to every = quarter, half-year, year or N years")
    return starting


def _since(r: Reader) -> int | None:
    since = r.raw.get("since")
    if since is not None and (isinstance(since, bool) or not isinstance(since, int) or not 1900 <= since <= 2200):
        r.err("since", f"must be a year, got {since!r}")
        return None
    return since


def _for_each(r: Reader) -> str | None:
    v = r.raw.get("for_each")
    if v is None:
        return None
    keys = r.profile_keys
    if not isinstance(v, str):
        r.err("for_each", f'must be the name of a profile key such as "bonus_dates", got {v!r}')
    elif v not in keys:
        r.err("for_each", f"{v!r} is not a profile key", suggest(str(v), keys))
    elif keys[v].type not in ("monthday-list", "monthday"):
        r.err("for_each", f"profile key {v!r} is not a list of month-days")
    else:
        return v
    return None


def _relative_to(r: Reader) -> str | None:
    v = r.raw.get("relative_to")
    if v is not None and (not isinstance(v, str) or not v):
        r.err("relative_to", "must be a duty id")
        return None
    return v


def _on(r: Reader) -> tuple[str, ...]:
    """`on`: an event kind or a list of them (bocal.events.kinds), each known."""
    v = r.raw.get("on")
    if v is None:
        return ()
    from .events.kinds import KIND_NAMES

    items = [v] if isinstance(v, str) else v if isinstance(v, list) and v else None
    if items is None or not all(isinstance(k, str) for k in items):
        r.err("on", f'must be an event kind such as "hire", or a list of them, got {v!r}')
        return ()
    for k in items:
        if k not in KIND_NAMES:
            r.err("on", f"unknown event kind {k!r}", suggest(k, KIND_NAMES) or f"kinds are {', '.join(KIND_NAMES)}")
    return tuple(items)


def _rrule(r: Reader) -> str | None:
    text = r.raw.get("rrule")
    if text is None:
        return None
    try:
        if not isinstance(text, str):
            raise ValueError("must be a string")
        if "DTSTART" in text.upper():
            raise ValueError("leave DTSTART out; valid_from sets the start")
        from dateutil.rrule import rrulestr  # imported only when a duty has an rrule

        rrulestr(text, dtstart=date(2000, 1, 1), cache=False)  # RFC 5545 first (it names a misspelt FREQ) …
        check_rrule_bounds(text)  # … then what bocal allows of a valid rule
    except (ValueError, TypeError) as e:
        r.err("rrule", f"not a valid RRULE: {e}")
        return None
    return text


#: Duties are dated: a recurrence finer than a day, or pinned to hours, has no deadline to give.
_DATED_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")


def check_rrule_bounds(text: str) -> None:
    """What the rule language allows of an RRULE beyond RFC 5545: dated, and bounded (bounds.py)."""
    parts: dict[str, str] = {}
    for item in text.upper().removeprefix("RRULE:").split(";"):
        key, _, value = item.partition("=")
        parts[key.strip()] = value.strip()
    freq = parts.get("FREQ", "")
    if freq not in _DATED_FREQS:
        raise ValueError(f"FREQ={freq or '?'}: duties are dated; use FREQ={', '.join(_DATED_FREQS)}")
    for p in _TIME_PARTS:
        if p in parts:
            raise ValueError(f"{p}: duties are dated and have no time of day; leave it out")
    for p, most in (("COUNT", MAX_RRULE_COUNT), ("INTERVAL", MAX_RRULE_COUNT)):
        v = parts.get(p)
        if v is not None and (not v.isdigit() or len(v) > 6 or not 1 <= int(v) <= most):
            raise ValueError(f"{p}={v}: must be a whole number from 1 to {most}")
    until = parts.get("UNTIL")
    if until is not None:
        year = int(until[:4]) if until[:4].isdigit() else 0
        out_of_range = year_problem(year)
        if out_of_range:
            raise ValueError(f"UNTIL={until}: {out_of_range}")


# -- dates: due, installments, start ---------------------------------------------------------------


def expr(r: Reader, kind: str, k: str, value: Any) -> Expr | None:
    """One date expression, checked against the recurrence kind (anchored kinds count from an anchor)."""
    if kind == "event":  # events count in the law's own units: "5 days", "10th of next month", "1 month"
        from .events.due import parse_due

        try:
            return parse_due(value)
        except ValueError as exc:
            r.err(k, str(exc))
            return None
    try:
        e = parse_expr(value, r.key_types)
    except ValueError as exc:
        r.err(k, str(exc))
        return None
    if kind in ANCHORED and not e.anchored:
        r.err(k, f'{ANCHORED[kind]} duties need a date counted from the anchor, such as "5 days after"')
        return None
    if kind not in ANCHORED and e.anchored:
        r.err(
            k,
            f'{value!r} counts from an anchor: use for_each or relative_to, or a period form such as "10th of next month"',
        )
        return None
    return e


def exprs(r: Reader, kind: str, k: str, value: Any) -> tuple[Expr, ...]:
    """One expression or a list of them; () when any is wrong (each wrong one reported)."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not items:
        r.err(k, "is an empty list")
    out = tuple(e for v in items if (e := expr(r, kind, k, v)) is not None)
    return out if len(out) == len(items) else ()


def dates(r: Reader, f: Fields) -> None:
    kind, due_raw, inst_raw = f["kind"], r.raw.get("due"), r.raw.get("installments")
    f["due"] = f["installments"] = ()
    if kind == "rrule":
        if due_raw is not None or inst_raw is not None:
            r.err("due", "an rrule duty is due on each occurrence; leave due out")
    elif due_raw is None and inst_raw is None and "cases" not in r.raw:
        r.err("due", "is required (or installments)")
    elif due_raw is not None and inst_raw is not None:
        r.err("installments", "give due or installments, not both")
    else:
        f["due"] = exprs(r, kind, "due", due_raw)
        f["installments"] = exprs(r, kind, "installments", inst_raw)
        if isinstance(due_raw, list) and len(due_raw) > 1:
            _check_due_list(r, f["every"], len(due_raw))
    f["start"] = None
    if "start" in r.raw:
        s = exprs(r, kind, "start", r.raw["start"])
        if isinstance(r.raw["start"], list):
            r.err("start", "must be one date expression")
        f["start"] = s[0] if s else None
    f["dated"] = {}
    if "dated" in r.raw:
        f["dated"] = parse_dated(r.raw["dated"], "dated", len(f["installments"]) or 1, r.err)


def _check_due_list(r: Reader, every: str | None, count: int) -> None:
    per = {"quarter": 4, "half-year": 2}.get(every or "")
    if per is None:
        r.err(
            "due",
            "a list of due dates needs every = quarter (4) or half-year (2); for several dates in one period use installments",
        )
    elif count != per:
        r.err("due", f"every = {every} needs {per} due dates, one per period, got {count}")


# -- closed days: shift, regime, remind ------------------------------------------------------------


def closed_days(r: Reader, f: Fields) -> None:
    f["shift"] = r.choice("shift")
    f["regime"] = r.choice("regime")
    f["start_shift"] = _start_shift(r)
    f["shift_basis"] = r.text("shift_basis")
    f["remind"] = _remind(r)


def _start_shift(r: Reader) -> str | None:
    value = r.raw.get("start_shift")
    if value is None:
        return None
    conventions = vocabulary("conventions")
    if "start" not in r.raw:
        r.err("start_shift", "needs start (the window's opening date)")
    elif not isinstance(value, str) or value not in conventions:
        r.err("start_shift", f"unknown convention {value!r}; use one of {', '.join(conventions)}")
    else:
        return value
    return None


def _remind(r: Reader) -> tuple[int, ...]:
    value = r.raw.get("remind")
    if value is None:
        return DEFAULT_REMIND
    out: list[int] = []
    for v in value if isinstance(value, list) else [value]:
        n = _lead_days(v)
        if n is None:
            r.err("remind", f'{v!r}: a lead time is a number of days (0–366) or "2 weeks"')
        else:
            out.append(n)
    return tuple(sorted(set(out), reverse=True))


def _lead_days(v: Any) -> int | None:
    if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 366:
        return v
    m = _LEAD.fullmatch(v) if isinstance(v, str) else None
    if m:
        n = int(m.group(1)) * (7 if m.group(2).startswith("week") else 1)
        if n <= 366:
            return n
    return None


# -- conditions: when ------------------------------------------------------------------------------


def conditions(r: Reader, f: Fields) -> None:
    f["when"] = None
    if "when" not in r.raw:
        return
    w = r.raw["when"]
    if not isinstance(w, str):
        r.err("when", f'must be a string such as "employees >= 50", got {w!r}')
        return
    try:
        f["when"] = when = compile_condition(w)
    except ConditionSyntaxError as e:
        r.err("when", f"cannot read the condition: {e}")
        return
    known = set(r.profile_keys)
    if f.get("on"):  # an event duty's condition may read the event's attributes too (days_off …)
        from .events.kinds import attributes_of

        known |= attributes_of(f["on"])
    for name in sorted(when.names - known):
        r.err(
            "when",
            f"{name!r} is not a profile key" + (" nor an event attribute" if f.get("on") else ""),
            suggest(name, known),
        )


# -- basis: basis, source --------------------------------------------------------------------------


def basis(r: Reader, f: Fields) -> None:
    f["basis"] = r.text("basis") or ""
    f["deadline"] = deadline_kind(r.raw.get("deadline"), f["basis"], r.err)
    f["source"] = source = r.text("source")
    if source is None and f["basis"].lower() != "customary" and "source" not in r.raw:
        r.err("source", "is required for a statutory duty (an official https page)")
    if source is not None:
        from urllib.parse import urlparse

        u = urlparse(source)
        if u.scheme != "https" or not u.netloc or " " in source:
            r.err("source", f"must be an https URL, got {source!r}")


# -- validity: valid_from, valid_until -------------------------------------------------------------


def validity(r: Reader, f: Fields) -> None:
    f["valid_from"] = valid_from = r.date("valid_from")
    f["valid_until"] = valid_until = r.date("valid_until")
    if valid_from and valid_until and valid_until < valid_from:
        r.err("valid_until", "is before valid_from")


# -- details: submit_to, form, notes (and any further text key declared in this section) -------------


def details(r: Reader, f: Fields) -> None:
    for k in keys_of("details"):
        f[k] = r.read(k)


# -- cases: select + [duty.cases.VALUE] --------------------------------------------------------------


def cases(r: Reader, f: Fields) -> dict[str, Fields]:
    """`select` into `f`; returns the overrides of each case (its Duty fields), by value."""
    select, cases_raw = r.raw.get("select"), r.raw.get("cases")
    f["select"] = select
    if select is not None and cases_raw is None:
        r.err("select", f"select = {select!r} needs one [duty.cases.VALUE] table per value, e.g. [duty.cases.tokyo]")
        return {}
    if select is None and cases_raw is not None:
        r.err("cases", "[duty.cases.*] tables need select = the profile key whose value picks the case")
        return {}
    if select is None:
        return {}
    spec = r.profile_keys.get(select) if isinstance(select, str) else None
    if spec is None:
        r.err("select", f"{select!r} is not a profile key", suggest(str(select), r.profile_keys))
        return {}
    if not isinstance(cases_raw, dict) or not cases_raw:
        r.err("cases", "must hold one table per value, e.g. [duty.cases.tokyo-23]")
        return {}
    out: dict[str, Fields] = {}
    for value, over in cases_raw.items():
        if spec.choices and value not in spec.choices:
            r.err(f"cases.{value}", f"{value!r} is not a value of {select}", suggest(value, spec.choices))
        elif not isinstance(over, dict):
            r.err(f"cases.{value}", "must be a table")
        else:
            out[str(value)] = _case(r, f["kind"], str(value), over)
    missing = set(spec.choices or ()) - set(cases_raw)
    if "due" not in r.raw and "installments" not in r.raw and missing:
        r.err("cases", f"no due date for {select} = {', '.join(sorted(missing))}: add those cases or a default due")
    return out


#: The case keys that are plain texts, copied as given.
_CASE_TEXTS = tuple(k for k in CASE_KEYS if KEYS[k]["type"] in ("text", "url"))


def _case(r: Reader, kind: str, value: str, over: dict[str, Any]) -> Fields:
    for k in over:
        if k not in CASE_KEYS:
            r.err(f"cases.{value}.{k}", "cannot be set per case", f"cases may set {', '.join(CASE_KEYS)}")
    changes: Fields = {k: over[k] if isinstance(over[k], str) else None for k in _CASE_TEXTS if k in over}
    if "due" in over:
        changes["due"] = exprs(r, kind, f"cases.{value}.due", over["due"])
        changes["installments"] = ()
    if "installments" in over:
        changes["installments"] = exprs(r, kind, f"cases.{value}.installments", over["installments"])
        changes["due"] = ()
    if "start" in over:
        s = exprs(r, kind, f"cases.{value}.start", over["start"])
        changes["start"] = s[0] if s else None
    if "dated" in over:
        slots = len(changes.get("installments", r.raw.get("installments") or ())) or 1
        changes["dated"] = parse_dated(over["dated"], f"cases.{value}.dated", slots, r.err)
    return changes


#: The section parsers in the order they run (the order of duty_keys.toml's sections); `cases`
#: runs after them, separately, because its overrides apply to the finished duty.
SECTIONS: tuple[tuple[str, Callable[[Reader, Fields], None]], ...] = (
    ("identity", identity),
    ("recurrence", recurrence),
    ("dates", dates),
    ("closed-days", closed_days),
    ("conditions", conditions),
    ("basis", basis),
    ("validity", validity),
    ("details", details),
)
