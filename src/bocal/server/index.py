"""The subscribe page at /{token}/: one block per calendar with one-click links and the URL to paste."""

from __future__ import annotations

import html
import logging
import re
from urllib.parse import quote, urlencode

from ..i18n import t
from .snapshot import Snapshot

log = logging.getLogger("bocal.feed")


# -- links ----------------------------------------------------------------------------------------


def subscribe_links(url: str, name: str) -> dict[str, str]:
    """The one-click links for a feed's https URL: webcal, Google Calendar, Outlook on the web."""
    webcal = re.sub(r"^https?://", "webcal://", url)
    enc_url = quote(url, safe="")
    return {
        "url": url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
        "outlook": "https://outlook.office.com/calendar/0/addfromweb?" + urlencode({"url": url, "name": name}),
        "outlook_live": "https://outlook.live.com/calendar/0/addfromweb?" + urlencode({"url": url, "name": name}),
        "enc_url": enc_url,
    }


def index_html(snapshot: Snapshot, base: str) -> bytes:
    """The page at /{token}/: one block per calendar, with the subscribe links and the URL to paste.

    ``base`` is the absolute URL of the token directory, ending in "/"."""
    lang = snapshot.lang
    esc = html.escape
    rows = []
    for e in snapshot.calendars.values():
        links = subscribe_links(f"{base}{e.key}.ics", e.label)
        rows.append(
            f"<section><h2>{esc(e.label)}</h2>\n<p>"
            f'<a href="{esc(links["webcal"])}">{esc(t("feed.subscribe", lang))}</a> · '
            f'<a href="{esc(links["google"])}">Google カレンダー</a> · '
            f'<a href="{esc(links["outlook"])}">Outlook (Microsoft 365)</a> · '
            f'<a href="{esc(links["outlook_live"])}">Outlook.com</a></p>\n'
            f'<p>{esc(t("feed.url", lang))}: <input readonly size="80" value="{esc(links["url"])}"> '
            f'<a href="{esc(e.key)}.ics">.ics</a></p></section>'
        )
    note = esc(t("feed.secret", lang))
    page = (
        f'<!doctype html>\n<html lang="{snapshot.lang}"><head><meta charset="utf-8">'
        '<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">'
        f"<title>{esc(snapshot.title)}</title></head>\n<body><h1>{esc(snapshot.title)}</h1>\n<p>{note}</p>\n"
        + "\n".join(rows)
        + "\n</body></html>\n"
    )
    return page.encode("utf-8")
