"""Content lines folded at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1).

icalendar folds between characters today, but the output is refolded here anyway: a fold inside a
UTF-8 character is the one defect every client shows as "��", so it is not left to a dependency's
version.
"""

from __future__ import annotations

import re
from typing import Any

MAX_OCTETS = 75
_FOLD = re.compile(rb"\r?\n[ \t]")


def fold(data: bytes) -> bytes:
    """Unfold, then fold every content line at ≤ 75 octets, only between UTF-8 characters; CRLF."""
    out: list[bytes] = []
    for line in _FOLD.sub(b"", data).splitlines():
        out.append(fold_line(line.decode("utf-8")))
    return b"".join(out)


def fold_line(line: str) -> bytes:
    """One content line as CRLF-terminated physical lines of at most 75 octets each.

    Cuts by octet offset and steps back off UTF-8 continuation bytes (10xxxxxx), so each cut falls
    between characters: a few steps a line rather than a step per character (the export's hot loop).
    """
    raw = line.encode("utf-8")
    if len(raw) <= MAX_OCTETS:
        return raw + b"\r\n"
    parts: list[bytes] = []
    pos, limit, n = 0, MAX_OCTETS, len(raw)
    while n - pos > limit:
        cut = pos + limit
        while raw[cut] & 0xC0 == 0x80:
            cut -= 1
        parts.append(raw[pos:cut])
        pos, limit = cut, MAX_OCTETS - 1  # a continuation line starts with a space
    parts.append(raw[pos:])
    return b"\r\n ".join(parts) + b"\r\n"


def serialize(component: Any) -> bytes:
    """An icalendar component's content lines (icalendar makes every line: names, parameters,
    escaping, order), each folded by `fold_line`: the bytes of ``fold(component.to_ical())``
    without icalendar folding every line first only to be unfolded here (half its time)."""
    return b"".join(fold_line(str(line)) for line in component.content_lines() if line)
