"""Signing in and out, managing users (admins), the subscribe page and the annual schedule's route."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import UsageError
from .auth import ROLE_NAMES, ROLES
from .http import HTTPError, Request, Response, Router, redirect

if TYPE_CHECKING:
    from .app import WorkspaceApp
    from .auth import Session


def register(router: Router) -> None:
    router.add("POST", "/signout", signout)
    router.add("GET", "/users", users)
    router.add("POST", "/users", user_add)
    router.add("POST", "/users/remove", user_remove)
    router.add("GET", "/subscribe", subscribe)
    router.add("GET", "/year", year)


def signin(ws: WorkspaceApp, req: Request) -> Response:
    """GET with ?token= (the printed link) or POST with a pasted token: a session and a clean URL."""
    token = req.form.get("token", "") if req.method == "POST" else req.arg("token")
    if req.method not in ("GET", "HEAD", "POST"):
        raise HTTPError(405, "method not allowed")
    if not token or req.method == "HEAD":  # a link checker's HEAD never uses up a one-time link
        return ws.page("signin.html", req, None, failed=False)
    origin = req.headers.get("origin")
    if req.method == "POST" and origin and origin != "null" and not ws.same_origin(origin, req):
        raise HTTPError(403, "the form came from another site")  # no signing a victim in to another account
    who = req.remote or "?"
    if not ws.limiter.allowed(who, ws.clock()):
        raise HTTPError(429, "too many sign-in attempts; wait a few minutes")
    token = token.strip()
    user = None
    if ws.startup is not None and ws.startup.redeem(token):
        user = ws.accounts.ensure_admin(now=ws.now())
    else:
        user = ws.accounts.redeem(token, now=ws.now())
    if user is None:
        ws.limiter.failed(who, ws.clock())
        return ws.page("signin.html", req, None, status=403, failed=True)
    return ws.sign_in(user)


def signout(ws: WorkspaceApp, req: Request, sess: Session) -> Response:
    return ws.sign_out(sess)


def _admin(sess: Session) -> None:
    if not sess.user.is_admin():
        raise HTTPError(403, "only administrators manage users")


def users(ws: WorkspaceApp, req: Request, sess: Session, *, link: str = "", status: int = 200) -> Response:
    _admin(sess)
    lang = ws.lang_of(req)
    return ws.page(
        "users.html",
        req,
        sess,
        status=status,
        active="users",
        users=ws.accounts.users(),
        roles=[(r, ROLE_NAMES[r] if lang == "ja" else r) for r in ROLES],
        role_names=ROLE_NAMES if lang == "ja" else {r: r for r in ROLES},
        link=link,
        error="",
    )


def _link_base(ws: WorkspaceApp, req: Request) -> str:
    if ws.settings.base_url:
        return ws.settings.base_url
    host = req.headers.get("host", "127.0.0.1")
    return f"{req.scheme}://{host}"


def user_add(ws: WorkspaceApp, req: Request, sess: Session) -> Response:
    _admin(sess)
    name, role = req.form.get("name", "").strip(), req.form.get("role", "")
    try:
        ws.accounts.add_user(name, role, by=sess.user.name, now=ws.now())
        token = ws.accounts.signin_token(name, now=ws.now())
    except UsageError as e:
        raise HTTPError(400, "; ".join(p.message for p in e.problems)) from None
    return users(ws, req, sess, link=f"{_link_base(ws, req)}{ws.prefix}/signin?token={token}")


def user_remove(ws: WorkspaceApp, req: Request, sess: Session) -> Response:
    _admin(sess)
    name = req.form.get("name", "")
    if name == sess.user.name:
        raise HTTPError(400, "you cannot remove yourself")
    if not ws.accounts.remove_user(name):
        raise HTTPError(404, "no such user")
    return redirect(ws.prefix + "/users")


#: Which link suits which calendar app.
APPS = {
    "ja": (
        (
            "Google カレンダー",
            "https",
            "「他のカレンダー」→「URL で追加」に https のリンクを貼り付け（更新は数時間〜1日ごと）",
        ),
        ("Outlook", "https", "「カレンダーを追加」→「Web から購読」に https のリンクを貼り付け"),
        ("Apple カレンダー（Mac・iPhone）", "webcal", "webcal のリンクを開くと購読の確認が出ます"),
        ("Thunderbird", "https", "「新しいカレンダー」→「ネットワーク上」に https のリンク"),
    ),
    "en": (
        (
            "Google Calendar",
            "https",
            "Other calendars → From URL: paste the https link (refreshes every few hours to a day)",
        ),
        ("Outlook", "https", "Add calendar → Subscribe from web: paste the https link"),
        ("Apple Calendar (Mac, iPhone)", "webcal", "Open the webcal link and confirm the subscription"),
        ("Thunderbird", "https", "New Calendar → On the Network: the https link"),
    ),
}


def subscribe(ws: WorkspaceApp, req: Request, sess: Session) -> Response:
    lang = ws.lang_of(req)
    links = [
        {"label": f.label, "https": f.url, "webcal": "webcal://" + f.url.split("://", 1)[-1]}
        for f in ws.settings.feed_links
    ]
    return ws.page(
        "subscribe.html",
        req,
        sess,
        active="subscribe",
        links=links,
        apps=APPS["en" if lang == "en" else "ja"],
        no_base_url=not ws.settings.base_url,
    )


def year(ws: WorkspaceApp, req: Request, sess: Session) -> Response:
    if ws.settings.annual is None:
        raise HTTPError(404, "the annual schedule is not available in this bocal")
    return ws.settings.annual(ws, req, sess)
