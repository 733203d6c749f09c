"""Read a TOML file the way a person saved it, and remember on which line each key stands.

tomllib gives values but no positions; people need "line 12" to find their mistake, so a light line
scanner maps (table, index, key) to line numbers. Every way a file can be unreadable (missing, a
directory, a symlink loop, not UTF-8, UTF-16, a BOM, malformed TOML) becomes a located Problem.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .bounds import MAX_FILE_BYTES
from .errors import Problem

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*(?:\.\s*[A-Za-z0-9_\-"']+\s*)*=""")
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")

#: Larger rule or profile files are refused: nobody writes that much by hand, and reading a
#: runaway file should not take the machine down.
MAX_BYTES = MAX_FILE_BYTES


@dataclass
class LineIndex:
    """Line numbers of tables and keys: `line(("duty", 3), "due")` → 42."""

    tables: dict[tuple[str, int], int] = field(default_factory=dict)
    keys: dict[tuple[str, int], dict[str, int]] = field(default_factory=dict)

    def line(self, table: tuple[str, int], key: str | None = None) -> int | None:
        if key is not None:
            found = self.keys.get(table, {}).get(key)
            if found is not None:
                return found
        return self.tables.get(table)


def index_lines(text: str) -> LineIndex:
    """Scan `text` for table headers and keys; sub-tables ([duty.cases.x]) count toward their parent."""
    idx = LineIndex()
    counters: dict[str, int] = {}
    current: tuple[str, int] = ("", 0)
    prefix = ""
    in_multiline: str | None = None
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw
        if in_multiline:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        m = _HEADER.match(line)
        if m:
            name = m.group(2).strip().strip('"')
            if m.group(1) == "[[":
                counters[name] = counters.get(name, -1) + 1
                current = (name, counters[name])
                prefix = ""
                idx.tables[current] = n
            else:
                head, _, rest = name.partition(".")
                if head in counters and rest:
                    # [duty.cases.tokyo-23] belongs to the latest [[duty]]; keys inside get a prefix,
                    # and the sub-table itself ("cases.tokyo-23", "cases") is located at its header.
                    prefix = rest + "."
                    current = (head, counters[head])
                    parts = [x.strip().strip('"') for x in rest.split(".")]
                    for j in range(1, len(parts) + 1):
                        idx.keys.setdefault(current, {}).setdefault(".".join(parts[:j]), n)
                else:
                    current = (name, 0)
                    prefix = ""
                    idx.tables.setdefault(current, n)
            continue
        k = _KEY.match(line)
        if k:
            key = k.group(1).strip("\"'")
            idx.keys.setdefault(current, {}).setdefault(prefix + key, n)
            after = line[k.end() :]
            for q in ('"""', "'''"):
                if after.count(q) % 2 == 1:
                    in_multiline = q
    return idx


@dataclass
class TomlDocument:
    path: str
    data: dict[str, Any]
    lines: LineIndex


def read_toml(path: str, *, display: str | None = None) -> TomlDocument:
    """Read and parse one TOML file; raises TomlReadError carrying a located Problem."""
    shown = display or path
    return parse_toml_bytes(read_bytes(path, shown), shown)


def read_bytes(path: str, shown: str | None = None, *, limit: int = MAX_BYTES) -> bytes:
    """A file's bytes, or TomlReadError: missing, a directory, a FIFO or device, unreadable, a symlink
    loop, too big. The file is opened without blocking and checked to be a regular file before a byte
    is read, so a named pipe or /dev/zero given as a profile is refused instead of hanging bocal."""
    shown = shown or path
    if os.path.isdir(path):
        raise TomlReadError(Problem("is a directory, not a file", path=shown))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            target = os.readlink(path)
            raise TomlReadError(Problem(f"is a symbolic link to {target}, which does not exist", path=shown)) from None
        raise TomlReadError(Problem("no such file", path=shown)) from None
    except PermissionError:
        raise TomlReadError(Problem("cannot read the file (permission denied)", path=shown)) from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise TomlReadError(
                Problem("is a symbolic link in a loop (it leads back to itself); point it at a real file", path=shown)
            ) from None
        raise TomlReadError(Problem(f"cannot read the file ({e.strerror or e})", path=shown)) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or socket"
            raise TomlReadError(Problem(f"is {kind}, not a regular file; refusing to read it", path=shown))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(limit + 1)
        if limit != MAX_BYTES and len(raw) > limit:  # (TOML files: parse_toml_bytes says it, as before)
            raise TomlReadError(
                Problem(f"is larger than {limit // (1024 * 1024)} MiB; refusing to read it", path=shown)
            )
        return raw
    except OSError as e:
        raise TomlReadError(Problem(f"cannot read the file ({e.strerror or e})", path=shown)) from None
    finally:
        os.close(fd)


def parse_toml_bytes(raw: bytes, shown: str) -> TomlDocument:
    """Decode and parse bytes that came from `shown` (a path, for messages)."""
    if len(raw) > MAX_BYTES:
        raise TomlReadError(
            Problem(f"is larger than {MAX_BYTES // (1024 * 1024)} MiB; refusing to read it", path=shown)
        )
    import tomllib  # ~3 ms; a cached catalog and the default profile never parse TOML

    text = decode(raw, shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        msg = str(e)
        m = _TOML_AT.search(msg)
        line = int(m.group(1)) if m else None
        msg = _TOML_AT.sub("", msg).strip()
        where = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
        raise TomlReadError(
            Problem(f"not valid TOML: {msg}", path=shown, line=line, hint=toml_hint(msg, where))
        ) from None
    except RecursionError:
        raise TomlReadError(Problem("not valid TOML: nested too deeply", path=shown)) from None
    lines = index_lines(text)
    bad = control_characters(data, lines, shown)
    if bad is not None:
        raise TomlReadError(bad)
    return TomlDocument(shown, data, lines)


def control_characters(data: dict[str, Any], lines: LineIndex, shown: str) -> Problem | None:
    """The first string value (or key) that carries a control character, located; None when clean.

    Every TOML file bocal reads passes here, so a name with ESC, CR, DEL or a bidi override never
    reaches a terminal, a calendar or a mail header (LF stays allowed in multi-line notes)."""
    from .textsafe import control_problem

    duty: str | None = None  # the id of the [[duty]] (or other array table) being walked

    def walk(value: Any, table: tuple[str, int], key: str | None) -> Problem | None:
        if isinstance(value, str):
            message = control_problem(value)
            if message is None:
                return None
            return Problem(message, path=shown, line=lines.line(table, key), duty=duty, key=key)
        items: list[tuple[str | None, Any]] = []
        if isinstance(value, dict):
            items = [(k if key is None else f"{key}.{k}", v) for k, v in value.items()]
            for k in value:
                message = control_problem(k, newlines=False)
                if message is not None:
                    return Problem(message, path=shown, line=lines.line(table), key=key)
        elif isinstance(value, list):
            items = [(key, v) for v in value]
        for sub, v in items:
            found = walk(v, table, sub)
            if found is not None:
                return found
        return None

    for name, value in data.items():
        tables = value if isinstance(value, list) and all(isinstance(v, dict) for v in value) and value else [value]
        for i, v in enumerate(tables):
            duty = v.get("id") if value is tables and isinstance(v.get("id"), str) else None
            found = walk(v, (name, i), None) if isinstance(v, dict) else walk(v, ("", 0), name)
            if found is not None:
                return found
    return None


_DATE_LIKE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_VALUE = re.compile(r"^\s*[^=#]+?=\s*(.*)$")


def toml_hint(message: str, line: str) -> str | None:
    """What tomllib's terse message usually means, for a person editing the file by hand."""
    for m in _DATE_LIKE.finditer(line):
        try:
            date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return f"{m.group(0)} is not a real date"
    if message.startswith("Illegal character '\\n'") or message.startswith("Unclosed string"):
        return 'a string is not closed: is the closing quote (") missing?'
    if message.startswith("Cannot overwrite a value") or message.startswith("Cannot declare"):
        k = _KEY.match(line)
        name = f'"{k.group(1).strip(chr(34) + chr(39))}" ' if k else ""
        return f"a key or table {name}is set twice; keep one"
    if message.startswith("Invalid value"):
        v = _VALUE.match(line)
        if v and v.group(1) and v.group(1)[0] not in "\"'[{+-0123456789tfin":
            return 'text values need quotes, e.g. name = "株式会社サンプル"'
    return None


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 text, or a Problem that says which encoding the file seems to be in."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TomlReadError(
            Problem("is saved as UTF-16; save it as UTF-8 (BOM なしの UTF-8 で保存してください)", path=shown)
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise TomlReadError(
            Problem(
                "starts with a byte-order mark (BOM); save it as UTF-8 without BOM (BOM なしの UTF-8 で保存してください)",
                path=shown,
            )
        )
    if b"\x00" in raw:
        raise TomlReadError(Problem("is a binary file, not TOML text", path=shown))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        hint = None
        try:
            raw.decode("cp932")
            hint = "it looks like Shift_JIS: save it as UTF-8 (UTF-8 で保存し直してください)"
        except UnicodeDecodeError:
            pass
        raise TomlReadError(Problem("is not UTF-8 text", path=shown, line=line, hint=hint)) from None


class TomlReadError(Exception):
    """Internal: a file could not be read; carries the Problem for the caller's error type."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
