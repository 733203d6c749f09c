"""`bocal list --clients --format json|csv`, written as it goes: memory flat in clients and years.

The rows of an office are ordered by due date, then client (directory order), then the client's own
task order. A client's tasks already come in due order, so the office's order is a merge of the
clients' runs. Each client is expanded once; its records are serialised at once into a temporary
file (the text of a 1,000-client year is ~300 MB: never held), keeping only each row's due day and
place in the file (16 bytes a row). The rows are then read back in merged order and written out.
The bytes are exactly those of `clients.to_json` / `clients.to_csv` of the same rows.
"""

from __future__ import annotations

import csv
import heapq
import io
import json
import tempfile
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

from .errors import BocalError
from .expand import Task
from .listing import Query, owned
from .rules import Catalog

if TYPE_CHECKING:
    from .office import Client

#: How much text is gathered before a write.
CHUNK = 1 << 16


def _json_record(rec: dict[str, object]) -> str:
    """A record as `json.dumps(records, indent=2)` writes it inside the top-level list."""
    return "  " + json.dumps(rec, ensure_ascii=False, indent=2).replace("\n", "\n  ")


def _csv_line(cells: Iterable[object]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow(cells)
    return buf.getvalue()


def _csv_row(rec: dict[str, Any], columns: Sequence[str], lang: str) -> str:
    """A record as `clients.to_csv` writes it (a cell Excel would run as a formula kept as text)."""
    from .render import csv_cell
    from .textsafe import csv_row

    return _csv_line(csv_row(csv_cell(rec, k, lang) for k in columns))


class _Spool:
    """Serialised rows in a temporary file, with each row's due day (ordinal) and offset."""

    def __init__(self) -> None:
        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115  (closed by office_rows)
        self.due = array("l")
        self.offset = array("q", [0])
        self.runs: list[tuple[int, int]] = []  # each client's rows: [first, end)

    def add_run(self, texts: Iterable[tuple[int, str]]) -> None:
        first = len(self.due)
        pos = self.offset[-1]
        for due, text in texts:
            data = text.encode("utf-8")
            self.file.write(data)
            pos += len(data)
            self.due.append(due)
            self.offset.append(pos)
        self.runs.append((first, len(self.due)))

    def merged(self) -> Iterator[int]:
        """Row numbers ordered by (due, client, the client's own order)."""

        def run(i: int, first: int, end: int) -> Iterator[tuple[int, int, int]]:
            for r in range(first, end):
                yield self.due[r], i, r

        for _, _, r in heapq.merge(*(run(i, a, b) for i, (a, b) in enumerate(self.runs))):
            yield r

    def read(self, r: int) -> bytes:
        self.file.seek(self.offset[r])
        return self.file.read(self.offset[r + 1] - self.offset[r])


def office_rows(
    catalog: Catalog,
    clients: Sequence[Client],
    query: Query,
    *,
    lang: str,
    fmt: str,
    bom: bool = False,
    failed: list[tuple[Client, BocalError]] | None = None,
) -> Iterator[bytes]:
    """The office's rows as JSON or CSV (every task, no task state: what `listing.list_office` gives
    without a store or --status), a chunk of bytes at a time; a client whose expansion fails is
    recorded in `failed` when given (the others listed), as `clients.expand_clients` does."""
    from .clients import expand_clients
    from .render import CSV_COLUMNS, task_record
    from .statutory import expander_for

    columns = ("client", *CSV_COLUMNS)
    expander = expander_for(catalog, query.statutory)
    spool = _Spool()
    try:
        for c, all_tasks in expand_clients(expander, clients, query.start, query.end, areas=query.areas, failed=failed):
            tasks: list[Task] = owned(all_tasks, query.owner)
            if fmt == "json":
                spool.add_run(
                    (t.due.toordinal(), _json_record({"client": c.name, **task_record(t, lang)})) for t in tasks
                )
            else:
                spool.add_run(
                    (t.due.toordinal(), _csv_row({"client": c.name, **task_record(t, lang)}, columns, lang))
                    for t in tasks
                )
        yield from _assemble(spool, fmt, bom, columns, lang)
    finally:
        spool.file.close()


def _assemble(spool: _Spool, fmt: str, bom: bool, columns: Sequence[str], lang: str) -> Iterator[bytes]:
    from .render import csv_header

    if fmt == "json":
        if not spool.due:
            yield b"[]\n"
            return
        head, sep, tail = b"[\n", b",\n", b"\n]\n"
    else:
        head = (("\ufeff" if bom else "") + _csv_line(csv_header(columns, lang))).encode("utf-8")
        sep, tail = b"", b""
    out = [head]
    size = len(head)
    for n, r in enumerate(spool.merged()):
        piece = spool.read(r)
        if n and sep:
            out.append(sep)
        out.append(piece)
        size += len(piece)
        if size >= CHUNK:
            yield b"".join(out)
            out, size = [], 0
    out.append(tail)
    yield b"".join(out)
