"""Driving the workspace WSGI app in process: a client with a cookie jar, and the app over fixture inputs."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from bocal.store import parse_db_url
from bocal.web import FeedLink, Settings, Source, StartupLink, WorkspaceApp
from bocal.web.serving import annual_page


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    cookies: list[str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def csrf(self) -> str:
        m = re.search(r'name="csrf" value="([^"]+)"', self.text)
        assert m, "no CSRF field on the page"
        return m.group(1)


@dataclass
class Client:
    """Requests straight into a WSGI app, keeping the cookies it sets (like a browser would)."""

    app: Any
    jar: dict[str, str] = field(default_factory=dict)
    remote: str = "127.0.0.1"

    def request(
        self, method: str, url: str, form: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> Reply:
        parts = urlsplit(url)
        body = urlencode(form or {}).encode() if form is not None else b""
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "PATH_INFO": parts.path.encode("utf-8").decode("latin-1"),
            "QUERY_STRING": parts.query,
            "REMOTE_ADDR": self.remote,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8080",
            "HTTP_HOST": "127.0.0.1:8080",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/x-www-form-urlencoded" if form is not None else "",
        }
        if self.jar:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        for k, v in (headers or {}).items():
            environ["HTTP_" + k.upper().replace("-", "_")] = v
        got: dict[str, Any] = {}

        def start_response(status: str, hdrs: list[tuple[str, str]]) -> None:
            got["status"], got["headers"] = int(status.split()[0]), hdrs

        chunks = self.app(environ, start_response)
        data = b"".join(chunks)
        cookies = [v for k, v in got["headers"] if k.lower() == "set-cookie"]
        for c in cookies:
            jar = SimpleCookie()
            jar.load(c)
            for k, m in jar.items():
                if m.value:
                    self.jar[k] = m.value
                else:
                    self.jar.pop(k, None)
        return Reply(got["status"], {k.lower(): v for k, v in got["headers"]}, cookies, data)

    def get(self, url: str, **kw: Any) -> Reply:
        return self.request("GET", url, **kw)

    def post(self, url: str, form: dict[str, str], **kw: Any) -> Reply:
        return self.request("POST", url, form=form, **kw)


def workspace(
    tmp_path: Path,
    *,
    profile: str | None = None,
    clients: str | None = None,
    today: date,
    base_url: str | None = None,
    feed_links: tuple[FeedLink, ...] = (),
) -> tuple[WorkspaceApp, StartupLink]:
    """A workspace over fixture inputs with its store in tmp_path, its clock fixed at `today` 09:00 UTC."""
    startup = StartupLink()
    url = parse_db_url(str(tmp_path / "state.sqlite3"))
    app = WorkspaceApp(
        Source(profile_path=profile, clients_dir=clients, check_interval=0, db_url=url),
        url,
        Settings(base_url=base_url, feed_links=feed_links, annual=annual_page()),
        today=lambda: today,
        now=lambda: datetime(today.year, today.month, today.day, 9, 0, tzinfo=UTC),
        startup=startup,
    )
    return app, startup
