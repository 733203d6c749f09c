"""The annual schedule (年間スケジュール表) page of the workspace, drawn by `bocal.annual` / `annual_html`.

Importing this module fails with ImportError in a bocal without `bocal.annual`; `serving.annual_page`
then leaves the route answering 404. The page is the annual module's (months × areas, 曜日, status
marks, its A4-landscape print stylesheet served as ``/w/static/annual.css``) inside the workspace's
frame: ``?year=2026``, ``&fiscal=1`` (年度 by the profile's fiscal_year_end), ``&client=ID`` (offices),
``&wareki=1``, ``&lang=en``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..annual import build_schedule, year_span
from ..annual_html import annual_css, page_context
from ..state import task_key
from ..store import Store
from .http import HTTPError, Request, Response

if TYPE_CHECKING:
    from .app import WorkspaceApp
    from .auth import Session


def stylesheet() -> bytes:
    return str(annual_css()).encode("utf-8")


def year_page(ws: WorkspaceApp, req: Request, sess: Session) -> Response:
    lang = ws.lang_of(req)
    loaded = ws.source.load()
    today = ws.today()
    ident = req.arg("client") or loaded.companies[0].id
    company = loaded.company(ident)
    if company is None:
        raise HTTPError(404, "no such client")
    text = req.arg("year") or str(today.year)
    if not text.isdigit() or not 1990 <= int(text) <= 2100:
        raise HTTPError(400, "year is a number like 2026")
    fiscal = req.arg("fiscal") == "1"
    fye = int(company.profile.values.get("fiscal_year_end") or 12)
    start, end = year_span(int(text), fye if fiscal else None)
    tasks = [t for _, t in ws.source.tasks(start, end, companies=[company])]
    with Store(ws.store_url) as store:
        view = store.snapshot([task_key(t) for t in tasks])
    schedule = build_schedule(
        tasks,
        start,
        end,
        company=company.name,
        areas=list(company.profile.areas),
        state=view,
        today=today,
        fiscal=fiscal and fye != 12,
    )
    context: dict[str, Any] = page_context(schedule, lang, wareki=req.arg("wareki") == "1")
    return ws.page(
        "year.html",
        req,
        sess,
        active="year",
        sheet=context,
        company_name=company.name,
        year=int(text),
        fiscal=fiscal,
        clients=[(c.id, c.name) for c in loaded.companies] if loaded.office else [],
        client=company.id,
        q_wareki=req.arg("wareki") == "1",
    )
