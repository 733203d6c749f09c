"""What each feed of an office is made of: the office calendars by area and by owner (the plan), a
client's calendar keys, and a client calendar assembled from its rendered tasks. Shared by serving
(`server.office`) and publishing (`server.publish`)."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..ics import RenderedTask, assemble, calendar_texts, office_texts
from ..office import Client
from .company import FeedOptions

OWNER_PREFIX = "owner-"
#: The office feeds' window: last month to twelve months ahead (a client's own feeds keep 37
#: months). What an office plans with, and what keeps its busiest feed under 1 MB at 1,000 clients.
OFFICE_MONTHS_BACK = 1
OFFICE_MONTHS_AHEAD = 12


def owner_key(name: str) -> str:
    """A URL-safe file name for an owner: ``owner-`` + the ASCII part + a short hash (Japanese names
    have no ASCII part: ``owner-3fa2c1d0``); different names never share one."""
    ascii_part = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-")
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{OWNER_PREFIX}{ascii_part}-{digest}" if ascii_part else f"{OWNER_PREFIX}{digest}"


@dataclass(frozen=True)
class OfficeCalendar:
    """One office feed: its key (file name stem), texts, and which areas of which clients it holds."""

    key: str
    name: str
    description: str
    members: tuple[tuple[int, frozenset[str]], ...]  # (index in the clients, areas)


def office_plan(clients: Sequence[Client], lang: str, span: tuple[date, date] | None = None) -> list[OfficeCalendar]:
    """The office feeds: one per area some client has (in the usual area order), then one per owner
    (in order of first appearance); `span` (the feed window) for the horizon note."""
    from ..describe import area_name
    from ..profile import AREAS

    plan = []
    for area in AREAS:
        members = tuple((i, frozenset([area])) for i, c in enumerate(clients) if area in c.profile.areas)
        if members:
            texts = office_texts(len(members), lang, what=area_name(area, lang), span=span)
            plan.append(OfficeCalendar(area, *texts, members))
    owners: dict[str, list[tuple[int, frozenset[str]]]] = {}
    for i, c in enumerate(clients):
        mine: dict[str, set[str]] = {}
        for area, who in c.profile.owners.items():
            if area in c.profile.areas:
                mine.setdefault(who, set()).add(area)
        for who, areas in mine.items():
            owners.setdefault(who, []).append((i, frozenset(areas)))
    for who, members_list in owners.items():
        texts = office_texts(len(members_list), lang, what=who, span=span)
        plan.append(OfficeCalendar(owner_key(who), *texts, tuple(members_list)))
    return plan


def client_keys(client: Client, lang: str) -> list[tuple[str, str]]:
    """(key, label) of a client's feeds: ``all``, then one per area of its profile."""
    return [
        (area or "all", calendar_texts(client.profile.name, lang, area=area)[0])
        for area in (None, *client.profile.areas)
    ]


def feed_profile(client: Client, opts: FeedOptions) -> Any:
    return dataclasses.replace(client.profile, uid_domain=opts.uid_domain) if opts.uid_domain else client.profile


def client_calendar(
    rendered: Sequence[RenderedTask], client: Client, key: str, lang: str, span: tuple[date, date] | None = None
) -> bytes:
    """One client calendar from its rendered tasks: the bytes `feed.render_company` makes."""
    return client_calendars(rendered, client, [key], lang, span)[key]


def client_calendars(
    rendered: Sequence[RenderedTask],
    client: Client,
    keys: Iterable[str],
    lang: str,
    span: tuple[date, date] | None = None,
) -> dict[str, bytes]:
    """The client calendars `keys` (``all`` and areas) from its rendered tasks, the tasks sorted
    into their areas once."""
    by_area: dict[str, list[RenderedTask]] = {}
    for r in rendered:
        by_area.setdefault(r.task.duty.area, []).append(r)
    out = {}
    for key in keys:
        area = None if key == "all" else key
        name, desc = calendar_texts(client.profile.name, lang, area=area, span=span)
        out[key] = assemble(name, desc, rendered if area is None else by_area.get(area, ()))
    return out
