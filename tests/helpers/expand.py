"""Expand one duty of a catalog for a profile: the tasks, or only their due dates (2025–2027 unless given)."""

from __future__ import annotations

from datetime import date

from bocal.expand import Expander, Task
from bocal.profile import Profile
from bocal.rules import Catalog

START, END = date(2025, 1, 1), date(2027, 12, 31)


def tasks(catalog: Catalog, profile: Profile, duty: str, start: date = START, end: date = END) -> list[Task]:
    return Expander(catalog).expand(profile, start, end, duties=[duty])


def dues(catalog: Catalog, profile: Profile, duty: str, start: date = START, end: date = END) -> list[date]:
    return [t.due for t in tasks(catalog, profile, duty, start, end)]
