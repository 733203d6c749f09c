"""Feed tokens: the secret in each URL, the registry that maps them to feed groups (hashed, compared
in constant time), and an office's tokens file (client id → token, mode 0600, written atomically)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, UsageError
from ..office import OFFICE_ID
from .snapshot import FeedGroup

log = logging.getLogger("bocal.feed")


TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22,128}")
MIN_TOKEN_CHARS = 22
ICS_TYPE = "text/calendar; charset=utf-8"
# -- tokens and the registry ----------------------------------------------------------------------


def check_token(token: str) -> str:
    """A usable secret: URL-safe characters, at least 22 of them (≥ 128 bits if random)."""
    if not TOKEN_RE.fullmatch(token):
        raise UsageError(
            Problem(
                "the feed token must be 22–128 characters of A–Z a–z 0–9 _ - (at least 128 random bits)",
                key="--token",
                hint='generate one with: python3 -c "import secrets; print(secrets.token_urlsafe(24))"',
            )
        )
    return token


def new_token() -> str:
    import secrets

    return secrets.token_urlsafe(24)  # 192 bits


class Registry:
    """Tokens → groups of calendars. Lookup hashes the candidate, then compares in constant time."""

    def __init__(self) -> None:
        self._groups: dict[bytes, tuple[bytes, FeedGroup]] = {}

    def add(self, token: str, group: FeedGroup) -> None:
        raw = check_token(token).encode("ascii")
        self._groups[hashlib.sha256(raw).digest()] = (raw, group)

    def lookup(self, token: str) -> FeedGroup | None:
        raw = token.encode("utf-8", "surrogateescape")
        hit = self._groups.get(hashlib.sha256(raw).digest())
        if hit is None:
            return None
        return hit[1] if hmac.compare_digest(hit[0], raw) else None

    def __len__(self) -> int:
        return len(self._groups)


TOKENS_FILE = ".bocal-tokens.toml"

# -- the tokens file --------------------------------------------------------------------------------


@dataclass
class Tokens:
    """The office token (None: not in the file) and client id → token."""

    path: Path
    office: str | None = None
    clients: dict[str, str] = field(default_factory=dict)


def read_tokens(path: str | Path) -> Tokens:
    """The tokens file; a missing file is empty. Bad contents are a UsageError naming the file."""
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text("utf-8"))
    except FileNotFoundError:
        return Tokens(p)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise UsageError(Problem(f"cannot read the tokens file: {e}", path=str(p))) from None
    problems: list[Problem] = []
    office = data.get("office")
    if office is not None and not (isinstance(office, str) and TOKEN_RE.fullmatch(office)):
        problems.append(Problem("office must be a token of 22–128 URL-safe characters", path=str(p), key="office"))
        office = None
    clients: dict[str, str] = {}
    table = data.get("clients", {})
    if not isinstance(table, dict):
        problems.append(Problem("[clients] must be a table of client id = token", path=str(p), key="clients"))
        table = {}
    for cid, tok in table.items():
        if isinstance(tok, str) and TOKEN_RE.fullmatch(tok):
            clients[cid] = tok
        else:
            problems.append(Problem("must be a token of 22–128 URL-safe characters", path=str(p), key=cid))
    seen: dict[str, str] = {}
    for who, tok in ([("office", office)] if office else []) + list(clients.items()):
        if tok in seen:
            problems.append(Problem(f"the same token as {seen[tok]!r}", path=str(p), key=who))
        seen[tok] = who
    if problems:
        raise UsageError(problems)
    return Tokens(p, office, clients)


def write_tokens(tokens: Tokens) -> None:
    """Atomically, mode 0600 (the temp file is created 0600 too, so the tokens are never readable)."""
    from ..atomic import write_atomic

    lines = [
        "# bocal feed tokens: the secret in each feed URL. Keep this file private (mode 0600).",
        "# Revoke a URL by deleting its line (a new token is made at the next publish or reload)",
        "# or by writing a new token (python3 -c 'import secrets; print(secrets.token_urlsafe(24))').",
    ]
    if tokens.office:
        lines.append(f'office = "{tokens.office}"')
    lines += ["", "[clients]"]
    lines += [f'{_toml_key(cid)} = "{tok}"' for cid, tok in sorted(tokens.clients.items())]
    write_atomic(tokens.path, ("\n".join(lines) + "\n").encode("utf-8"), mode=0o600)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ensure_tokens(tokens: Tokens, ids: Sequence[str], *, office: bool) -> list[str]:
    """Give every id (and the office, if asked) a token; returns the ids that got a new one."""
    used = set(tokens.clients.values()) | ({tokens.office} if tokens.office else set())
    made = []
    if office and tokens.office is None:
        tokens.office = _fresh(used)
        made.append(OFFICE_ID)
    for cid in ids:
        if cid not in tokens.clients:
            tokens.clients[cid] = _fresh(used)
            made.append(cid)
    return made


def _fresh(used: set[str]) -> str:
    while (tok := new_token()) in used:  # pragma: no cover - 192 random bits
        pass
    used.add(tok)
    return tok
