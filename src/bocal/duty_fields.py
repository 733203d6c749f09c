"""The duty-key declaration (duty_keys.toml, compiled into duty_schema.py) and the reader that applies it.

`Reader` reads one raw [[duty]] table key by key through the declaration: whether a key is known,
required, which vocabulary a choice draws from, its default. Every problem goes through a
`Collector`, which locates it (file, line, duty, key). The section parsers (duty_sections.py) use
these getters and add what only their keys need.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import date
from typing import Any

from .bounds import year_problem
from .duty_schema import KEYS
from .errors import Problem, suggest
from .tomlsource import LineIndex

#: Every key a [[duty]] table may set, in the declaration's order.
DUTY_KEYS: tuple[str, ...] = tuple(KEYS)
#: The keys a [duty.cases.VALUE] table may set, in the order messages list them.
CASE_KEYS: tuple[str, ...] = tuple(sorted((k for k in KEYS if "case" in KEYS[k]), key=lambda k: int(KEYS[k]["case"])))
#: key → the recurrence kind it picks (every, for_each, relative, rrule): a duty gives exactly one.
RECURRENCE: dict[str, str] = {k: str(s["recurrence"]) for k, s in KEYS.items() if "recurrence" in s}
#: kind → its key, for the kinds whose dates count from an anchor ("5 days after").
ANCHORED: dict[str, str] = {str(s["recurrence"]): k for k, s in KEYS.items() if s.get("anchored")}
#: The values of `every` besides "N years".
EVERY = ("month", "quarter", "half-year", "year", "fiscal-year")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def keys_of(section: str) -> tuple[str, ...]:
    """The keys a section parser reads, in the declaration's order."""
    return tuple(k for k, s in KEYS.items() if s["section"] == section)


def sections() -> tuple[str, ...]:
    """The sections the declaration names, in order of first appearance."""
    return tuple(dict.fromkeys(str(s["section"]) for s in KEYS.values()))


def vocabulary(name: str) -> Collection[str]:
    """The values a choice key may take, by the vocabulary name the declaration gives."""
    from .calendars import CONVENTIONS, REGIMES
    from .duty_marks import DEADLINE_KINDS
    from .profile import AREAS

    vocabularies: dict[str, Collection[str]] = {
        "areas": AREAS,
        "conventions": CONVENTIONS,
        "regimes": REGIMES,
        "periods": EVERY,
        "deadlines": DEADLINE_KINDS,
        "event-anchors": ("date", "day-after"),
    }
    return vocabularies[name]


class Collector:
    """Records problems for one duty with its location filled in; `count` says whether any were found."""

    def __init__(self, path: str, lines: LineIndex, index: int, duty_id: str | None, problems: list[Problem]):
        self.path, self.lines, self.index, self.duty_id, self.problems = path, lines, index, duty_id, problems
        self.count = 0

    def __call__(self, key: str | None, message: str, hint: str | None = None) -> None:
        self.count += 1
        self.problems.append(
            Problem(
                message,
                path=self.path,
                line=self.lines.line(("duty", self.index), key),
                duty=self.duty_id,
                key=key,
                hint=hint,
            )
        )


class Reader:
    """One raw [[duty]] table, read through the declaration; problems go to `err`."""

    def __init__(self, raw: Mapping[str, Any], err: Collector, profile_keys: Mapping[str, Any]) -> None:
        self.raw, self.err = raw, err
        self.profile_keys = profile_keys  # name → profile KeySpec
        self.key_types: dict[str, str] = {k: s.type for k, s in profile_keys.items()}
        self.misspelt: set[str] = set()  # keys an unknown key probably meant: "titel" is one mistake, not two

    def check_known(self) -> None:
        """Report every key the declaration does not know, with the key it probably meant."""
        for k in self.raw:
            if k not in KEYS:
                self.err(k, "unknown key", suggest(k, DUTY_KEYS))
                import difflib  # only on error paths (~3 ms to import)

                self.misspelt.update(difflib.get_close_matches(k, DUTY_KEYS, n=1, cutoff=0.6))

    def text(self, k: str) -> str | None:
        """A non-empty string, stripped; "is required" when the declaration says so and it is missing."""
        v = self.raw.get(k)
        if v is None:
            if KEYS[k].get("required") is True and k not in self.misspelt:
                self.err(k, "is required")
            return None
        if not isinstance(v, str) or not v.strip():
            self.err(k, f"must be a non-empty string, got {v!r}")
            return None
        return v.strip()

    def ident(self, k: str) -> str | None:
        """A text that is an id: lower-case letters, digits and single hyphens."""
        v = self.text(k)
        if v is not None and not _ID.match(v):
            self.err(k, f"{v!r}: use lower-case letters, digits and single hyphens (e.g. withholding-tax)")
        return v

    def choice(self, k: str) -> str | None:
        """A value from the key's vocabulary; a required choice is first a text, an optional one has a default."""
        spec = KEYS[k]
        name, noun = str(spec["values"]), spec["noun"]
        vocab = vocabulary(name)
        if spec.get("required") is True:
            v = self.text(k)
            if v is not None and v not in vocab:
                self.err(k, f"unknown {noun} {v!r}", suggest(v, vocab) or f"{name} are {', '.join(vocab)}")
            return v
        default = str(spec["default"])
        value = self.raw.get(k, default)
        if not isinstance(value, str) or value not in vocab:
            self.err(k, f"unknown {noun} {value!r}", suggest(str(value), vocab) or f"use one of {', '.join(vocab)}")
            return default
        return value

    def date(self, k: str) -> date | None:
        """A TOML date (or an ISO date string) in the supported years (bounds.FIRST_YEAR–LAST_YEAR)."""
        v = self.raw.get(k)
        if v is None:
            return None
        day: date | None = None
        if isinstance(v, date) and not hasattr(v, "hour"):
            day = v
        elif isinstance(v, str):
            try:
                day = date.fromisoformat(v)
            except ValueError:
                if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v.strip()):
                    self.err(k, f"{v!r} is not a real date")
                    return None
        if day is None:
            self.err(k, f"must be a date such as 2026-07-01, got {v!r}")
            return None
        out_of_range = year_problem(day.year)
        if out_of_range:
            self.err(k, out_of_range)
            return None
        return day

    def read(self, k: str) -> Any:
        """The key read by its declared type's getter (text, id, url, choice, date)."""
        getters: dict[str, Callable[[str], Any]] = {
            "text": self.text,
            "id": self.ident,
            "url": self.text,
            "choice": self.choice,
            "date": self.date,
        }
        return getters[str(KEYS[k]["type"])](k)
