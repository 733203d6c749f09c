"""Feed tokens: the secret in each URL, the registry that maps them to feed groups (hashed, compared
in constant time), and an office's tokens file (client id → token, mode 0600, written atomically)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
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


_GENERATE = 'generate one with: python3 -c "import secrets; print(secrets.token_urlsafe(24))"'


def check_token(token: str) -> str:
    """A usable secret: URL-safe characters, at least 22 of them (≥ 128 bits if random), and not
    obviously guessable (see `weakness`)."""
    if not TOKEN_RE.fullmatch(token):
        raise UsageError(
            Problem(
                "the feed token must be 22–128 characters of A–Z a–z 0–9 _ - (at least 128 random bits)",
                key="--token",
                hint=_GENERATE,
            )
        )
    weak = weakness(token)
    if weak:
        raise UsageError(Problem(f"the feed token is too easy to guess: {weak}", key="--token", hint=_GENERATE))
    return token


#: A random 22-character token from 64 symbols has ~18.7 distinct characters; fewer than this is
#: a person's choice, not chance (the probability of fewer than 10 by chance is below 10⁻¹⁰).
MIN_DISTINCT_CHARS = 10


def weakness(token: str) -> str | None:
    """Why a token of the right form is still weak (few distinct characters, a repeated pattern, a
    run of neighbouring characters such as abcdef… or 123456…), or None."""
    if len(set(token)) < MIN_DISTINCT_CHARS:
        return f"only {len(set(token))} different characters (a random token has many more)"
    n = len(token)
    for period in range(1, n // 2 + 1):
        if all(token[i] == token[i - period] for i in range(period, n)):
            return f"it repeats {token[:period]!r}"
    steps = sum(1 for a, b in zip(token, token[1:], strict=False) if abs(ord(a) - ord(b)) == 1)
    if steps * 2 >= n - 1:
        return "it is mostly runs of neighbouring characters (abc…, 123…)"
    return None


_TOKEN_LIKE = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{22,128}(?![A-Za-z0-9_-])")


def hide_tokens(text: str) -> str:
    """`text` with everything shaped like a feed token (22–128 URL-safe characters standing alone,
    e.g. a token directory in a path) replaced by ***: for messages and logs about published files."""
    return _TOKEN_LIKE.sub("***", text)


def tokens_file_warning(path: str | Path) -> str | None:
    """A warning when the tokens file can be read by group or others (the tokens are the secrets)."""
    import os

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if mode & 0o077:
        return f"{path}: the tokens file is readable by others (mode {mode & 0o777:o}); run chmod 600 {path}"
    return None


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
    """The tokens file; a missing file is empty. It is read like every input (size cap, no FIFOs
    or devices, not UTF-8 and malformed TOML located); bad contents are a UsageError naming the file."""
    from ..tomlsource import TomlReadError, read_toml

    p = Path(path)
    if not p.exists() and not p.is_symlink():
        return Tokens(p)
    try:
        doc = read_toml(str(p))
    except TomlReadError as e:
        raise UsageError(e.problem) from None
    data, lines, shown = doc.data, doc.lines, str(p)
    problems: list[Problem] = []

    def bad(message: str, table: str, key: str) -> None:
        line = lines.line((table, 0), key) or lines.line(("", 0), key)
        problems.append(Problem(message, path=shown, line=line, key=key))

    def usable(tok: object) -> str | None:
        """Why a value cannot be a token, or None."""
        if not isinstance(tok, str) or not TOKEN_RE.fullmatch(tok):
            return "must be a token of 22–128 URL-safe characters"
        weak = weakness(tok)
        return f"the token is too easy to guess: {weak}" if weak else None

    for key in data:
        if key not in ("office", "clients"):
            bad("unknown key (the file holds office = TOKEN and a [clients] table)", "", key)
    office = data.get("office")
    if office is not None and usable(office):
        bad(str(usable(office)), "", "office")
        office = None
    clients: dict[str, str] = {}
    table = data.get("clients", {})
    if not isinstance(table, dict):
        bad("[clients] must be a table of client id = token", "", "clients")
        table = {}
    for cid, tok in table.items():
        why = usable(tok)
        if why is None:
            clients[cid] = tok
        else:
            bad(why, "clients", cid)
    seen: dict[str, str] = {}
    for who, tok in ([("office", office)] if office else []) + list(clients.items()):
        if tok in seen:
            bad(f"the same token as {seen[tok]!r}", "" if who == "office" else "clients", who)
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
