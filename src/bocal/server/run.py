"""The serve and publish flows shared by `bocal serve` and `bocal publish`, without click.

Listening (a bind failure is a located error), the address the feeds are reached at, running until
interrupted, choosing the token directory of a published company, and writing files with one error
message. The feeds themselves are `company` (a company) and `office` (an office's clients).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem, UsageError

if TYPE_CHECKING:
    from ..clients import Client
    from .app import FeedApp
    from .office import OfficeFeeds
    from .publish import PublishResult
    from .snapshot import Snapshot


def listen(app: FeedApp, host: str, port: int) -> Any:
    """A waitress server bound to host:port (not yet running); a bind failure is an error saying where."""
    from .app import create_server

    try:
        return create_server(app, host=host, port=port)
    except OSError as e:
        raise UsageError(Problem(f"cannot listen on {host}:{port}: {e.strerror or e}")) from None


def address(server: Any, host: str, base_url: str | None) -> str:
    """Where the feeds are reached: the public --base-url, else http://host:port (IPv6 in brackets)."""
    return base_url or f"http://{host if ':' not in host else f'[{host}]'}:{server.effective_port}"


def run_until_interrupted(server: Any) -> None:
    """Serve until Ctrl-C (or SIGINT), then close the sockets."""
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def token_dirs(directory: str) -> list[str]:
    """The token directories already in a published directory (names that are tokens), sorted."""
    from .tokens import TOKEN_RE

    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return sorted(n for n in names if TOKEN_RE.fullmatch(n) and os.path.isdir(os.path.join(directory, n)))


def publish_token(directory: str, token: str | None) -> tuple[str, bool]:
    """The token to publish under, and whether it was generated: the one given, else the one token
    directory already there, else a new one. Two or more there and none given is an error."""
    from .tokens import check_token, new_token

    generated = False
    if token is None:
        existing = token_dirs(directory)
        if len(existing) > 1:
            raise UsageError(Problem(f"{len(existing)} token directories here: say which with --token", path=directory))
        token, generated = (existing[0], False) if existing else (new_token(), True)
    return check_token(token), generated


def write_error(e: OSError, directory: str) -> UsageError:
    """The one message for a file that could not be written while publishing."""
    from .tokens import hide_tokens

    where = getattr(e, "filename", None) or directory
    return UsageError(Problem(f"cannot write: {e.strerror or e}", path=hide_tokens(str(where))))


def publish_company(snapshot: Snapshot, directory: str, token: str, base_url: str) -> tuple[list[Path], list[str]]:
    """A company's feeds and index written under directory/token/; the files written, and the token
    directories of earlier tokens removed (`publish --token NEW` after OLD retires OLD)."""
    from .publish import publish, remove_revoked

    try:
        written = publish(snapshot, directory, token, base_url)
        return written, remove_revoked(Path(directory), {token})
    except OSError as e:
        raise write_error(e, directory) from None


def quiet_logger(name: str = "bocal.publish") -> logging.Logger:
    """A logger that says nothing (publish prints the problems once, after the output)."""
    quiet = logging.getLogger(name)
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    return quiet


def publish_clients(
    feeds: OfficeFeeds,
    directory: str,
    base_url: str,
    names: Sequence[str],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[PublishResult, list[Client] | None]:
    """An office's feeds written to directory (only the clients named, if any); the result and the clients chosen."""
    from .office import client_of
    from .publish import publish_office

    only = client_of(feeds, names) if names else None
    try:
        return publish_office(feeds, directory, base_url, only=only, progress=progress), only
    except OSError as e:
        raise write_error(e, directory) from None
