"""Deadlines that events set off: hires, leavers, accidents, breaches, officer changes (issue #15).

    model.py    Event (frozen): id, kind, date, person, client, note, attributes; make_event, ids
    kinds.py    the event kinds, declared once: labels, what DATE means, attributes and defaults
    due.py      due forms relative to an event's date ("5 days", "10th of next month" …)
    catalog.py  EventDuty (a rules.Duty) and the loader of schedules/events-*.toml
    tasks.py    event × duty → expand.Task (uid from the event and the duty)
    csvimport.py  `bocal event import`: rows of a roster → events, with a column mapping
    store.py    the events tables in the task store (migration m0010_events) and their history
    locate.py   add the stored events to a profile or an office (without importing the store
                when there is none)
    explain.py  `bocal explain DUTY EVENT` for a duty an event sets off

Only the model and the kinds are imported here: the profile reads `[[event]]` tables through
them, and the catalog imports the profile.
"""

from __future__ import annotations

from .kinds import KIND_BY_NAME, KIND_NAMES, KINDS, Attribute, EventKind
from .model import Event, event_id, make_event

__all__ = ["KINDS", "KIND_BY_NAME", "KIND_NAMES", "Attribute", "Event", "EventKind", "event_id", "make_event"]
