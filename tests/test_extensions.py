"""Disaster extensions (国税通則法11条) declared in the profile: dates derived by hand from the 2024 calendar.

The model is the 令和6年能登半島地震 extension for 石川県・富山県: national-tax deadlines from 2024-01-01
moved to 2024-09-30 (Mon). 2024 calendar facts used below: 1/10 Wed; 2/10 Sat, 2/11 建国記念の日 (Sun),
2/12 振替休日 → 2/13 Tue; 9/10 Tue; 9/28 Sat, 9/29 Sun, 9/30 Mon; 10/10 Thu.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bocal.cli import cli
from bocal.describe import move_reason
from bocal.errors import ProfileError
from bocal.expand import expand
from bocal.profile import Profile, build_profile, load_profile
from bocal.rules import Catalog, load_catalog

D = date
RULES = """
[[duty]]
id = "withholding-tax"
title = "源泉所得税の納付"
title_en = "Pay withheld income tax"
area = "accounting"
every = "month"
due = "10th of next month"
regime = "national-tax"
basis = "所得税法183条1項"
source = "https://www.nta.go.jp/"

[[duty]]
id = "social-insurance"
title = "社会保険料の納付"
title_en = "Pay social insurance"
area = "labor"
every = "month"
due = "last day of next month"
regime = "government"
basis = "健康保険法164条1項"
source = "https://www.nenkin.go.jp/"
"""
NOTO = "令和6年能登半島地震による申告・納付等の期限延長（石川県・富山県）"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    p = tmp_path_factory.mktemp("rules") / "rules.toml"
    p.write_text(RULES, "utf-8")
    return load_catalog([p], bundled=False)


def profile(*extensions: dict[str, Any]) -> Profile:
    return build_profile({"company": {"name": "能登商事"}, "extension": list(extensions)}, path=None)


def noto(**over: Any) -> dict[str, Any]:
    ext: dict[str, Any] = {
        "regimes": ["national-tax"],
        "from": D(2024, 1, 1),
        "to": D(2024, 9, 29),
        "until": D(2024, 9, 30),
        "note": NOTO,
    }
    ext.update(over)
    return ext


def due_by_period(tasks: list[Any], duty: str) -> dict[str, tuple[date, date]]:
    return {t.period.key: (t.nominal, t.due) for t in tasks if t.duty.id == duty}


def test_national_tax_deadlines_in_the_span_move_to_until(catalog: Catalog) -> None:
    tasks = expand(catalog, profile(noto()), D(2024, 1, 1), D(2024, 12, 31))
    wt = due_by_period(tasks, "withholding-tax")
    # Dec 2023: nominal 1/10 (Wed, open) lies in the span → 9/30; nominal date kept for explanations
    assert wt["2023-12"] == (D(2024, 1, 10), D(2024, 9, 30))
    # Jan 2024: 2/10 Sat → 2/13 Tue by 国税通則法10条2項, which lies in the span → 9/30
    assert wt["2024-01"] == (D(2024, 2, 10), D(2024, 9, 30))
    # Aug 2024: 9/10 → 9/30
    assert wt["2024-08"] == (D(2024, 9, 10), D(2024, 9, 30))
    # Sep 2024: 10/10 is after the span: unchanged
    assert wt["2024-09"] == (D(2024, 10, 10), D(2024, 10, 10))
    # the government-regime duty is not covered: Jan 2024 social insurance stays 2/29 (Thu)
    assert due_by_period(tasks, "social-insurance")["2024-01"] == (D(2024, 2, 29), D(2024, 2, 29))


def test_range_queries_see_tasks_extended_into_them_and_not_out_of_them(catalog: Catalog) -> None:
    p = profile(noto())
    september = [t for t in expand(catalog, p, D(2024, 9, 1), D(2024, 9, 30)) if t.duty.id == "withholding-tax"]
    # the periods Dec 2023 … Aug 2024 (nine months) are all due 9/30
    assert [t.period.key for t in september] == [
        f"{y}-{m:02d}" for y, m in [(2023, 12)] + [(2024, k) for k in range(1, 9)]
    ]
    assert {t.due for t in september} == {D(2024, 9, 30)}
    january = [t for t in expand(catalog, p, D(2024, 1, 1), D(2024, 1, 31)) if t.duty.id == "withholding-tax"]
    assert january == []
    # UIDs never change with the date
    plain = expand(catalog, profile(), D(2024, 1, 1), D(2024, 1, 31))
    assert september[0].uid == next(t.uid for t in plain if t.duty.id == "withholding-tax")


def test_move_reason_names_the_extension(catalog: Catalog) -> None:
    t = next(t for t in expand(catalog, profile(noto()), D(2024, 9, 30), D(2024, 9, 30)) if t.period.key == "2024-01")
    assert t.extension is not None and t.moved
    assert move_reason(t, "ja") == f"{NOTO}により 9/30(月) に延長 — 国税通則法11条"
    assert move_reason(t, "en") == f"extended to Mon 9/30: {NOTO} — 国税通則法11条"


def test_until_on_a_closed_day_shifts_again(catalog: Catalog) -> None:
    # until 9/28 is a Saturday: the extended deadline moves on to 9/30 (Mon) like any deadline
    p = profile(noto(to=D(2024, 9, 27), until=D(2024, 9, 28)))
    tasks = expand(catalog, p, D(2024, 9, 1), D(2024, 9, 30))
    t = next(t for t in tasks if t.duty.id == "withholding-tax" and t.period.key == "2024-08")
    assert t.due == D(2024, 9, 30)
    assert [c.day for c in t.closed][-2:] == [D(2024, 9, 28), D(2024, 9, 29)]


def test_per_duty_extension_and_the_latest_until_wins(catalog: Catalog) -> None:
    by_id = {"duties": ["social-insurance"], "from": D(2024, 1, 1), "to": D(2024, 3, 31), "until": D(2024, 4, 30)}
    by_id["note"] = "個別指定による期限延長"
    p = profile(by_id, noto(to=D(2024, 3, 31), until=D(2024, 5, 31)), noto(to=D(2024, 3, 31), until=D(2024, 4, 30)))
    tasks = expand(catalog, p, D(2024, 1, 1), D(2024, 12, 31))
    # social insurance for Jan 2024 (2/29) → 4/30 (Tue) by the per-duty entry, basis defaults to 期限延長
    si = next(t for t in tasks if t.duty.id == "social-insurance" and t.period.key == "2024-01")
    assert si.due == D(2024, 4, 30) and si.extension is not None and si.extension.basis == "期限延長"
    # withholding for Feb 2024 (3/11 Mon) is covered by two entries: the later until (5/31 Fri) wins
    wt = next(t for t in tasks if t.duty.id == "withholding-tax" and t.period.key == "2024-02")
    assert (wt.nominal, wt.due) == (D(2024, 3, 10), D(2024, 5, 31))


def test_profile_file_with_extension_round_trip(tmp_path: Path) -> None:
    p = tmp_path / "noto.toml"
    p.write_text(
        '[company]\nname = "能登商事"\n\n[[extension]]\nregimes = ["national-tax", "local-tax"]\n'
        f'from = 2024-01-01\nto = 2024-09-29\nuntil = 2024-09-30\nnote = "{NOTO}"\n',
        "utf-8",
    )
    prof = load_profile(p)
    (ext,) = prof.extensions
    assert ext.basis == "国税通則法11条; 地方税法20条の5の2"
    assert ext.line == 4 and ext.regimes == {"national-tax", "local-tax"}


@pytest.mark.parametrize(
    "ext, message",
    [
        (noto(regimes=[]), 'key "extension[1].regimes": say whose deadlines move'),
        (noto(regimes="national-tax"), 'key "extension[1].regimes": must be a list of strings'),
        (noto(duties=["Withholding Tax"]), "'Withholding Tax' is not a duty id"),
        (noto(to=D(2023, 12, 31)), 'key "extension[1].to": to (2023-12-31) is before from (2024-01-01)'),
        (noto(until=D(2030, 1, 1)), "spans more than three years"),
        (noto(note=" "), 'key "extension[1].note": is required'),
        (noto(basis=3), 'key "extension[1].basis": must be a non-empty string'),
        (noto(until="2024-09-31"), "'2024-09-31' is not a real date"),
    ],
)
def test_invalid_extensions(ext: dict[str, Any], message: str) -> None:
    with pytest.raises(ProfileError) as info:
        profile(ext)
    assert len(info.value.problems) == 1
    assert message in str(info.value)


def test_cli_shows_the_extension(tmp_path: Path) -> None:
    (tmp_path / "rules.toml").write_text(RULES, "utf-8")
    (tmp_path / "noto.toml").write_text(
        '[company]\nname = "能登商事"\n[[extension]]\nregimes = ["national-tax"]\n'
        f'from = 2024-01-01\nto = 2024-09-29\nuntil = 2024-09-30\nnote = "{NOTO}"\n',
        "utf-8",
    )
    r = CliRunner().invoke(
        cli,
        [
            "--today",
            "2024-09-01",
            "list",
            "--no-bundled",
            "--rules",
            str(tmp_path / "rules.toml"),
            "--profile",
            str(tmp_path / "noto.toml"),
            "--month",
            "2024-09",
            "--format",
            "json",
        ],
    )
    assert r.exit_code == 0, r.stderr
    assert f"{NOTO}により 9/30(月) に延長 — 国税通則法11条" in r.stdout
