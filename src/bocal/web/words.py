"""The workspace's own words, in Japanese (the default) and English (``?lang=en`` or ``--lang en``).

They are the catalogue's `web.*` entries (bocal/messages_out.py); the templates get them as one dict
per language, built once, so a template says ``{{ w.save }}``.
"""

from __future__ import annotations

from functools import cache

from ..i18n import t

#: The workspace's words, by the name the templates use (`web.{name}` in the catalogue).
NAMES: tuple[str, ...] = (
    "app",
    "agenda",
    "month",
    "upcoming",
    "overdue",
    "year",
    "progress",
    "work",
    "subscribe",
    "users",
    "signout",
    "signin",
    "today",
    "status",
    "assignee",
    "note",
    "save",
    "done",
    "waiting",
    "na",
    "reopen",
    "client",
    "area",
    "owner",
    "all",
    "filter",
    "none",
    "history",
    "steps",
    "basis",
    "source",
    "period",
    "wareki",
    "seireki",
    "readonly",
    "duty",
    "company",
    "role",
    "add_user",
    "remove",
    "name",
    "link_once",
    "copy",
    "skip",
    "moved",
    "changed_by",
    "when",
    "change",
    "due",
    "days_left",
    "upcoming_tasks",
    "assign_note",
)


@cache
def words(lang: str) -> dict[str, str]:
    """Every workspace word in `lang` (an unknown language gets the catalogue's fallback)."""
    return {name: t(f"web.{name}", lang) for name in NAMES}
