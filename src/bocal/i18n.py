"""The message catalogue: every user-facing sentence declared once, in each language, as data.

`t(key, lang, **fields)` returns the message `key` in `lang` with `{field}`s filled in. The messages
themselves live in `messages.py` (a plain dict literal: no parsing at start-up), one entry per key
with one string per language of `LANGS`. To add a language, add its code to `LANGS` and a string to
each entry of `messages.py`; `tests/test_i18n.py` fails until every entry has it with the same
`{fields}` as the others. Nothing else changes: commands ask `t()`, never `if lang == "ja"`.

A language not in `LANGS` (or an entry missing it during a translation) falls back to English, then
Japanese. An unknown key is a programming error (KeyError), caught by the tests.

Vocabulary that users type as well as read (area names with their Japanese aliases, company types)
is declared in `vocabulary.py`, next to this.
"""

from __future__ import annotations

from typing import Any

from .messages import LANGS, MESSAGES

__all__ = ["LANGS", "t", "has"]

FALLBACK = ("en", "ja")


def t(key: str, lang: str, /, **fields: Any) -> str:
    """The message `key` in `lang` (fallback en, then ja), with `fields` substituted."""
    entry = MESSAGES[key]
    text = entry.get(lang) or next(entry[f] for f in FALLBACK if f in entry)
    return text.format(**fields) if fields else text


def has(key: str) -> bool:
    """True when the catalogue declares `key`."""
    return key in MESSAGES
