"""What every channel shares: the failure it raises and the retry loop around a sending.

A failure says whether it is *transient* (a timeout, a refused or dropped connection, an SMTP 4xx, an
HTTP 5xx or 429) — worth retrying after a pause — or permanent (a 5xx SMTP reply, failed
authentication, an HTTP 4xx), which is reported at once. Messages name the recipient and the channel,
never a webhook URL or a password.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

#: Pauses between attempts (seconds): three retries after the first try.
DEFAULT_BACKOFF: tuple[float, ...] = (2.0, 8.0, 30.0)


class DeliveryError(Exception):
    """One sending failed; `transient` failures are retried."""

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.message = message
        self.transient = transient


def with_retries(send: Callable[[], T], backoff: Sequence[float], sleep: Callable[[float], None]) -> T:
    """`send()`, tried again after each pause in `backoff` while it fails transiently."""
    for pause in backoff:
        try:
            return send()
        except DeliveryError as e:
            if not e.transient:
                raise
        sleep(pause)
    return send()
