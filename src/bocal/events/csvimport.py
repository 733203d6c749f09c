"""`bocal event import FILE.csv`: rows of a roster (or any CSV) → checked events.

Columns are `kind, date, person, client, note` and the attributes of the kinds (`days_off` …);
Japanese headers are understood too (種別, 日付, 氏名, 顧問先, 備考). A roster exported from payroll
software needs only a column mapping — `--column 入社年月日=date --column 社員氏名=person --kind hire`
— and rows whose date cell is empty (people who have not left) are skipped, not errors. Kinds may be
written as their names (`hire`) or their Japanese labels (入社, 退職 …). Files in UTF-8 (with or
without BOM) and Shift_JIS/CP932 (what most Japanese payroll software writes) are read.

Every problem of every row is reported at once, each with file and line, and nothing is imported
when there is one: an import is all or nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import Problem, UsageError
from .kinds import KIND_BY_NAME, KINDS, attribute_names
from .model import Event, make_event

FIELDS = ("kind", "date", "person", "client", "note")
#: Japanese headers a file may use without a mapping.
HEADER_ALIASES: Mapping[str, str] = {
    "種別": "kind",
    "イベント": "kind",
    "日付": "date",
    "年月日": "date",
    "氏名": "person",
    "従業員": "person",
    "社員名": "person",
    "顧問先": "client",
    "会社": "client",
    "備考": "note",
    "メモ": "note",
}
#: Kinds written in Japanese: the kind's label and its short suffix (入社, 退職, 労災 …).
KIND_ALIASES: Mapping[str, str] = {
    **{k.ja: k.name for k in KINDS},
    **{k.suffix_ja: k.name for k in KINDS},
}
MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class ImportResult:
    events: tuple[Event, ...]
    skipped: int  # rows with an empty date (e.g. no 退職日 yet)
    ignored_columns: tuple[str, ...]


def decode_csv(raw: bytes, shown: str) -> str:
    """UTF-8 (BOM or not), else CP932; anything else is a located problem."""
    if b"\x00" in raw[:4096]:
        raise UsageError(Problem("this is not a CSV text file (it contains NUL bytes; UTF-16?)", path=shown))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp932")
    except UnicodeDecodeError:
        raise UsageError(
            Problem("cannot read the file as UTF-8 or Shift_JIS", path=shown, hint="save it as CSV (UTF-8)")
        ) from None


def parse_mapping(items: Sequence[str]) -> dict[str, str]:
    """`--column HEADER=FIELD` options → {header: field}; FIELD is a column name or an attribute."""
    known = set(FIELDS) | attribute_names()
    out: dict[str, str] = {}
    problems = []
    for item in items:
        header, eq, field = item.rpartition("=")
        header, field = header.strip(), field.strip()
        if not eq or not header or not field:
            problems.append(Problem(f"--column {item!r}: write HEADER=FIELD, e.g. --column 入社年月日=date"))
        elif field not in known:
            problems.append(Problem(f"--column {item!r}: {field!r} is not one of {', '.join(sorted(known))}"))
        else:
            out[header] = field
    if problems:
        raise UsageError(problems)
    return out


def read_events_csv(
    raw: bytes,
    shown: str,
    *,
    mapping: Mapping[str, str] | None = None,
    kind: str | None = None,
    client: str | None = None,
) -> ImportResult:
    """The events in a CSV file's bytes; `kind`/`client` fill in a missing column."""
    if len(raw) > MAX_BYTES:
        raise UsageError(Problem(f"the file is larger than {MAX_BYTES // 1_000_000} MB", path=shown))
    if kind is not None and kind not in KIND_BY_NAME:
        from .model import check_kind

        try:
            check_kind(kind)
        except ValueError as e:
            raise UsageError(Problem(f"--kind: {e}")) from None
    text = decode_csv(raw, shown)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise UsageError(Problem("the file is empty: the first line must name the columns", path=shown, line=1))
    columns, ignored = _columns(header, mapping or {})
    missing = [f for f in ("kind", "date") if f not in columns.values() and not (f == "kind" and kind)]
    if missing:
        raise UsageError(
            Problem(
                f"no {' or '.join(missing)} column (columns: {', '.join(h.strip() for h in header)})",
                path=shown,
                line=1,
                hint="map one with --column HEADER=date" + (" or give --kind" if "kind" in missing else ""),
            )
        )
    events: list[Event] = []
    problems: list[Problem] = []
    skipped = 0
    seen: dict[str, int] = {}
    ends = reader.line_num  # where the previous row ended: a row with a quoted line break spans lines
    for row in reader:
        line, ends = ends + 1, reader.line_num  # the row's first line
        if not any(c.strip() for c in row):
            continue
        cells = {columns[i]: c.strip() for i, c in enumerate(row) if i in columns}
        if not cells.get("date"):
            skipped += 1
            continue
        try:
            ev = _event(cells, kind, client)
        except ValueError as e:
            problems.append(Problem(str(e), path=shown, line=line))
            continue
        if ev.id in seen:
            problems.append(Problem(f"the same event as line {seen[ev.id]} ({ev.id})", path=shown, line=line))
            continue
        seen[ev.id] = line
        events.append(ev)
    if problems:
        raise UsageError(problems)
    return ImportResult(tuple(events), skipped, tuple(ignored))


def _columns(header: Sequence[str], mapping: Mapping[str, str]) -> tuple[dict[int, str], list[str]]:
    known = set(FIELDS) | attribute_names()
    columns: dict[int, str] = {}
    ignored: list[str] = []
    for i, h in enumerate(header):
        name = h.strip().lstrip("\ufeff")
        field = mapping.get(name) or HEADER_ALIASES.get(name) or (name if name in known else None)
        if field is None:
            if name:
                ignored.append(name)
            continue
        columns[i] = field
    return columns, ignored


def _event(cells: Mapping[str, str], kind: str | None, client: str | None) -> Event:
    raw_kind = cells.get("kind") or kind or ""
    name = KIND_ALIASES.get(raw_kind, raw_kind)
    info = KIND_BY_NAME.get(name)
    attrs = {}
    if info is not None:
        # a roster carries columns for every kind: keep the ones this kind declares, and only set cells
        declared = {a.name for a in info.attributes}
        attrs = {k: v for k, v in cells.items() if k in declared and v != ""}
    return make_event(
        name,
        cells["date"],
        person=cells.get("person"),
        client=cells.get("client") or client,
        note=cells.get("note"),
        attributes=attrs,
    )
