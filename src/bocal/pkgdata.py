"""Package data (the bundled schedules, the profile schema) read without importing importlib.resources.

`importlib.resources` costs ~7 ms to import, a tenth of `bocal list`'s budget; a package installed
as files (wheel, editable) can be read from its directory. Zipped installs fall back to it.
"""

from __future__ import annotations

import importlib
from pathlib import Path


def _directory(package: str) -> Path | None:
    mod = importlib.import_module(package)
    file = getattr(mod, "__file__", None)
    if file:
        d = Path(file).parent
        if d.is_dir():
            return d
    return None


def read_bytes(package: str, name: str) -> bytes:
    """The bytes of `name` inside `package`."""
    d = _directory(package)
    if d is not None:
        return (d / name).read_bytes()
    from importlib import resources

    return resources.files(package).joinpath(name).read_bytes()


def files(package: str, suffix: str) -> list[tuple[str, bytes]]:
    """(name, bytes) of every file in `package` whose name ends in `suffix`, sorted by name."""
    d = _directory(package)
    if d is not None:
        return [(p.name, p.read_bytes()) for p in sorted(d.iterdir()) if p.name.endswith(suffix) and p.is_file()]
    from importlib import resources

    root = resources.files(package)
    return [
        (e.name, e.read_bytes())
        for e in sorted(root.iterdir(), key=lambda e: e.name)
        if e.name.endswith(suffix) and e.is_file()
    ]
