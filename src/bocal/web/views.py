"""The task pages: the agenda (this month / upcoming / overdue), a task's page, its controls, the office tables."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..expand import Task
from ..explain import explain
from ..state import Status
from ..store import KEEP, Store, TaskRef, Update
from .http import HTTPError, Request, Response, Router, redirect
from .render import STATUS_LABELS, day_text, group_by_date, task_row
from .source import Company

if TYPE_CHECKING:
    from .app import WorkspaceApp
    from .auth import Session

VIEWS = ("month", "upcoming", "overdue")
#: How far back the overdue list and the worklist look for unfinished tasks.
LOOK_BACK = timedelta(days=90)
PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
NOTE_MAX = 2000
#: At most this many tasks on one page (an office's month can hold thousands): the rest is counted, and
#: the page asks for a filter by client, area, owner or status.
MAX_ROWS = 300


def register(router: Router) -> None:
    router.add("GET", "/", agenda)
    router.add("GET", "/task/{company}/{duty}/{period}", task_page)
    router.add("POST", "/task/{company}/{duty}/{period}", task_update)
    router.add("GET", "/progress", progress)
    router.add("GET", "/work", worklist)


def _month_end(d: date) -> date:
    nxt = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    return nxt - timedelta(days=1)


def view_range(view: str, today: date) -> tuple[date, date]:
    if view == "upcoming":
        return today, today + timedelta(days=30)
    if view == "overdue":
        return today - LOOK_BACK, today - timedelta(days=1)
    return today.replace(day=1), _month_end(today)


def _chosen(ws: WorkspaceApp, req: Request) -> list[Company] | None:
    loaded = ws.source.load()
    ident = req.arg("client")
    if not ident:
        return None
    found = loaded.company(ident)
    if found is None:
        raise HTTPError(404, "no such client")
    return [found]


def rows_for(ws: WorkspaceApp, req: Request, start: date, end: date, lang: str) -> list[dict[str, Any]]:
    """Rows of every chosen company's tasks in [start, end] with their stored state, filtered by the query."""
    pairs = ws.source.tasks(start, end, companies=_chosen(ws, req))
    keys = [f"{t.duty.id}-{t.period.key}-{t.company}" for _, t in pairs]
    with Store(ws.store_url) as store:
        view = store.snapshot(keys)
    today = ws.today()
    rows = [task_row(c, t, view.get(k), today, lang, ws.prefix) for (c, t), k in zip(pairs, keys, strict=True)]
    area, owner, status = req.arg("area"), req.arg("owner"), req.arg("status")
    if area:
        rows = [r for r in rows if r["area"] == area]
    if owner:
        rows = [r for r in rows if owner in r["assignee"] or owner in r["owner"]]
    if status:
        rows = [r for r in rows if r["status"] == status]
    return rows


def _filters(ws: WorkspaceApp, req: Request, lang: str) -> dict[str, Any]:
    from ..describe import area_name
    from ..profile import AREAS

    loaded = ws.source.load()
    return {
        "clients": [(c.id, c.name) for c in loaded.companies] if loaded.office else [],
        "areas": [(a, area_name(a, lang)) for a in AREAS],
        "statuses": [(s.value, STATUS_LABELS[lang][s.value]) for s in Status],
        "q": {k: req.arg(k) for k in ("client", "area", "owner", "status", "view", "period", "wareki", "lang")},
    }


def agenda(ws: WorkspaceApp, req: Request, sess: Session) -> Response:
    lang = ws.lang_of(req)
    view = req.arg("view", "month")
    if view not in VIEWS:
        raise HTTPError(400, "view is month, upcoming or overdue")
    today = ws.today()
    start, end = view_range(view, today)
    rows = rows_for(ws, req, start, end, lang)
    if view == "overdue":
        rows = [r for r in rows if not r["finished"]]
    wareki_on = req.arg("wareki") == "1"
    open_rows = [r for r in rows if not r["finished"]]
    counts = {
        "total": len(rows),
        "today": sum(1 for r in open_rows if r["due"] == today),
        "overdue": sum(1 for r in open_rows if r["due"] < today),
    }
    shown = rows[:MAX_ROWS]
    return ws.page(
        "agenda.html",
        req,
        sess,
        active=view,
        view=view,
        groups=group_by_date(shown, today, lang, wareki_on),
        cut=len(rows) - len(shown),
        counts=counts,
        range_text=f"{day_text(start, lang, wareki_on=wareki_on)} 〜 {day_text(end, lang, wareki_on=wareki_on)}",
        today_text=day_text(today, lang, wareki_on=wareki_on),
        wareki=wareki_on,
        back=req.prefix + req.path + _query(req),
        **_filters(ws, req, lang),
    )


def _query(req: Request) -> str:
    from urllib.parse import urlencode

    return ("?" + urlencode(req.query)) if req.query else ""


def _task(ws: WorkspaceApp, company: str, duty: str, period: str) -> tuple[Company, Task]:
    loaded = ws.source.load()
    found = loaded.company(company)
    if found is None or loaded.duty(duty) is None:
        raise HTTPError(404, "no such task")
    task = ws.source.find(found, duty, period, ws.today())
    if task is None:
        raise HTTPError(404, "no such task")
    return found, task


def explanation(ws: WorkspaceApp, company: Company, task: Task, lang: str) -> tuple[list[str], list[str]]:
    """The numbered steps of `bocal explain` and the notes under them."""
    text = explain(ws.source.load().catalog, company.profile, task, lang)
    steps, notes = [], []
    for line in text.splitlines()[1:]:
        m = re.match(r"^\s*\d+\.\s(.*)$", line)
        if m:
            steps.append(m.group(1))
        elif line.strip():
            notes.append(line.strip())
    return steps, notes


def task_page(ws: WorkspaceApp, req: Request, sess: Session, company: str, duty: str, period: str) -> Response:
    lang = ws.lang_of(req)
    c, task = _task(ws, company, duty, period)
    ref = TaskRef.of(task)
    with Store(ws.store_url) as store:
        state = store.get(ref.key)
        history = store.history(keys=[ref.key])
    steps, notes = explanation(ws, c, task, lang)
    row = task_row(c, task, state, ws.today(), lang, ws.prefix)
    changes = [
        {
            "at": ch.at.replace("T", " ")[:16],
            "by": ch.by or "",
            "fields": [(name, _value(old, lang), _value(new, lang)) for name, old, new in ch.fields()],
            "action": ch.action,
        }
        for ch in reversed(history)
    ]
    d = task.duty
    source = d.source or ""
    return ws.page(
        "task.html",
        req,
        sess,
        row=row,
        steps=steps,
        notes=notes,
        basis=d.basis,
        source=source,
        source_is_link=source.startswith(("https://", "http://")),
        history=changes,
        due_text=day_text(task.due, lang, wareki_on=req.arg("wareki") == "1"),
        back=row["url"],
        statuses=[(s.value, STATUS_LABELS[lang][s.value]) for s in Status],
    )


def _value(v: object, lang: str) -> str:
    if isinstance(v, Status):
        return STATUS_LABELS[lang][v.value]
    if v is None:
        return "—"
    return str(v)


def _safe_back(ws: WorkspaceApp, back: str, default: str) -> str:
    """Only a path inside the workspace (never another site) to return to after a change."""
    if back.startswith(ws.prefix + "/") and not back.startswith("//") and "\\" not in back and "\n" not in back:
        return back
    return default


def task_update(ws: WorkspaceApp, req: Request, sess: Session, company: str, duty: str, period: str) -> Response:
    if not sess.user.can_change():
        raise HTTPError(403, "viewers cannot change tasks")
    c, task = _task(ws, company, duty, period)
    f = req.form
    status: Status | Any = KEEP
    if f.get("status"):
        try:
            status = Status(f["status"])
        except ValueError:
            raise HTTPError(400, f"unknown status {f['status']!r}") from None
    assignee = f["assignee"].strip() if "assignee" in f else KEEP
    note = f["note"].strip() if "note" in f else KEEP
    for text in (assignee, note):
        if isinstance(text, str) and (len(text) > NOTE_MAX or any(ord(ch) < 32 and ch not in "\n\r\t" for ch in text)):
            raise HTTPError(400, "the assignee or note is too long or holds control characters")
    update = Update(TaskRef.of(task), status=status, assignee=assignee, note=note)
    with Store(ws.store_url) as store:
        store.apply([update], at=ws.now(), by=sess.user.name, today=ws.today())
    default = f"{ws.prefix}/task/{c.id}/{task.duty.id}/{task.period.key}"
    return redirect(_safe_back(ws, f.get("back", ""), default))


def progress(ws: WorkspaceApp, req: Request, sess: Session) -> Response:
    """Clients × duties due in one month: who is done, waiting, open or late."""
    lang = ws.lang_of(req)
    today = ws.today()
    period = req.arg("period") or f"{today.year:04d}-{today.month:02d}"
    if not PERIOD.match(period):
        raise HTTPError(400, "period is YYYY-MM")
    start = date(int(period[:4]), int(period[5:]), 1)
    rows = rows_for(ws, req, start, _month_end(start), lang)
    duties: dict[str, str] = {}
    for r in rows:
        duties.setdefault(r["duty"], r["title"].split("（")[0].split(" (")[0])
    companies: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = companies.setdefault(r["company_id"], {"name": r["company"], "cells": {}})
        entry["cells"][r["duty"]] = r
    summary = {s: sum(1 for r in rows if r["status"] == s) for s in ("done", "waiting", "open")}
    summary["late"] = sum(1 for r in rows if r["urgency"] == "overdue")
    return ws.page(
        "progress.html",
        req,
        sess,
        active="progress",
        period=period,
        duties=list(duties.items()),
        companies=list(companies.values()),
        summary=summary,
        **_filters(ws, req, lang),
    )


def worklist(ws: WorkspaceApp, req: Request, sess: Session) -> Response:
    """Unfinished tasks from 90 days back to 60 days ahead, filtered by client, area, owner and status."""
    lang = ws.lang_of(req)
    today = ws.today()
    rows = rows_for(ws, req, today - LOOK_BACK, today + timedelta(days=60), lang)
    if not req.arg("status"):
        rows = [r for r in rows if not r["finished"]]
    return ws.page(
        "work.html",
        req,
        sess,
        active="work",
        rows=rows[:MAX_ROWS],
        cut=max(0, len(rows) - MAX_ROWS),
        wareki=req.arg("wareki") == "1",
        back=req.prefix + req.path + _query(req),
        **_filters(ws, req, lang),
    )
