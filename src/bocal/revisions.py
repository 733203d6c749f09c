"""What a calendar already told its readers: per UID, the date, SEQUENCE and DTSTAMP last published.

An imported calendar (Outlook, Google's import) keeps an event whose UID it knows unless SEQUENCE
went up; bocal's stamps are deterministic (`ics.words.stamp_for`, `sequence_for`), so without memory a
profile edit that moves a date (payday 25 → 20) would reach nobody who imported the file before.
The revisions file remembers, per UID, the due date last written with its SEQUENCE and DTSTAMP:

* a UID not seen before gets the deterministic values (so a first export is what it always was);
* a UID whose date moved gets SEQUENCE + 1 and DTSTAMP = 00:00 UTC of `today` (or one second after
  the last stamp when that is later) — that event only;
* an unchanged UID keeps what it had (never lower than the deterministic values).

The result is a function of the inputs, the previous file and `today` (no clock here). The file is
JSON (`{"uid": ["2026-07-24", 2, "2026-12-01T00:00:00+00:00"], …}`), one per calendar file, kept in
bocal's state directory (`$XDG_STATE_HOME/bocal/revisions/`, named by a hash of the calendar's real
path), so nothing appears beside the user's file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from .errors import Problem, UsageError
from .expand import Task


@dataclass(frozen=True)
class Revision:
    """One UID as last published: its due date, SEQUENCE and DTSTAMP."""

    due: date
    sequence: int
    stamp: datetime


def revisions_path(calendar: str | Path, state_dir: str | Path) -> Path:
    """Where the revisions of a calendar file live: STATE_DIR/revisions/<hash of its real path>.json
    (a symlinked -o and its target share one)."""
    import hashlib
    import os

    real = os.path.realpath(calendar)
    name = hashlib.sha1(real.encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return Path(state_dir) / "revisions" / f"{name}.json"


def load_revisions(path: str | Path) -> dict[str, Revision]:
    """The revisions file (none yet: empty); a broken one is a located error, never silently reset."""
    p = Path(path)
    if not p.exists():
        return {}
    try:
        raw = json.loads(p.read_text("utf-8"))
        return {
            uid: Revision(date.fromisoformat(d), int(s), datetime.fromisoformat(st)) for uid, (d, s, st) in raw.items()
        }
    except (OSError, ValueError, TypeError, AttributeError) as e:
        raise UsageError(
            Problem(f"cannot read the calendar's revisions: {e}", path=str(p), hint="delete it to start over")
        ) from None


def dump_revisions(revisions: Mapping[str, Revision]) -> bytes:
    """The revisions as the file holds them (sorted by UID, so the same revisions give the same bytes)."""
    out = {uid: [r.due.isoformat(), r.sequence, r.stamp.isoformat()] for uid, r in sorted(revisions.items())}
    return (json.dumps(out, ensure_ascii=False, indent=0) + "\n").encode("utf-8")


def advance(tasks: Iterable[Task], previous: Mapping[str, Revision], today: date) -> dict[str, Revision]:
    """The revisions after publishing `tasks` (see the module's rules); UIDs not in `tasks` are kept."""
    from .ics.words import sequence_for, stamp_for

    day = datetime.combine(today, time(0, 0), UTC)
    out = dict(previous)
    for t in tasks:
        seq, stamp = sequence_for(t), stamp_for(t)
        prev = previous.get(t.uid)
        if prev is None:
            out[t.uid] = Revision(t.due, seq, stamp)
        elif prev.due != t.due:
            out[t.uid] = Revision(
                t.due, max(prev.sequence + 1, seq), max(day, prev.stamp + timedelta(seconds=1), stamp)
            )
        else:
            out[t.uid] = Revision(t.due, max(prev.sequence, seq), max(prev.stamp, stamp))
    return out
