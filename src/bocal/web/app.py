"""The workspace WSGI app: sign-in, sessions, CSRF, roles, and the route table; `mount` beside the feeds.

Every request below the prefix (``/w`` by default) comes here. Signing in is the only thing open
to everyone: ``/w/signin?token=…`` trades a one-time link (the one `bocal serve` prints, or one from
`bocal user add`) for a session cookie and redirects to a clean URL, so the token stays neither in
the address bar nor in the history. Every POST must carry the session's CSRF token; viewers read,
staff change tasks, admins manage users. Requests are logged by path only (never a query string).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from importlib.resources import files
from typing import Any

from ..errors import BocalError
from ..store.url import DbUrl
from .auth import Accounts, RateLimit, Session, StartupLink, User
from .http import HTTPError, Request, Response, Router, StartResponse, cookie_header, read_request, redirect
from .render import render
from .source import Source
from .words import words

log = logging.getLogger("bocal.web")
COOKIE = "bocal_ws"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


@dataclass(frozen=True)
class FeedLink:
    """A calendar feed the subscribe page offers (its https URL; webcal:// is derived)."""

    label: str
    url: str


@dataclass(frozen=True)
class Settings:
    prefix: str = "/w"
    base_url: str | None = None
    lang: str = "ja"
    feed_links: tuple[FeedLink, ...] = ()
    #: the annual schedule page: (workspace, request, session) → Response; None until it is wired
    annual: Callable[..., Response] | None = None


class WorkspaceApp:
    """The workspace as a WSGI application (mount it at `settings.prefix`)."""

    def __init__(
        self,
        source: Source,
        store_url: DbUrl,
        settings: Settings | None = None,
        *,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        startup: StartupLink | None = None,
        limiter: RateLimit | None = None,
    ) -> None:
        from . import views, views_admin

        self.source, self.store_url = source, store_url
        self.settings = settings or Settings()
        self.prefix = self.settings.prefix
        self.today, self.now = today, now
        self.accounts = Accounts(store_url)
        self.startup = startup
        self.limiter = limiter or RateLimit()
        self.secure = bool(self.settings.base_url and self.settings.base_url.startswith("https://"))
        self.router = Router()
        views.register(self.router)
        views_admin.register(self.router)

    # -- WSGI --------------------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        head = environ.get("REQUEST_METHOD") == "HEAD"
        user = "-"
        try:
            req = read_request(environ, self.prefix)
            resp, user = self.handle(req)
        except HTTPError as e:
            resp = self.error(e.status, e.message, self.settings.lang)
        except BocalError as e:
            resp = self.error(500, "; ".join(str(p) for p in e.problems), self.settings.lang)
        # the path only: a sign-in token in the query string never reaches a log
        log.info("%s %s %s %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"), resp.status, user)
        return resp.send(start_response, head=head)

    def handle(self, req: Request) -> tuple[Response, str]:
        if req.path.startswith("/static/"):
            return self.static(req.path[len("/static/") :]), "-"
        if req.path == "/signin":
            from .views_admin import signin

            return signin(self, req), "-"
        sess = self.session_of(req)
        if sess is None:
            if req.method == "POST":
                raise HTTPError(403, "sign in first")
            return redirect(self.prefix + "/signin"), "-"
        if req.method == "POST":
            self.check_post(req, sess)
        handler, params = self.router.match(req.method, req.path)
        return handler(self, req, sess, **params), sess.user.name

    def check_post(self, req: Request, sess: Session) -> None:
        """Refuse a state-changing request without the session's CSRF token or from another origin."""
        origin = req.headers.get("origin")
        if origin and origin != "null" and not self.same_origin(origin, req):
            raise HTTPError(403, "the form came from another site")
        if not sess.csrf_ok(req.form.get("csrf")):
            raise HTTPError(403, "the form's security token is missing or out of date; reload the page and try again")

    def same_origin(self, origin: str, req: Request) -> bool:
        if self.settings.base_url and self.settings.base_url.startswith(origin):
            return True
        host = req.headers.get("host", "")
        return origin in (f"http://{host}", f"https://{host}")

    def session_of(self, req: Request) -> Session | None:
        cookie = req.cookies.get(COOKIE)
        if not cookie:
            return None
        return self.accounts.session(cookie, now=self.now())

    def sign_in(self, user: User) -> Response:
        """A session for `user`, and a redirect to the clean workspace URL."""
        cookie = self.accounts.new_session(user, now=self.now())
        header = cookie_header(COOKIE, cookie, path=self.prefix, secure=self.secure, max_age=14 * 86400)
        return redirect(self.prefix + "/", [header])

    def sign_out(self, sess: Session) -> Response:
        self.accounts.end_session(sess.id)
        header = cookie_header(COOKIE, "", path=self.prefix, secure=self.secure, max_age=0)
        return redirect(self.prefix + "/signin", [header])

    def clock(self) -> float:
        return time.monotonic()

    # -- pages ---------------------------------------------------------------------------------------
    def lang_of(self, req: Request) -> str:
        lang = req.arg("lang") or self.settings.lang
        return "en" if lang == "en" else "ja"

    def page(self, name: str, req: Request, sess: Session | None, status: int = 200, **context: Any) -> Response:
        lang = context.pop("lang", None) or self.lang_of(req)
        loaded = self.source.load()
        base = {
            "prefix": self.prefix,
            "lang": lang,
            "w": words(lang),
            "user": sess.user if sess else None,
            "csrf": sess.csrf if sess else "",
            "office": loaded.office,
            "problems": [str(p) for p in (*loaded.problems, *self.source.last_problems)],
            "today": self.today(),
            "annual": self.settings.annual is not None,
            "active": context.pop("active", ""),
        }
        return Response(status, render(name, **base, **context))

    def error(self, status: int, message: str, lang: str) -> Response:
        body = render("error.html", prefix=self.prefix, lang=lang, w=words(lang), status=status, message=message)
        return Response(status, body)

    def static(self, name: str) -> Response:
        if name == "annual.css" and self.settings.annual is not None:
            from .annual_page import stylesheet

            return Response(200, stylesheet(), STATIC_TYPES[".css"])
        suffix = name[name.rfind(".") :] if "." in name else ""
        if "/" in name or name.startswith(".") or suffix not in STATIC_TYPES:
            raise HTTPError(404, "not found")
        try:
            data = files("bocal.web").joinpath("static", name).read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            raise HTTPError(404, "not found") from None
        resp = Response(200, data, STATIC_TYPES[suffix])
        return resp


def mount(feeds_app: Any, workspace_app: WorkspaceApp) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """One WSGI app: paths below the workspace's prefix go to the workspace, all others to the feeds."""
    prefix = workspace_app.prefix

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", ""))
        if path == prefix:
            return redirect(prefix + "/").send(start_response)
        if path.startswith(prefix + "/"):
            return workspace_app(environ, start_response)
        result: Iterable[bytes] = feeds_app(environ, start_response)
        return result

    return app
