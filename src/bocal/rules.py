"""Rule files → the catalog of duties: `load_catalog` reads the bundled and given files, compiles every
[[duty]] table and checks them all, reporting every problem of every file at once, each with file,
line, duty and key.

The pieces: `duty.py` (the `Duty` model and `Catalog`), `duty_keys.toml` (the keys a duty may set,
compiled into `duty_schema.py`), `duty_fields.py` (the reader over that declaration),
`duty_sections.py` (one parser per section of keys), `duty_load.py` (a file's duties, cross-file
checks). This module keeps the names its importers use.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .duty import DEFAULT_REMIND, FISCAL, Catalog, Duty
from .errors import Problem, RuleError
from .tomlsource import TomlReadError, parse_toml_bytes, read_bytes

if TYPE_CHECKING:
    from .duty_fields import CASE_KEYS, DUTY_KEYS, EVERY

__all__ = [
    "CASE_KEYS",
    "DEFAULT_REMIND",
    "DUTY_KEYS",
    "EVERY",
    "FISCAL",
    "Catalog",
    "Duty",
    "bundled_files",
    "load_catalog",
    "rule_files",
]


def __getattr__(name: str) -> Any:
    """DUTY_KEYS, CASE_KEYS, EVERY: from the declaration (duty_fields.py), imported only when asked
    for — `bocal list` with a cached catalog never reads the declaration."""
    if name in ("CASE_KEYS", "DUTY_KEYS", "EVERY"):
        from . import duty_fields

        return getattr(duty_fields, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The modules whose code decides what a compiled catalog holds (see `_code_stamp`).
ENGINE_MODULES = (
    "rules.py",
    "duty.py",
    "duty_schema.py",
    "duty_fields.py",
    "duty_sections.py",
    "duty_load.py",
    "duty_marks.py",
    "dates.py",
    "conditions.py",
    "calendars.py",
    "profile.py",
    "profile_dates.py",
    "bounds.py",  # the limits decide which catalogs load
    "textsafe.py",
    "tomlsource.py",
)


# -- loading ----------------------------------------------------------------------------------------


def bundled_files() -> list[tuple[str, bytes]]:
    """The rule files shipped in the package, as (display path, bytes), sorted by name."""
    from .pkgdata import files

    return [(f"schedules/{name}", raw) for name, raw in files("bocal.schedules", ".toml")]


def rule_files(path: str | Path) -> list[str]:
    """The .toml files a --rules path names: the file itself, or a directory's *.toml, sorted."""
    p = str(path)
    if os.path.isdir(p):
        return sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".toml"))
    return [p]


def load_catalog(
    paths: Sequence[str | Path] = (), *, bundled: bool = True, cache_dir: str | Path | None = None
) -> Catalog:
    """Load the bundled duties (unless `bundled` is false) and those in `paths`; check them all.

    With `cache_dir`, the compiled catalog is kept there under a hash of bocal's version, the
    profile schema and every rule file's bytes, so `bocal list` skips parsing and compiling when
    nothing changed (an edit changes the hash; a broken cache is ignored and rewritten).
    """
    problems: list[Problem] = []
    sources: list[tuple[str, bytes]] = list(bundled_files()) if bundled else []
    for p in paths:
        if not os.path.exists(p) and not os.path.islink(p):
            problems.append(Problem("no such file or directory", path=str(p)))
            continue
        for f in rule_files(p):
            try:
                sources.append((f, read_bytes(f)))
            except TomlReadError as e:
                problems.append(e.problem)
    cache = blob = None
    if cache_dir is not None and not problems:
        blob = _fingerprint(sources)
        cache = _cache_path(cache_dir, blob)
        hit = _read_cache(cache, blob)
        if hit is not None:
            return hit
    from .duty_load import cross_checks, load_document  # a cache hit never compiles a duty

    duties: list[Duty] = []
    files: list[str] = []
    for shown, raw in sources:
        try:
            doc = parse_toml_bytes(raw, shown)
        except TomlReadError as e:
            problems.append(e.problem)
            continue
        files.append(shown)
        duties.extend(load_document(doc.data, doc.lines, shown, problems))
    problems.extend(cross_checks(duties))
    if problems:
        raise RuleError(problems)
    catalog = Catalog(tuple(duties), tuple(files))
    if cache is not None and blob is not None:
        _write_cache(cache, blob, catalog)
    return catalog


def _fingerprint(sources: Sequence[tuple[str, bytes]]) -> bytes:
    """Everything the compiled catalog depends on: bocal's version, the profile schema, the rule files."""
    from . import __version__
    from .pkgdata import read_bytes as read_package_bytes

    # duty_keys.toml needs no reading: duty_schema.py, generated from it, is in the code stamp
    parts = [__version__.encode(), read_package_bytes("bocal", "profile_keys.toml"), _code_stamp()]
    for shown, raw in sources:
        parts += [shown.encode("utf-8"), raw]
    return b"\0\0".join(parts)


def _code_stamp() -> bytes:
    """Size and mtime of the modules whose classes are pickled: an edited engine (an editable
    install between releases) must never load a catalog pickled by the old code."""
    here = Path(__file__).parent
    stamps = []
    for name in ENGINE_MODULES:
        try:
            st = os.stat(here / name)
            stamps.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            stamps.append(name)
    return ";".join(stamps).encode()


def _cache_path(cache_dir: str | Path, blob: bytes) -> Path:
    # crc32 only names the file (hashlib's import costs ~3 ms of start-up); the file holds the whole
    # fingerprint and a hit needs it byte for byte, so a collision costs a recompile, never a wrong catalog
    import zlib

    return Path(cache_dir) / f"catalog-{zlib.crc32(blob):08x}-{len(blob)}.pickle"


def _read_cache(path: Path, blob: bytes) -> Catalog | None:
    """The cached catalog, or None. A pickle can run code when loaded, so it is loaded only from a
    file that this user owns and nobody else can write, in a directory that is the same (both
    checked on the open descriptors, so nothing can be swapped in between); then the whole
    fingerprint must match byte for byte."""
    from _pickle import load  # the C unpickler alone; pickle.py costs ~2 ms to import

    fh = _open_private(path)
    if fh is None:
        return None
    try:
        with fh:
            found = load(fh)
    except Exception:  # a stale or broken cache only costs a recompile
        return None
    if isinstance(found, tuple) and len(found) == 2 and found[0] == blob and isinstance(found[1], Catalog):
        return found[1]
    return None


def _private(st: os.stat_result) -> bool:
    """Owned by this user, writable by nobody else (always true where there are no user ids)."""
    owner = getattr(os, "geteuid", None)
    return owner is None or (st.st_uid == owner() and not st.st_mode & 0o022)


def _open_private(path: Path) -> Any:
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        dfd = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        if not _private(os.fstat(dfd)):
            return None
        fd = os.open(path.name, flags, dir_fd=dfd) if os.open in os.supports_dir_fd else os.open(path, flags)
    except OSError:
        return None
    finally:
        os.close(dfd)
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or not _private(st):
        os.close(fd)
        return None
    return os.fdopen(fd, "rb")


def _write_cache(path: Path, blob: bytes, catalog: Catalog) -> None:
    import pickle

    from .atomic import write_atomic

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(path.parent)):
            return  # a directory others can write into is no place for a file that runs when loaded
        write_atomic(path, pickle.dumps((blob, catalog), protocol=pickle.HIGHEST_PROTOCOL), mode=0o600)
    except OSError:
        pass  # a read-only home is no reason to fail
