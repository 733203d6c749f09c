"""Errors that carry where the bad input is, so the CLI can point a person at the file, line, duty and key.

The library raises these and never prints; `cli.py` turns them into messages and exit status 2.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as the input allows."""

    message: str
    path: str | None = None
    line: int | None = None
    duty: str | None = None
    key: str | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        subject = []
        if self.duty:
            subject.append(f'duty "{self.duty}"')
        if self.key:
            subject.append(f'key "{self.key}"')
        text = where + (", ".join(subject) + ": " if subject else "") + self.message
        if self.hint:
            text += f" ({self.hint})"
        # one line, and nothing a file name or a typed value carries can drive the terminal
        from .textsafe import visible

        return visible(text)


class BocalError(Exception):
    """Base of every error bocal raises about its input: one or more located problems."""

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = (problems,) if isinstance(problems, Problem) else tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ProfileError(BocalError):
    """A company profile that cannot be used."""


class RuleError(BocalError):
    """Rule files (schedules) that cannot be used."""


class UsageError(BocalError):
    """A request that makes no sense (an unknown duty id, an empty date range)."""


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The close match to offer for a misspelt key or value ("did you mean …?")."""
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f'did you mean "{found[0]}"?' if found else None
