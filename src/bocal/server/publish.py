"""Static publishing: the bytes `bocal serve` answers, written by the one static writer."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import Problem, UsageError
from ..expand import Task
from ..ics import Builder, StaticWriter
from ..ics.digest import OfficeDigest, Templates, stream_office
from ..ics.write import WritePool
from ..office import OFFICE_ID, Client
from ..state import NO_STATE, StateView
from .company import CompanyFeeds, FeedOptions, Inputs
from .index import index_html
from .office import OfficeFeeds
from .plan import OfficeCalendar, client_calendars, office_plan
from .snapshot import Snapshot
from .tokens import TOKEN_RE, check_token

log = logging.getLogger("bocal.feed")


def write_group(
    writer: StaticWriter, snapshot: Snapshot, bodies: Mapping[str, bytes], base: str, *, finish: bool = True
) -> None:
    """A token directory: each calendar (its mtime its Last-Modified), the index, stale files removed
    (by ``writer.finish()``, now or, with ``finish=False``, by the caller once all are written)."""
    for key, body in bodies.items():
        writer.write(f"{key}.ics", body, mtime=snapshot.calendars[key].rendered.last_modified)
    writer.write("index.html", index_html(snapshot, base))
    if finish:
        writer.finish()  # an area dropped from the profile: its feed goes too


def publish(snapshot: Snapshot, directory: str | Path, token: str, base_url: str | None) -> list[Path]:
    """Write ``DIR/{token}/index.html`` and one .ics per calendar, each atomically; returns the paths.

    Without ``base_url`` the index's links are relative (the subscribe buttons need an absolute URL,
    so pass the address the directory will be served at)."""
    writer = StaticWriter(Path(directory) / check_token(token), owned=True)
    base = f"{base_url.rstrip('/')}/{token}/" if base_url else ""
    write_group(writer, snapshot, {e.key: e.rendered.body for e in snapshot.calendars.values()}, base)
    return writer.written


def publish_company(
    inputs: Inputs,
    directory: str | Path,
    token: str,
    base_url: str | None,
    *,
    today: date,
    options: FeedOptions | None = None,
    state: StateView = NO_STATE,
) -> list[Path]:
    """`bocal publish` for one company: its feeds for `today`, written as `publish` writes them."""
    feeds = CompanyFeeds(inputs, today=lambda: today, options=options, state=state)
    return publish(feeds.snapshot(), directory, token, base_url)


def existing_token(directory: str | Path) -> str | None:
    """The one token directory already in `directory` (None if none); several are a UsageError."""
    try:
        names = os.listdir(directory)
    except OSError:
        return None
    found = sorted(n for n in names if TOKEN_RE.fullmatch(n) and os.path.isdir(os.path.join(directory, n)))
    if len(found) > 1:
        raise UsageError(Problem(f"{len(found)} token directories here: say which with --token", path=str(directory)))
    return found[0] if found else None


@dataclass
class PublishResult:
    files: int = 0
    clients: int = 0
    removed: list[str] = field(default_factory=list)  # token directories of revoked or removed feeds


class _OfficeFiles:
    """The office feeds, gathered while the clients are walked (one `OfficeDigest` each, filled by
    the clients and areas its plan names), written when every client is in."""

    def __init__(self, writer: StaticWriter, plan: Sequence[OfficeCalendar], feeds: OfficeFeeds) -> None:
        self.writer = writer
        self.plan = plan
        templates: Templates = {}  # an event's template is shared by every feed it is in
        self.digests = {cal.key: OfficeDigest(feeds.options, feeds.state, templates) for cal in plan}
        self.wants: dict[int, list[tuple[frozenset[str], OfficeDigest]]] = {}
        for cal in plan:
            for i, areas in cal.members:
                self.wants.setdefault(i, []).append((areas, self.digests[cal.key]))

    def add(self, i: int, tasks: Sequence[Task], name: str) -> None:
        """Client `i`'s tasks (in the office window) into each office calendar that wants their area."""
        for areas, digest in self.wants.get(i, []):
            digest.add(tasks, name, areas)

    def commit(self, snapshot: Snapshot) -> None:
        for cal in self.plan:
            mtime = snapshot.calendars[cal.key].rendered.last_modified
            self.writer.write(
                f"{cal.key}.ics", stream_office(cal.name, cal.description, self.digests[cal.key]), mtime=mtime
            )


def publish_office(
    feeds: OfficeFeeds,
    out_dir: str | Path,
    base_url: str,
    *,
    only: Sequence[Client] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PublishResult:
    """Write OUT/TOKEN/… for each client and for the office, the bytes `feeds` would serve.

    Client by client: its events are rendered once, its own calendars written, and its events appended
    to the office files (open side by side, renamed into place when every client is done). With
    `only`, just those clients' files are written and the office feeds are left as they are."""
    out = Path(out_dir)
    lang = feeds.options.lang
    result = PublishResult()
    chosen = {c.id for c in (only if only is not None else feeds.clients)}
    office_token = feeds.office_token or feeds.tokens.office
    assert office_token is not None
    office_snap = feeds.snapshots[OFFICE_ID]
    today = feeds.today()
    window = feeds.window(today)
    office_window = feeds.office_window(today)
    plan = office_plan(feeds.clients, lang, office_window) if only is None else []
    builder = Builder(feeds.options, feeds.state)
    office_writer = StaticWriter(out / office_token, owned=True) if plan else None
    office = _OfficeFiles(office_writer, plan, feeds) if office_writer is not None else None
    pool = WritePool()
    client_writers: list[StaticWriter] = []
    try:
        for i, c in enumerate(feeds.clients):
            if c.id not in chosen:
                continue
            snap = feeds.snapshots[c.id]
            tasks = feeds.tasks(c, None, today)
            rendered = builder.render_all(tasks)
            token = feeds.tokens.clients[c.id]
            cals = client_calendars(rendered, c, snap.calendars, lang, window)
            writer = StaticWriter(out / token, owned=True, pool=pool)  # fsync on the pool, overlapped
            write_group(writer, snap, cals, f"{base_url}/{token}/", finish=False)
            client_writers.append(writer)
            result.files += len(snap.calendars) + 1
            result.clients += 1
            if progress is not None:
                progress(result.clients, len(chosen))
            if office is not None:
                lo, hi = office_window
                office.add(i, [t for t in tasks if lo <= t.due <= hi], c.name)  # as `expand` selects them
        if office is not None and office_writer is not None:
            office.commit(office_snap)
            write_group(office_writer, office_snap, {}, f"{base_url}/{office_token}/")
            result.files += len(plan) + 1
            result.removed = remove_revoked(out, {office_token, *feeds.tokens.clients.values()})
        for w in client_writers:
            w.finish()  # every client's files in place, its stale ones removed
    finally:
        if office_writer is not None:
            office_writer.abort_all()
        pool.shutdown()
    return result


def remove_revoked(out: Path, live: set[str]) -> list[str]:
    """Directories of tokens no longer live (revoked, rotated, or of clients gone), removed with
    everything in them — stray files (.DS_Store), temp files of a killed publish, files of an older
    layout — so a revoked URL stops working on the static host too. Only token-named directories
    bocal wrote are touched (`_bocal_wrote`); a link named like a token is unlinked, never followed.
    Returns the names removed (tokens: print them hidden)."""
    import shutil

    removed: list[str] = []
    try:
        entries = sorted(out.iterdir())
    except OSError:
        return removed
    for d in entries:
        if not TOKEN_RE.fullmatch(d.name) or d.name in live or not _bocal_wrote(d):
            continue
        try:
            if d.is_symlink():
                d.unlink()
            else:
                shutil.rmtree(d)
        except OSError as e:
            raise UsageError(
                Problem(f"cannot remove a revoked feed directory: {e.strerror or e}", path=str(out / hidden(d.name)))
            ) from None
        removed.append(d.name)
    return removed


def hidden(token: str) -> str:
    """A token directory's name as it may be printed: its first four characters, the rest hidden."""
    return token[:4] + "…"


def _bocal_wrote(d: Path) -> bool:
    """A directory holding something only a bocal publish leaves: an index.html, a .ics file, or one
    of its temp files (.NAME.XXXX.tmp)."""
    try:
        names = os.listdir(d)
    except OSError:
        return False
    return os.path.isdir(d) and any(
        n == "index.html" or n.endswith(".ics") or (n.startswith(".") and n.endswith(".tmp")) for n in names
    )
