"""An office's clients: a directory of company profiles, one TOML file per client.

A 税理士・社労士事務所 keeps one profile per client company in a directory (`--clients DIR`). Each
`*.toml` file directly in it is a client (hidden files and subdirectories are ignored), named by its
`[company] name`, or by the file name when the profile sets none. A client whose profile is broken
is reported with its file and skipped: the others are still loaded, and `Office.problems` says what
was skipped so the CLI can print everything else and then exit with status 2.

Expansion streams client by client (`expand_clients`), sharing the Expander's cache, so a thousand
clients cost little more than their distinct fiscal year ends, and never hold every client's tasks
at once unless the caller does.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .errors import BocalError, Problem, ProfileError, UsageError, suggest
from .expand import Expander, Task
from .profile import Profile, build_profile
from .textsafe import visible
from .tomlsource import TomlReadError, read_toml

#: The office-wide calendar's file name in `bocal export --clients`; no client may take it.
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
        """The clients named (by name, file name or id), in directory order; unknown names are errors."""
        if not names:
            return self.clients
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


def load_clients(directory: str | Path) -> Office:
    """Every client in `directory`; broken ones are left out and reported, never fatal."""
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
        first = by_id.get(client.id)
        if first is not None or client.id == OFFICE_ID:
            why = (
                f"id {client.id!r} is already used by {first.path} (calendar UIDs would collide)"
                if first is not None
                else f"id {OFFICE_ID!r} is reserved for the office-wide calendar"
            )
            problems.append(Problem(why, path=path, key="id", hint="set a different id in [company]"))
            skipped.append(path)
            continue
        by_id[client.id] = client
        clients.append(client)
    problems += subdirectories(directory)
    return Office(str(directory), tuple(clients), tuple(problems), tuple(skipped))


def expand_clients(
    expander: Expander,
    clients: Iterable[Client],
    start: date,
    end: date,
    *,
    areas: Sequence[str] | None = None,
    failed: list[tuple[Client, BocalError]] | None = None,
) -> Iterator[tuple[Client, list[Task]]]:
    """Each client with its tasks in [start, end], one client at a time.

    A client whose expansion fails (its closures leave a month without the business day a rule
    counts to, say) is left out and recorded in `failed` when it is given — one broken client never
    stops the others — and raised otherwise."""
    for c in clients:
        try:
            tasks = expander.expand(c.profile, start, end, areas=areas)
        except BocalError as e:
            if failed is None:
                raise
            failed.append((c, e))
            continue
        yield c, tasks


def office_tasks(
    expander: Expander,
    clients: Sequence[Client],
    start: date,
    end: date,
    *,
    areas: Sequence[str] | None = None,
    failed: list[tuple[Client, BocalError]] | None = None,
) -> list[tuple[Client, Task]]:
    """Every client's tasks in one list, ordered by due date, then client (directory order), then task."""
    rows: list[tuple[Any, Client, Task]] = []
    for i, (c, tasks) in enumerate(expand_clients(expander, clients, start, end, areas=areas, failed=failed)):
        rows.extend(((t.due, i, j), c, t) for j, t in enumerate(tasks))
    rows.sort(key=lambda r: r[0])
    return [(c, t) for _, c, t in rows]


# -- rendering --------------------------------------------------------------------------------------


def client_records(rows: Iterable[tuple[Client, Task]], lang: str = "ja") -> list[dict[str, Any]]:
    """JSON/CSV records: the single-company fields plus `client` (its name)."""
    from .render import task_record

    return [{"client": c.name, **task_record(t, lang)} for c, t in rows]


def to_json(rows: Iterable[tuple[Client, Task]], lang: str = "ja") -> str:
    import json

    return json.dumps(client_records(rows, lang), ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: Iterable[tuple[Client, Task]], lang: str = "ja", *, bom: bool = False) -> str:
    import csv
    import io

    from .render import CSV_COLUMNS
    from .textsafe import csv_row  # a cell Excel would run as a formula (=, +, -, @) is kept as text

    buf = io.StringIO()
    if bom:
        buf.write("\ufeff")
    w = csv.writer(buf, lineterminator="\r\n")
    columns = ("client", *CSV_COLUMNS)
    w.writerow(columns)
    for rec in client_records(rows, lang):
        w.writerow(csv_row("" if rec[k] is None else rec[k] for k in columns))
    return buf.getvalue()


def to_table(rows: Sequence[tuple[Client, Task]], lang: str = "ja") -> str:
    """Date, client, area, title (and the owner in brackets when the profile names one)."""
    from .calendars import format_md
    from .describe import area_name
    from .render import pad, width

    if not rows:
        return ("該当する期限はありません。" if lang == "ja" else "No deadlines in this range.") + "\n"
    cells = []
    for c, t in rows:
        owner = f"  [{t.owner}]" if t.owner else ""
        cells.append(
            (
                format_md(t.due, lang) + ("*" if t.moved else " "),
                c.name,
                area_name(t.duty.area, lang),
                t.title(lang) + owner,
            )
        )
    w = [max(width(r[k]) for r in cells) for k in range(3)]
    lines = [f"{pad(a, w[0])}  {pad(b, w[1])}  {pad(ar, w[2])}  {title}" for a, b, ar, title in cells]
    if any(t.moved for _, t in rows):
        lines.append("* " + ("休日のため期日が移動" if lang == "ja" else "moved off a closed day"))
    return "\n".join(lines) + "\n"


# -- export -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    files: tuple[str, ...]  # client calendars, then the office-wide one
    events: int  # tasks in the client calendars (the office-wide one holds the same again)


def office_calendar_texts(count: int, lang: str = "ja") -> tuple[str, str]:
    """The office-wide calendar's name and description."""
    if lang == "ja":
        return (
            f"事務所 期限カレンダー（{count}社）",
            f"顧問先{count}社の法定・慣行上の期限（bocal）。各予定の件名に顧問先名。",
        )
    return (
        f"Office deadlines ({count} clients)",
        f"Deadlines of {count} client companies (bocal); each title names the client.",
    )


def office_components(client: Client, task: Task, opts: Any) -> bytes:
    """The task's components for office.ics: as in the client's own calendar, titled with the client."""
    from icalendar import vText

    from .ical import _event, _todo, fold

    out = b""
    comps: list[Any] = []
    if task.start is not None and task.start < task.due and opts.windows == "both":
        comps.append(_event(task, opts, opening=True))
    comps.append(_event(task, opts, opening=False))
    if opts.todo:
        comps.append(_todo(task, opts))
    for comp in comps:
        prefix = f"【{client.name}】" if opts.lang == "ja" else f"[{client.name}] "
        comp["summary"] = vText(prefix + str(comp["summary"]))
        out += fold(comp.to_ical())
    return out


def export_office(
    expander: Expander,
    clients: Sequence[Client],
    directory: str | Path,
    start: date,
    end: date,
    *,
    lang: str = "ja",
    alarms: bool = True,
    todo: bool = False,
    windows: str = "both",
    areas: Sequence[str] | None = None,
    failed: list[tuple[Client, BocalError]] | None = None,
) -> ExportResult:
    """Write DIR/<client id>.ics for each client and DIR/office.ics with every client's events.

    Client by client: one client's tasks and calendar are in memory at a time, and the office-wide
    file is streamed (atomically renamed into place at the end). Each client's file is byte-identical
    to `bocal export --profile` of its profile with the same options.
    """
    from .atomic import write_atomic, write_atomic_chunks
    from .ical import _END, ExportOptions, assemble, calendar_header, calendar_texts, render_tasks

    opts = ExportOptions(lang=lang, alarms=alarms, todo=todo, windows=windows)
    out = Path(directory)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(Problem(f"cannot create the directory: {e.strerror or e}", path=str(out))) from None
    files: list[str] = []
    events = 0

    def office_chunks() -> Iterator[bytes]:
        nonlocal events
        yield calendar_header(*office_calendar_texts(len(clients), lang))
        for client, tasks in expand_clients(expander, clients, start, end, areas=areas, failed=failed):
            path = out / f"{client.id}.ics"
            name, desc = calendar_texts(client.profile.name, lang, span=(start, end))
            try:
                write_atomic(path, assemble(name, desc, render_tasks(tasks, opts)))
            except OSError as e:
                raise UsageError(Problem(f"cannot write the file: {e.strerror or e}", path=str(path))) from None
            files.append(str(path))
            events += len(tasks)
            for t in tasks:
                yield office_components(client, t, opts)
        yield _END

    office = out / f"{OFFICE_ID}.ics"
    try:
        write_atomic_chunks(office, office_chunks())
    except OSError as e:
        raise UsageError(Problem(f"cannot write the file: {e.strerror or e}", path=str(office))) from None
    files.append(str(office))
    return ExportResult(tuple(files), events)
