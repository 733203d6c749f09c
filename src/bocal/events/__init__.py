"""Deadlines that events set off: hires, leavers, accidents, breaches, officer changes (issue #15).

    model.py    Event (frozen): id, kind, date, person, client, note, attributes; make_event, ids
    kinds.py    the event kinds, declared once: labels, what DATE means, attributes and defaults
    due.py      due forms relative to an event's date ("5 days", "10th of next month" …)
    tasks.py    the "event" recurrence kind: one occurrence per recorded event (kinds.KINDS["event"]);
                event duties are [[duty]] tables with `on = "hire"` in schedules/events-*.toml
    csvimport.py  `bocal event import`: rows of a roster → events, with a column mapping
    store.py    the events tables in the task store (migration m0010_events) and their history
    locate.py   add the stored events to a profile or an office (without importing the store
                when there is none)
    explain.py  `bocal explain DUTY EVENT` for a duty an event sets off

Nothing is imported here: the profile imports `model` (for `[[event]]` tables) on every run, so
the package stays free to import.
"""

from __future__ import annotations
