"""Text that crosses into a terminal, a spreadsheet or a calendar stays text.

Three edges, one module:

- input: `control_problem` says what is wrong with a string that carries a control character
  (ESC, CR, DEL, C1, the Unicode line separators, bidi overrides); the TOML reader refuses such
  values where the file is read, so names in profiles and rules are plain text everywhere after;
- terminal: `visible` writes any control character that still reaches a message (a file name, a
  command-line value) as a `\\xNN` escape, so nothing a user typed can move the cursor, change the
  title or colour of a terminal;
- spreadsheet: `csv_cell` neutralises a cell that Excel or LibreOffice would read as a formula
  (one starting with = + - @, or a tab or CR) by putting an apostrophe before it (OWASP's advice).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: C0 (except TAB and LF), DEL, C1, LINE/PARAGRAPH SEPARATOR, bidi embeddings/overrides/isolates.
#: Lone surrogates (U+D800–DFFF) are how Python carries bytes that were not UTF-8 (argv, file names).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_CONTROL_OR_NL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def control_problem(text: str, *, newlines: bool = True) -> str | None:
    """The message for the first control character in `text`, or None when it has none.

    TAB is always allowed; LF only when `newlines` (multi-line notes may have them, names not)."""
    m = (_CONTROL if newlines else _CONTROL_OR_NL).search(text)
    if m is None:
        return None
    if "\ud800" <= m.group() <= "\udfff":
        return "is not valid UTF-8 text (check the terminal's or the file's encoding)"
    what = "a line break" if m.group() in "\n\u2028\u2029" else "a control character"
    return f"contains {what} (U+{ord(m.group()):04X}); remove it (names must be plain one-line text)"


def _escape(m: re.Match[str]) -> str:
    c = ord(m.group())
    if 0xDC80 <= c <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape): show the byte
        return f"\\x{c - 0xDC00:02x}"
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def visible(text: str) -> str:
    """`text` with every control character (LF too) written as an escape: safe on one terminal line."""
    return _CONTROL_OR_NL.sub(_escape, text)


def visible_lines(text: str) -> str:
    """Like `visible`, but keeps line breaks: for multi-line terminal output."""
    return _CONTROL.sub(_escape, text)


def csv_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: a string that would start a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]
