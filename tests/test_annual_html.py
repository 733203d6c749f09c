"""The printable 年間スケジュール表 page (annual_html.py): structure, escaping, no scripts, the stylesheet.

Dates as derived in test_annual.py's docstring (forms fixture, default profile): in January 2026 源泉所得税
(Dec 2025) is due Tue 1/13 (1/10 Sat, 1/11 Sun, 1/12 成人の日), 社会保険料 (Nov 2025) Mon 1/5.
"""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from bocal.annual import annual_schedule, year_span
from bocal.annual_html import annual_css, render_annual_html
from bocal.cli import cli
from bocal.expand import Expander
from bocal.profile import build_profile, default_profile
from bocal.rules import load_catalog
from bocal.state import Status, TaskState, task_key
from helpers.paths import FORMS

RULES = ["--no-bundled", "--rules", str(FORMS)]
EVIL = '<script>alert("x")</script> & "Co" \'1\''


class Outline(HTMLParser):
    """Collects the tags, the table's rows and cells, and every text node."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th") and self.rows:
            self.rows[-1].append("")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.rows and self.rows[-1] and any(t in ("td", "th") for t in self.stack):
            self.rows[-1][-1] += data


@pytest.fixture(scope="module")
def expander() -> Expander:
    return Expander(load_catalog([FORMS], bundled=False))


def outline(html: str) -> Outline:
    p = Outline()
    p.feed(html)
    p.close()
    return p


def test_page_is_a_months_by_areas_table(expander: Expander) -> None:
    s = annual_schedule(expander, default_profile(), *year_span(2026), today=date(2026, 1, 14))
    html = render_annual_html(s)
    o = outline(html)
    assert html.startswith('<!doctype html>\n<html lang="ja">')
    assert o.rows[0] == ["月", "総務", "人事", "労務", "経理", "法務", "情報システム"]
    assert len(o.rows) == 1 + 12
    assert [r[0] for r in o.rows[1:]] == ["1月2026"] + [f"{k}月" for k in range(2, 13)]
    january = o.rows[1]
    assert "5(月)" in january[3] and "社会保険料の納付" in january[3]
    # 源泉 1/13: moved (class moved), open and past today 1/14 → overdue, marked !
    items = [a for t, a in o.tags if t == "li"]
    gensen = [a for a in items if (a.get("title") or "").startswith("源泉所得税の納付（2025年12月分） / 1/13(火) / ")]
    assert len(gensen) == 1
    assert gensen[0]["title"].endswith("1/10(土)・1/11(日)・1/12(成人の日)のため 1/13(火) に延長 — 国税通則法10条2項")  # type: ignore[union-attr]
    assert gensen[0]["class"] == "task status-open moved overdue"
    assert ("time", {"class": "day", "datetime": "2026-01-13"}) in o.tags
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in o.tags


def test_no_script_and_the_print_stylesheet(expander: Expander) -> None:
    s = annual_schedule(expander, default_profile(), *year_span(2026))
    html = render_annual_html(s)
    assert "<script" not in html.lower() and " on" not in html.split("<body>")[1].split(">")[0]
    assert "@page { size: A4 landscape;" in html
    assert annual_css() in html  # embedded whole, not escaped (quotes of font names intact)
    linked = render_annual_html(s, stylesheet_href="/static/annual.css")
    assert '<link rel="stylesheet" href="/static/annual.css">' in linked and "<style>" not in linked


def test_every_profile_and_state_string_is_escaped(expander: Expander) -> None:
    profile = build_profile({"company": {"name": EVIL}, "owners": {"labor": "<b>労務</b>"}}, path=None)
    start, end = date(2026, 1, 1), date(2026, 1, 31)
    tasks = expander.expand(profile, start, end)
    acct = next(t for t in tasks if t.duty.id == "payroll")

    class View:
        def get(self, key: str) -> TaskState | None:
            return TaskState(key, Status.DONE, '"><img src=x onerror=alert(1)>') if key == task_key(acct) else None

        def version(self) -> str:
            return "1"

    s = annual_schedule(expander, profile, start, end, state=View())
    html = render_annual_html(s)
    assert "<script>alert" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;Co&#34; &#39;1&#39;" in html
    o = outline(html)
    assert EVIL in "".join(o.text)  # the reader sees the name as written
    assert "<b>労務</b>" in "".join(o.text)
    assert not any(t in ("script", "img", "b") for t, _ in o.tags)


def test_english_page(expander: Expander) -> None:
    s = annual_schedule(expander, default_profile(), *year_span(2026, 3), fiscal=True)
    o = outline(render_annual_html(s, "en"))
    assert o.rows[0] == ["Month", "General affairs", "HR", "Labour", "Accounting", "Legal", "IT"]
    assert o.rows[1][0] == "Apr2026"
    assert "FY2026 Apr 2026–Mar 2027 annual schedule" in "".join(o.text)


def test_year_format_html_writes_the_file(tmp_path: object) -> None:
    from pathlib import Path

    out = Path(str(tmp_path)) / "y.html"
    r = CliRunner().invoke(
        cli, ["--today", "2026-11-30", "year", "2026", *RULES, "--format", "html", "-o", str(out)],
        env={"LANG": "ja_JP.UTF-8", "BOCAL_TODAY": None},
    )  # fmt: skip
    assert r.exit_code == 0, r.stderr
    html = out.read_text(encoding="utf-8")
    assert "<title>2026年 年間スケジュール表 — サンプル株式会社</title>" in html
