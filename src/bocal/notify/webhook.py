"""POST a JSON payload to a chat webhook (Slack, Teams Workflows, Google Chat, generic).

A webhook URL is a secret (whoever has it can post to the channel): it is never put in a message,
an exception or a log — failures name the recipient and the service only. Redirects are not
followed (a redirected POST would carry the payload somewhere unasked). Timeouts, refused
connections, 429 and 5xx answers are transient (retried by the caller); other 4xx are permanent.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from .channel import DeliveryError
from .smtp import LOOPBACK

KINDS = ("slack", "teams", "google-chat", "json")
KIND_NAMES = {
    "slack": "Slack webhook",
    "teams": "Teams webhook",
    "google-chat": "Google Chat webhook",
    "json": "JSON webhook",
}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def check_url(url: str) -> str | None:
    """Why this URL cannot be a webhook (None when it can): https, or http to loopback only."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "is not a URL"
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "must be an https:// URL"
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        return "must be https:// (plain http only to this machine)"
    return None


def guess_kind(url: str) -> str:
    """The service a webhook URL belongs to, from its host (generic JSON when unknown)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "hooks.slack.com":
        return "slack"
    if host == "chat.googleapis.com":
        return "google-chat"
    if host.endswith((".logic.azure.com", ".powerplatform.com", ".webhook.office.com")):
        return "teams"
    return "json"


def post_json(url: str, payload: Any, *, kind: str, timeout: float = 15.0) -> int:
    """POST `payload` as UTF-8 JSON; return the HTTP status or raise DeliveryError (URL never shown)."""
    name = KIND_NAMES.get(kind, kind)
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "bocal-notify"},
    )
    try:
        with _opener.open(req, timeout=timeout) as resp:
            resp.read(65536)
            return int(resp.status)
    except urllib.error.HTTPError as e:
        code = e.code
        e.close()
        if 300 <= code < 400:
            raise DeliveryError(
                f"{name}: answered {code} (a redirect; check the webhook URL)", transient=False
            ) from None
        transient = code >= 500 or code == 429
        raise DeliveryError(f"{name}: answered {code}", transient=transient) from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise DeliveryError(f"{name}: timed out", transient=True) from None
        text = getattr(reason, "strerror", None) or type(reason).__name__
        raise DeliveryError(f"{name}: cannot connect ({text})", transient=True) from None
    except TimeoutError:
        raise DeliveryError(f"{name}: timed out", transient=True) from None
    except OSError as e:
        raise DeliveryError(f"{name}: connection failed ({e.strerror or type(e).__name__})", transient=True) from None
