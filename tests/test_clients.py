"""An office's clients (--clients DIR): exact output for the fixture clients, a broken client isolated,
the synthetic-office generator, and shared expansion giving what each client gets alone."""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

import jpholiday
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bocal.calendars import _year_table
from bocal.cli import cli
from bocal.clients import load_clients
from bocal.expand import Expander, Task
from bocal.profile import build_profile
from bocal.rules import Catalog, load_catalog

HERE = Path(__file__).parent
FORMS = str(HERE / "fixtures" / "rules" / "forms.toml")
CLIENTS = str(HERE / "fixtures" / "clients")
BASE = ["--today", "2026-01-05"]
sys.path.insert(0, str(HERE.parent / "bench"))
import make_clients  # noqa: E402  (bench/make_clients.py: the seeded synthetic office)

BROKEN = (
    f'bocal: {CLIENTS}/broken.toml:4: key "fiscal_year_ned": unknown key in [company] (did you mean "fiscal_year_end"?)\n'
    f"bocal: {CLIENTS}/broken.toml:5: key \"employees\": must be a whole number, got a string 'many'\n"
    "bocal: skipped 1 of 3 clients whose profiles are broken (the others are complete)\n"
)


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, [*BASE, *args], env={"LANG": "ja_JP.UTF-8"})
    return r.exit_code, r.stdout, r.stderr


def office(*args: str) -> tuple[int, str, str]:
    return run(args[0], "--no-bundled", "--rules", FORMS, "--clients", CLIENTS, *args[1:])


# -- list ---------------------------------------------------------------------------------------------


def test_list_has_a_client_column_and_isolates_the_broken_client() -> None:
    code, out, err = office("list")
    # January 2026 for alpha (withholding_special: the half-year 1/20 payment instead of the monthly
    # one; payday 25 → 1/23 Fri, 1/25 is a Sunday) and beta (no name: called by its file name; payday
    # 10 → 1/9 Fri, 1/10 is a Saturday; monthly withholding 1/10 Sat → 1/13 Tue after 成人の日 1/12).
    # Same-day rows go by client in directory order; alpha's [owners] shows in brackets after the client.
    # The agenda layout of one company (issue #12 item 7): days left from 1/5, a footnote per distinct
    # move (both clients' 1/5 share ※1), the count (10, two due today).
    lines = out.splitlines()
    assert lines[0] == "2026年1月の期限 — 顧問先 2社（今日 1/5(月)）"
    assert "\n".join(lines[1:11]) + "\n" == (
        "1/5(月)   今日      労務  株式会社アルファ                 社会保険料の納付（2025年11月分）※1\n"
        "                    労務  beta                             社会保険料の納付（2025年11月分）※1\n"
        "1/9(金)   あと4日   経理  株式会社アルファ［税理士 佐藤］  月次決算の締め（2025年12月分）\n"
        "                    経理  beta                             月次決算の締め（2025年12月分）\n"
        "                    経理  beta                             給与支給（2026年1月分）※2\n"
        "1/13(火)  あと8日   経理  beta                             源泉所得税の納付（2025年12月分）※3\n"
        "1/20(火)  あと15日  経理  株式会社アルファ［税理士 佐藤］  源泉所得税の納付（納期の特例）（2025年7月〜12月分）\n"
        "1/23(金)  あと18日  経理  株式会社アルファ［税理士 佐藤］  給与支給（2026年1月分）※4\n"
        "1/30(金)  あと25日  経理  株式会社アルファ［税理士 佐藤］  月末の支払処理（2026年1月分）\n"
        "                    経理  beta                             月末の支払処理（2026年1月分）\n"
    )
    notes = lines[11:15]
    assert [n[:2] for n in notes] == ["※1", "※2", "※3", "※4"]
    assert notes[0].startswith("※1 12/31〜1/3(年末年始)・1/4(日)のため 1/5(月) に延長")
    assert notes[2].startswith("※3 1/10(土)・1/11(日)・1/12(成人の日)のため 1/13(火) に延長")
    assert lines[15:] == ["10件（今日 2・期限超過 0）"]
    assert err == BROKEN
    assert code == 2


def test_list_json_and_csv_name_the_client() -> None:
    code, out, _ = office("list", "--format", "json")
    assert code == 2
    rows = json.loads(out)
    assert [r["client"] for r in rows[:2]] == ["株式会社アルファ", "beta"]
    assert rows[1]["uid"] == "social-insurance-premiums-2025-11-beta@bocal.invalid"
    code, out, _ = office("list", "--format", "csv", "--lang", "en")
    assert out.splitlines()[0].startswith("client,due,weekday,nominal,start,area,duty,")
    assert out.splitlines()[2].startswith("beta,2026-01-05,Mon,2025-12-31,,labor,social-insurance-premiums,")


def test_client_filter() -> None:
    code, out, err = office("list", "--client", "株式会社アルファ", "--month", "2026-02", "--area", "accounting")
    # alpha, February 2026: 法定調書 1/31 Sat → 2/2 Mon; monthly close (5th business day: 2/2 Mon …
    # 2/6 Fri), payday 2/25 Wed, month-end 2/27 Fri; no monthly withholding (納期の特例). A broken
    # client not asked for is not reported.
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[1:5] == [
        "2/2(月)   あと28日  経理  株式会社アルファ［税理士 佐藤］  法定調書合計表の提出（2025年分）※1",
        "2/6(金)   あと32日  経理  株式会社アルファ［税理士 佐藤］  月次決算の締め（2026年1月分）",
        "2/25(水)  あと51日  経理  株式会社アルファ［税理士 佐藤］  給与支給（2026年2月分）",
        "2/27(金)  あと53日  経理  株式会社アルファ［税理士 佐藤］  月末の支払処理（2026年2月分）",
    ]
    assert lines[5].startswith("※1 1/31(土)・2/1(日)のため 2/2(月)") and lines[6] == "4件（今日 0・期限超過 0）"
    # a unique part of a name is enough (issue #12 item 7); an ambiguous one lists the candidates
    assert office("list", "--client", "アルファ", "--month", "2026-02", "--area", "accounting")[1] == out
    assert office("list", "--client", "alp", "--month", "2026-02", "--area", "accounting")[1] == out
    # a start of a name wins over a part inside one: "a" is alpha (file name), though beta contains it
    assert office("list", "--client", "a", "--month", "2026-02", "--area", "accounting")[1] == out


def test_client_filter_errors() -> None:
    code, out, err = office("list", "--client", "betta")
    assert (code, out) == (2, "")
    assert err == f'bocal: key "--client": no client \'betta\' in {CLIENTS} (did you mean "beta"?)\n'
    code, _, err = office("list", "--client", "broken")
    assert code == 2 and err == "bocal: key \"--client\": client 'broken' was skipped: its profile is broken\n"
    code, _, err = run("list", "--no-bundled", "--rules", FORMS, "--client", "beta")
    assert code == 2 and err == 'bocal: key "--client": --client needs --clients DIR\n'
    code, _, err = office("list", "--profile", f"{CLIENTS}/beta.toml")
    assert code == 2 and err == "bocal: give --profile or --clients, not both\n"


def test_clients_directory_errors(tmp_path: Path) -> None:
    code, _, err = run("list", "--no-bundled", "--rules", FORMS, "--clients", str(tmp_path / "nope"))
    assert (code, err) == (2, f'bocal: {tmp_path / "nope"}: key "--clients": no such directory\n')
    code, _, err = run("list", "--no-bundled", "--rules", FORMS, "--clients", str(tmp_path))
    assert (code, err) == (2, f'bocal: {tmp_path}: key "--clients": no client profiles (*.toml) in the directory\n')


def test_duplicate_ids_and_the_reserved_office_id(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('[company]\nid = "same"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('[company]\nid = "same"\n', encoding="utf-8")
    (tmp_path / "office.toml").write_text("[company]\nemployees = 3\n", encoding="utf-8")
    (tmp_path / ".hidden.toml").write_text("not toml at all", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    o = load_clients(tmp_path)
    assert [c.name for c in o.clients] == ["a"]
    assert [str(p) for p in o.problems] == [
        f"{tmp_path}/b.toml: key \"id\": id 'same' is already used by {tmp_path}/a.toml (calendar UIDs would collide)"
        " (set a different id in [company])",
        f"{tmp_path}/office.toml: key \"id\": id 'office' is reserved for the office-wide calendar"
        " (set a different id in [company])",
    ]


# -- export -------------------------------------------------------------------------------------------


def test_export_one_file_per_client_and_an_office_calendar(tmp_path: Path) -> None:
    out = tmp_path / "cal"
    code, _, err = office("export", "--year", "2026", "-o", str(out))
    assert code == 2
    assert err == f"{out}: 2 client calendars and office.ics, 141 events, 2026-01-01 – 2026-12-31\n" + BROKEN
    assert sorted(p.name for p in out.iterdir()) == ["alpha.ics", "beta.ics", "office.ics"]
    # each client's file is exactly what a single-company export of its profile gives
    for name in ("alpha", "beta"):
        single = tmp_path / f"{name}.ics"
        code, _, _ = run(
            "export", "--no-bundled", "--rules", FORMS, "--profile", f"{CLIENTS}/{name}.toml", "--year", "2026",
            "-o", str(single),
        )  # fmt: skip
        assert code == 0 and (out / f"{name}.ics").read_bytes() == single.read_bytes()
    # the office calendar: one event per duty, period and date across the clients
    office_ics = (out / "office.ics").read_bytes()
    uids = [ln for ln in office_ics.split(b"\r\n") if ln.startswith(b"UID:")]
    assert len(uids) == len(set(uids))
    unfolded = office_ics.replace(b"\r\n ", b"").decode("utf-8")
    # 納期の特例 (所得税法216条): Jul–Dec 2025 withheld, due 2026-01-20 (a Tuesday): alpha only
    assert "SUMMARY:源泉所得税の納付（納期の特例）（2025年7月〜12月分） — 1社\r\n" in unfolded
    # beta withholds monthly: December's due 2026-01-10, a Saturday, and Monday 1/12 is 成人の日 →
    # Tuesday 1/13 (国税通則法10条2項)
    assert "SUMMARY:源泉所得税の納付（2025年12月分） — 1社\r\nDTSTART;VALUE=DATE:20260113\r\n" in unfolded
    assert "X-WR-CALNAME:事務所 期限カレンダー（2社）\r\n" in unfolded


def test_export_with_clients_needs_a_directory() -> None:
    code, _, err = office("export", "--year", "2026")
    assert code == 2 and err == 'bocal: key "-o": with --clients, -o names the directory for the client calendars\n'


# -- the synthetic office -----------------------------------------------------------------------------


def test_generator_is_deterministic(tmp_path: Path) -> None:
    assert make_clients.make_clients(50, seed=7) == make_clients.make_clients(50, seed=7)
    assert make_clients.make_clients(50, seed=7) != make_clients.make_clients(50, seed=8)
    a = [p.read_bytes() for p in make_clients.write_clients(tmp_path / "a", 30, seed=3)]
    b = [p.read_bytes() for p in make_clients.write_clients(tmp_path / "b", 30, seed=3)]
    assert a == b
    o = load_clients(tmp_path / "a")
    assert (len(o.clients), o.problems) == (30, ())
    ends = {c.profile.values["fiscal_year_end"] for c in load_clients(tmp_path / "a").clients}
    assert len(ends) >= 5  # varied year ends, not one shared value


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    return load_catalog()


def _alone(catalog: Catalog, profile: object, start: date, end: date) -> list[Task]:
    return Expander(catalog).expand(profile, start, end)  # type: ignore[arg-type]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(2, 12),
    start=st.dates(date(2025, 1, 1), date(2028, 12, 31)),
    days=st.integers(0, 500),
)
def test_shared_expansion_is_each_client_alone(
    bundled: Catalog, seed: int, n: int, start: date, days: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """One Expander shared by many clients gives each exactly what a fresh Expander gives it alone."""
    profiles = [build_profile(p, path=f"{p['company']['id']}.toml") for p in make_clients.make_clients(n, seed)]
    end = start + timedelta(days=days)
    shared = Expander(bundled)
    # twice through, so later clients (and the second pass) are served from the cache
    for _ in range(2):
        for p in profiles:
            assert shared.expand(p, start, end) == _alone(bundled, p, start, end)


def test_fast_task_construction_matches_the_constructor(bundled: Catalog) -> None:
    p = build_profile(make_clients.make_clients(1, 5)[0], path="c0001.toml")
    for t in Expander(bundled).expand(p, date(2026, 1, 1), date(2026, 12, 31)):
        fields = [getattr(t, f) for f in Task.__slots__]  # type: ignore[attr-defined]
        assert Task(*fields) == t


# -- the holiday table ----------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [1973, 1988, 2007, 2009, 2015, 2019, 2020, 2021, 2026, 2032, 2099])
def test_holiday_table_is_jpholiday(year: int) -> None:
    """The one-pass table gives exactly jpholiday's year_holidays (振替休日, 国民の休日, 2019's GW)."""
    assert _year_table(year) == dict(jpholiday.year_holidays(year))


def test_fixture_clients_untouched() -> None:
    # the fixture directory is read only: the export test writes elsewhere
    assert sorted(p.name for p in Path(CLIENTS).iterdir()) == ["alpha.toml", "beta.toml", "broken.toml"]


def test_owner_filter_across_clients() -> None:
    # only alpha names an owner ([owners] accounting = "税理士 佐藤"): its January accounting tasks
    code, out, err = office("list", "--owner", "佐藤")
    assert (code, err) == (2, BROKEN)
    assert out.splitlines()[1:6] == [
        "1/9(金)   あと4日   経理  株式会社アルファ［税理士 佐藤］  月次決算の締め（2025年12月分）",
        "1/20(火)  あと15日  経理  株式会社アルファ［税理士 佐藤］  源泉所得税の納付（納期の特例）（2025年7月〜12月分）",
        "1/23(金)  あと18日  経理  株式会社アルファ［税理士 佐藤］  給与支給（2026年1月分）※1",
        "1/30(金)  あと25日  経理  株式会社アルファ［税理士 佐藤］  月末の支払処理（2026年1月分）",
        "※1 " + out.splitlines()[5].removeprefix("※1 "),
    ]
    assert out.splitlines()[6] == "4件（今日 0・期限超過 0）"
