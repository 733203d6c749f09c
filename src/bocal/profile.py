"""The company profile: the facts about a company that decide which duties apply and when.

A profile is a TOML file with a `[company]` table (keys defined in `profile_keys.toml`, so the
validator, the conditions and the README share one list), an optional `[calendar]` table (company
closures, extra working days, the UID domain) and an optional `[owners]` table (area → person).
Without a file, the embedded default is used: a March year-end 株式会社 with 25 staff, payday the 25th.
"""

from __future__ import annotations

import calendar as _cal
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from .calendars import Closures
from .errors import Problem, ProfileError, suggest
from .tomlsource import LineIndex, TomlReadError, read_toml

AREAS: dict[str, tuple[str, str]] = {
    "general-affairs": ("総務", "General affairs"),
    "hr": ("人事", "HR"),
    "labor": ("労務", "Labour"),
    "accounting": ("経理", "Accounting"),
    "legal": ("法務", "Legal"),
    "it": ("情報システム", "IT"),
}

TABLES = ("company", "calendar", "owners")
CALENDAR_KEYS = ("closures", "working_days", "uid_domain")
DEFAULT_UID_DOMAIN = "bocal.invalid"


@dataclass(frozen=True)
class KeySpec:
    """One profile key as `profile_keys.toml` defines it."""

    name: str
    type: str
    default: Any
    ja: str
    en: str
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def schema() -> Mapping[str, KeySpec]:
    """The profile keys (profile_keys.toml, as generated into profile_schema.py for start-up speed)."""
    from .profile_schema import KEYS as raw

    out: dict[str, KeySpec] = {}
    for name, spec in raw.items():
        out[name] = KeySpec(
            name=name,
            type=spec["type"],
            default=spec.get("default"),
            ja=spec.get("ja", ""),
            en=spec.get("en", ""),
            min=spec.get("min"),
            max=spec.get("max"),
            choices=tuple(spec.get("choices", ())),
        )
    return out


@dataclass(frozen=True)
class Profile:
    """A validated company profile. `values` holds every schema key (defaults filled in)."""

    values: Mapping[str, Any]
    closures: Closures = Closures()
    owners: Mapping[str, str] = field(default_factory=dict)
    uid_domain: str = DEFAULT_UID_DOMAIN
    path: str | None = None
    company_id: str = "company"

    @property
    def name(self) -> str:
        return str(self.values["name"])

    def get(self, key: str) -> Any:
        return self.values.get(key)

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(self.values.get("areas") or AREAS)


def default_profile() -> Profile:
    """The embedded default company (no file needed)."""
    return build_profile({}, path=None)


def load_profile(path: str | Path) -> Profile:
    """Read and validate a profile file; every problem in it is reported at once."""
    shown = str(path)
    try:
        doc = read_toml(shown)
    except TomlReadError as e:
        raise ProfileError(e.problem) from None
    return build_profile(doc.data, path=shown, lines=doc.lines)


def build_profile(data: Mapping[str, Any], *, path: str | None, lines: LineIndex | None = None) -> Profile:
    """Validate parsed TOML into a Profile, or raise ProfileError listing every problem."""
    lines = lines or LineIndex()
    problems: list[Problem] = []

    def problem(msg: str, table: str, key: str | None = None, hint: str | None = None) -> None:
        problems.append(Problem(msg, path=path, line=lines.line((table, 0), key), key=key, hint=hint))

    for table in data:
        if table not in TABLES:
            problem(
                f"unknown table [{table}]", table, None, suggest(table, TABLES) or f"tables are {', '.join(TABLES)}"
            )
        elif not isinstance(data[table], dict):
            problem(f"{table} must be a table ([{table}])", table)

    company = data.get("company", {}) if isinstance(data.get("company", {}), dict) else {}
    keys = schema()
    values: dict[str, Any] = {k: spec.default for k, spec in keys.items()}
    for key, value in company.items():
        spec = keys.get(key)
        if spec is None:
            problem("unknown key in [company]", "company", key, suggest(key, keys))
            continue
        try:
            values[key] = check_value(spec, value)
        except ValueError as e:
            problem(str(e), "company", key)

    cal = data.get("calendar", {}) if isinstance(data.get("calendar", {}), dict) else {}
    recurring: dict[tuple[int, int], str] = {}
    dated: dict[date, str] = {}
    working: set[date] = set()
    uid_domain = DEFAULT_UID_DOMAIN
    for key, value in cal.items():
        if key not in CALENDAR_KEYS:
            problem("unknown key in [calendar]", "calendar", key, suggest(key, CALENDAR_KEYS))
            continue
        try:
            if key == "closures":
                for item in _as_list(value):
                    _add_closure(item, recurring, dated)
            elif key == "working_days":
                for item in _as_list(value):
                    working.update(_dated_days(item))
            elif key == "uid_domain":
                if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9.-]+", value):
                    raise ValueError("must be a domain name such as example.co.jp")
                uid_domain = value
        except ValueError as e:
            problem(str(e), "calendar", key)

    owners_raw = data.get("owners", {}) if isinstance(data.get("owners", {}), dict) else {}
    owners: dict[str, str] = {}
    for area, person in owners_raw.items():
        if area not in AREAS:
            problem("unknown area in [owners]", "owners", area, suggest(area, AREAS) or f"areas are {', '.join(AREAS)}")
        elif not isinstance(person, str) or not person.strip():
            problem("an owner must be a non-empty string", "owners", area)
        else:
            owners[area] = person.strip()

    if problems:
        raise ProfileError(problems)
    stem = Path(path).stem if path else ""
    if values.get("id"):
        company_id = slug(str(values["id"]))
    elif path is None and not company:
        company_id = "default"
    else:
        company_id = slug(stem if stem and stem != "bocal" else str(values["name"]))
    return Profile(
        values=values,
        closures=Closures(recurring, dated, frozenset(working)),
        owners=owners,
        uid_domain=uid_domain,
        path=path,
        company_id=company_id,
    )


def slug(text: str) -> str:
    """An ASCII id for UIDs: kept as is when already tidy, else a short stable hash of the text."""
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    if cleaned and cleaned.isascii() and len(cleaned) >= 2 and cleaned == text.lower().strip():
        return cleaned
    import hashlib  # only for names that need a hash (keeps start-up light)

    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return f"{cleaned}-{digest}" if cleaned else f"c-{digest}"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


_MD = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_monthday(text: str) -> tuple[int, int]:
    """ "07-10" → (7, 10); rejects impossible dates (02-30) and 02-29, which is not yearly."""
    m = _MD.match(text.strip()) if isinstance(text, str) else None
    if not m:
        raise ValueError(f'expected a month-day such as "07-10", got {text!r}')
    month, day = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r}: month must be 1–12")
    if month == 2 and day == 29:
        raise ValueError(f"{text!r}: 02-29 does not occur every year")
    if not 1 <= day <= _cal.monthrange(2025, month)[1]:
        raise ValueError(f"{text!r}: there is no day {day} in month {month}")
    return month, day


def _parse_date(text: Any) -> date:
    if isinstance(text, date):
        return text
    m = _YMD.match(str(text).strip())
    if not m:
        raise ValueError(f"expected a date such as 2026-08-13, got {text!r}")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


def _dated_days(item: Any) -> list[date]:
    """A date or a range "2026-08-13..2026-08-16" as the list of its days."""
    if isinstance(item, str) and ".." in item:
        a, b = (_parse_date(x) for x in item.split("..", 1))
        if b < a:
            raise ValueError(f"{item!r}: the range ends before it starts")
        if (b - a).days > 366:
            raise ValueError(f"{item!r}: a range longer than a year")
        return [a + timedelta(days=i) for i in range((b - a).days + 1)]
    return [_parse_date(item)]


def _add_closure(item: Any, recurring: dict[tuple[int, int], str], dated: dict[date, str]) -> None:
    """A closure: "08-13..08-16" or "12-28" (every year), a date or date range, or {on, name}."""
    name = "会社休業日"
    if isinstance(item, dict):
        unknown = set(item) - {"on", "name"}
        if unknown or "on" not in item:
            raise ValueError(
                'a closure table needs "on" (and optionally "name"), e.g. {on = "08-13..08-16", name = "夏季休業"}'
            )
        name = str(item.get("name") or name)
        item = item["on"]
    if isinstance(item, date):
        dated[item] = name
        return
    if not isinstance(item, str):
        raise ValueError(f"a closure must be a string or a date, got {item!r}")
    text = item.strip()
    if _YMD.match(text.split("..")[0].strip()):
        for d in _dated_days(text):
            dated[d] = name
        return
    if ".." in text:
        a, b = (parse_monthday(x) for x in text.split("..", 1))
        if b < a:
            raise ValueError(f"{text!r}: a recurring range must not cross the year end; split it in two")
        d = date(2025, *a)
        while (d.month, d.day) <= b:
            recurring[(d.month, d.day)] = name
            d += timedelta(days=1)
        return
    recurring[parse_monthday(text)] = name


def check_value(spec: KeySpec, value: Any) -> Any:
    """Validate one [company] value against its spec; returns the normalised value."""
    t = spec.type
    if t == "str":
        if not isinstance(value, str):
            raise ValueError(f"must be a string, got {_tname(value)}")
        if not value.strip():
            raise ValueError("must not be empty")
        return value
    if t == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, got {value!r}")
        return value
    if t in ("int", "month", "day"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"must be a whole number, got {_tname(value)} {value!r}")
        lo, hi = {"month": (1, 12), "day": (1, 31)}.get(t, (spec.min, spec.max))
        if lo is not None and value < lo:
            raise ValueError(f"must be at least {lo:g}, got {value}")
        if hi is not None and value > hi:
            raise ValueError(f"must be at most {hi:g}, got {value}")
        return value
    if t == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"must be a number, got {_tname(value)}")
        if spec.min is not None and value < spec.min:
            raise ValueError(f"must be at least {spec.min:g}, got {value}")
        if spec.max is not None and value > spec.max:
            raise ValueError(f"must be at most {spec.max:g}, got {value}")
        return value
    if t == "monthday":
        parse_monthday(value)
        return value.strip()
    if t == "monthday-list":
        if not isinstance(value, list):
            raise ValueError('must be a list such as ["07-10", "12-10"]')
        for v in value:
            parse_monthday(v)
        return [v.strip() for v in value]
    if t == "choice":
        if value not in spec.choices:
            raise ValueError(f"must be one of {', '.join(spec.choices)}; got {value!r}" + _hint(value, spec.choices))
        return value
    if t == "str-list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of strings")
        for v in value:
            if spec.choices and v not in spec.choices:
                raise ValueError(f"{v!r} is not one of {', '.join(spec.choices)}" + _hint(v, spec.choices))
        return list(value)
    raise ValueError(f"profile_keys.toml: unknown type {t!r}")


def _hint(value: Any, choices: tuple[str, ...]) -> str:
    s = suggest(str(value), choices)
    return f" ({s})" if s else ""


def _tname(value: Any) -> str:
    return {
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)
