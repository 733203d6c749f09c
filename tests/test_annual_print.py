"""The annual schedule printed by a real browser: Chromium headless `--print-to-pdf`, pages counted by pdfinfo.

The page's stylesheet asks for `@page { size: A4 landscape }` (842 × 595 pt) and keeps a month's row
on one page; a year of the bundled catalog must fit on one or two pages. Needs `chromium` and
`pdfinfo` (.ci/tools.d/chromium installs both); without them the tests skip, except under CI where a
missing tool is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from bocal.annual import annual_schedule, year_span
from bocal.annual_html import render_annual_html
from bocal.expand import Expander
from bocal.profile import default_profile
from bocal.rules import load_catalog
from helpers.paths import FORMS

TOOLS = ("chromium", "pdfinfo")
missing = [t for t in TOOLS if shutil.which(t) is None]
if missing and os.environ.get("CI"):
    raise RuntimeError(f"{', '.join(missing)} missing: run .ci/install-test-tools")
pytestmark = pytest.mark.skipif(bool(missing), reason=f"needs {', '.join(missing)} (.ci/tools.d/chromium)")


def print_pdf(html: str, tmp: Path) -> tuple[int, tuple[float, float]]:
    """(pages, (width, height) in pt) of the page printed by Chromium."""
    page, pdf = tmp / "annual.html", tmp / "annual.pdf"
    page.write_text(html, encoding="utf-8")
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert size is not None, info
    return pages, (float(size.group(1)), float(size.group(2)))


def test_a_year_of_the_bundled_catalog_prints_on_one_or_two_a4_landscape_pages(tmp_path: Path) -> None:
    catalog = load_catalog([], bundled=True)
    s = annual_schedule(Expander(catalog), default_profile(), *year_span(2026, 3), today=date(2026, 7, 1))
    assert s.count > 150  # a full year of every area: the hardest case for the page count
    pages, (w, h) = print_pdf(render_annual_html(s), tmp_path)
    # A4 is 210 × 297 mm = 595.3 × 841.9 pt; landscape puts the long side across
    assert (round(w), round(h)) == (842, 595)
    assert pages in (1, 2)


def test_a_small_schedule_is_one_page(tmp_path: Path) -> None:
    s = annual_schedule(Expander(load_catalog([FORMS], bundled=False)), default_profile(), *year_span(2026))
    pages, size = print_pdf(render_annual_html(s, "en"), tmp_path)
    assert (pages, (round(size[0]), round(size[1]))) == (1, (842, 595))


def test_three_years_do_not_fit_on_two_pages(tmp_path: Path) -> None:
    # 36 month rows of the full catalog: the page count must grow (each row is kept whole on a page)
    catalog = load_catalog([], bundled=True)
    s = annual_schedule(Expander(catalog), default_profile(), date(2026, 1, 1), date(2028, 12, 31))
    pages, _ = print_pdf(render_annual_html(s), tmp_path)
    assert pages > 2
