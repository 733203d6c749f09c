"""An office's clients: one loader of a clients directory, used by list, export, serve and publish.

A 税理士・社労士事務所 keeps one profile per client company in a directory (`--clients DIR`). Each
`*.toml` entry directly in it is a client (hidden entries are ignored; a visible subdirectory, a
dangling or looping link is reported with its path, never skipped in silence), named by its
`[company] name`, or by the file name when the profile sets none. Its id (in UIDs, file names and
the tokens file) follows the one rule profiles use (`profile.company_id_of`). A client whose profile
is broken is reported with its file and skipped: the others are still loaded, and `Office.problems`
says what was skipped so the CLI can print everything else and then exit with status 2. Two clients
with one id, or a client taking the office's reserved id, get one message wherever they are found
(`admit`), whether `bocal list` reads the directory once or `bocal serve` re-reads it on each edit.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import BocalError, Problem, ProfileError, UsageError, suggest
from .profile import Profile, build_profile, company_id_of
from .textsafe import visible
from .tomlsource import TomlReadError, read_toml

#: The office-wide calendar's file name and feed group; no client may take it.
OFFICE_ID = "office"


@dataclass(frozen=True)
class Client:
    """One client company of the office."""

    name: str  # [company] name, or the file name without .toml
    path: str
    profile: Profile

    @property
    def id(self) -> str:
        """The ASCII id used in UIDs and file names (the profile's company_id)."""
        return self.profile.company_id

    @property
    def stem(self) -> str:
        return Path(self.path).stem


@dataclass(frozen=True)
class Office:
    """The clients that loaded, and a problem for each one that did not (with its file)."""

    directory: str
    clients: tuple[Client, ...]
    problems: tuple[Problem, ...] = ()
    skipped: tuple[str, ...] = ()  # files of the clients left out

    def with_failures(self, failed: Sequence[tuple[Client, BocalError]]) -> Office:
        """This office with the clients whose expansion failed moved to the skipped, with their problems."""
        if not failed:
            return self
        gone = {c.path for c, _ in failed}
        return Office(
            self.directory,
            tuple(c for c in self.clients if c.path not in gone),
            self.problems + tuple(p for _, e in failed for p in e.problems),
            self.skipped + tuple(c.path for c, _ in failed),
        )

    def select(self, names: Sequence[str]) -> tuple[Client, ...]:
        """The clients named (by name, file name or id, or a unique part of a name), in directory order;
        unknown names are errors."""
        if not names:
            return self.clients
        names = [resolve_client(self.clients, n) for n in names]
        wanted = set(names)
        unknown = [n for n in names if not any(n in (c.name, c.stem, c.id) for c in self.clients)]
        if unknown:
            known = [c.name for c in self.clients] + [c.stem for c in self.clients]
            skipped = {Path(p).stem for p in self.skipped}
            problems = []
            for n in unknown:
                if n in skipped:
                    problems.append(Problem(f"client {n!r} was skipped: its profile is broken", key="--client"))
                else:
                    problems.append(
                        Problem(f"no client {n!r} in {self.directory}", key="--client", hint=suggest(n, known))
                    )
            raise UsageError(problems)
        return tuple(c for c in self.clients if wanted & {c.name, c.stem, c.id})


def _fold(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text).casefold()


def resolve_client(clients: Sequence[Client], name: str) -> str:
    """The client a --client text names: its exact name, file name or id, else the one client whose
    name or file name starts with it or contains it (アルファ → 株式会社アルファ). Several matches are an
    error listing them; no match returns the text unchanged (reported by Office.select)."""
    if any(name in (c.name, c.stem, c.id) for c in clients):
        return name
    key = _fold(name)
    for test in (lambda h: h.startswith(key), lambda h: key in h):
        found = [c for c in clients if test(_fold(c.name)) or test(_fold(c.stem))]
        if len(found) == 1:
            return found[0].name
        if found:
            choices = ", ".join(c.name for c in found)
            raise UsageError(Problem(f"{name!r} names {len(found)} clients: {choices}", key="--client"))
    return name


def client_files(directory: str | Path) -> list[str]:
    """The client profiles in `directory`: its *.toml files (not hidden ones), sorted by name."""
    d = str(directory)
    if not os.path.exists(d):
        raise UsageError(Problem("no such directory", path=d, key="--clients"))
    if not os.path.isdir(d):
        raise UsageError(Problem("--clients needs a directory of profiles (one .toml per client)", path=d))
    try:
        names = os.listdir(d)
    except OSError as e:
        raise UsageError(Problem(f"cannot read the directory: {e.strerror or e}", path=d)) from None
    # every visible *.toml entry, whatever it is: a link loop, a dangling link, a directory or an
    # unreadable file is then reported by the reader with its path, never skipped in silence
    files = sorted(os.path.join(d, n) for n in names if n.endswith(".toml") and not n.startswith("."))
    if not files:
        raise UsageError(Problem("no client profiles (*.toml) in the directory", path=d, key="--clients"))
    return files


def load_client(path: str) -> Client:
    """One client profile; raises ProfileError (with the file) when it is broken."""
    try:
        doc = read_toml(path)
    except TomlReadError as e:
        raise ProfileError(e.problem) from None
    profile = build_profile(doc.data, path=path, lines=doc.lines)
    company = doc.data.get("company")
    named = isinstance(company, dict) and isinstance(company.get("name"), str)
    # a file name may carry anything a file system allows: shown as text, never as terminal control
    return Client(profile.name if named else visible(Path(path).stem), path, profile)


def subdirectories(directory: str | Path) -> list[Problem]:
    """A visible subdirectory of the clients directory: its profiles are not read, which is said."""
    d = str(directory)
    try:
        names = sorted(os.listdir(d))
    except OSError:
        return []
    return [
        Problem(
            "is a directory: client profiles in subdirectories are not read",
            path=os.path.join(d, n),
            hint="move its .toml files up, or start its name with a dot to keep it aside",
        )
        for n in names
        if not n.startswith(".") and not n.endswith(".toml") and os.path.isdir(os.path.join(d, n))
    ]


def admit(client: Client, by_id: dict[str, Client]) -> Problem | None:
    """The one check of a client's id against those admitted so far (`by_id`, which it joins when
    the id is free): a duplicate would collide in calendar UIDs, ``office`` is the office's own."""
    first = by_id.get(client.id)
    if first is None and client.id != OFFICE_ID:
        by_id[client.id] = client
        return None
    why = (
        f"id {client.id!r} is already used by {first.path} (calendar UIDs would collide)"
        if first is not None
        else f"id {OFFICE_ID!r} is reserved for the office-wide calendar"
    )
    return Problem(why, path=client.path, key="id", hint="set a different id in [company]")


def admit_all(clients: Iterable[Client]) -> tuple[list[Client], list[Problem]]:
    """The clients whose ids are free (in order), and a problem for each one left out."""
    by_id: dict[str, Client] = {}
    kept, problems = [], []
    for c in clients:
        problem = admit(c, by_id)
        if problem is None:
            kept.append(c)
        else:
            problems.append(problem)
    return kept, problems


def load_office(directory: str | Path) -> Office:
    """Every client in `directory`; broken ones (and clashing ids) are left out and reported, never fatal."""
    problems: list[Problem] = []
    skipped: list[str] = []
    clients: list[Client] = []
    by_id: dict[str, Client] = {}
    for path in client_files(directory):
        try:
            client = load_client(path)
        except ProfileError as e:
            problems.extend(e.problems)
            skipped.append(path)
            continue
        problem = admit(client, by_id)
        if problem is not None:
            problems.append(problem)
            skipped.append(path)
            continue
        clients.append(client)
    problems += subdirectories(directory)
    return Office(str(directory), tuple(clients), tuple(problems), tuple(skipped))


def broken_client_id(path: str) -> str | None:
    """The id a broken client's profile would have (by the one id rule, from whatever of its
    ``[company]`` still reads), so it keeps its feed token and its URL works again once fixed."""
    try:
        company = read_toml(path).data.get("company")
    except (TomlReadError, BocalError, OSError):
        company = None
    table = company if isinstance(company, dict) else {}
    if not isinstance(table.get("id"), str) and Path(path).stem == "bocal" and not isinstance(table.get("name"), str):
        return None
    return company_id_of(table.get("id"), table.get("name"), path)
