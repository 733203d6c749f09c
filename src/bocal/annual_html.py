"""The 年間スケジュール表 as a printable HTML page (A4 landscape, one year on one or two pages).

`render_annual_html(schedule)` returns a whole page from the Jinja2 template `templates/annual.html`
with autoescape on: every company name, title, owner and note is escaped. The page has no script at
all and a viewport meta; its stylesheet (`templates/annual.css`, `@page { size: A4 landscape }`) is
embedded by default so that a saved file prints as it is, or linked with `stylesheet_href` when a
server sends it separately (a strict CSP without inline styles). The workspace serves the same page.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from .annual import AnnualSchedule, Entry, marks_legend
from .i18n import t


@cache
def _environment() -> Any:
    import jinja2  # only the HTML page pays for jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("bocal", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=True,
    )


def annual_css() -> str:
    """The page's stylesheet (screen and print), for a server that sends it as its own file."""
    return files("bocal").joinpath("templates/annual.css").read_text(encoding="utf-8")


def _entry(e: Entry, lang: str) -> dict[str, Any]:
    classes = ["task", f"status-{e.status.value}"]
    if e.moved:
        classes.append("moved")
    if e.overdue:
        classes.append("overdue")
    tip = [e.title(lang), e.date_text(lang)]
    if e.status.value != "open":
        tip.append(e.status_text(lang))
    reason = e.move_text(lang)
    if reason:
        tip.append(reason)
    window = ""
    if e.window:
        a, b = e.window
        window = t("sheet.window", lang, a=f"{a.month}/{a.day}", b=f"{b.month}/{b.day}")
    wd = e.due.weekday()
    return {
        "classes": " ".join(classes),
        "tooltip": " / ".join(tip),
        "iso": e.due.isoformat(),
        "day": e.day_text(lang),
        "day_class": "day sat" if wd == 5 else "day sun" if wd == 6 else "day",
        "mark": e.mark(lang),
        "label": e.short_label(lang),
        "window": window,
        "owner": e.owner or "",
    }


def page_context(schedule: AnnualSchedule, lang: str = "ja", *, wareki: bool = False) -> dict[str, Any]:
    """What the template draws: plain strings and lists, so a server can reuse it with its own layout."""
    rows = []
    for i, m in enumerate(schedule.months):
        rows.append(
            {
                "label": m.label(lang),
                "year": str(m.year) if i == 0 or m.month == 1 else "",
                "cells": [[_entry(e, lang) for e in cell] for cell in m.cells],
            }
        )
    notes = []
    if any(e.moved for e in schedule.entries()):
        notes.append(t("sheet.html_moved", lang))
    horizon = schedule.horizon(lang)
    if horizon:
        notes.append(horizon)
    return {
        "lang": "ja" if lang == "ja" else "en",
        "title": schedule.title(lang, wareki_years=wareki),
        "company": schedule.company,
        "legend": marks_legend(lang),
        "month_header": t("sheet.month", lang),
        "area_names": schedule.area_names(lang),
        "rows": rows,
        "notes": notes,
    }


def render_annual_html(
    schedule: AnnualSchedule, lang: str = "ja", *, wareki: bool = False, stylesheet_href: str | None = None
) -> str:
    """The whole page; the stylesheet embedded unless `stylesheet_href` names where it is served."""
    context = page_context(schedule, lang, wareki=wareki)
    context["stylesheet_href"] = stylesheet_href
    context["css"] = "" if stylesheet_href else annual_css()
    return str(_environment().get_template("annual.html").render(context))
