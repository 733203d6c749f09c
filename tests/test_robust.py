"""Issue #11: nothing a user can type or edit crashes bocal. One test (or a few) per class of input,
through the real CLI (a real process where the shell's view matters: exit status, full or closed
standard output, broken pipes) or the library where the class is a library property.

The bad-file cases themselves live in the corpus (tests/bad_inputs/cases.toml); this file holds what
the corpus cannot express: command-line values, output paths, streams, the catalog cache, the clients
directory, and the inputs that must now *work* (a closure up to the year's end).
"""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from bocal.bounds import FIRST_YEAR, LAST_YEAR, MAX_RELATIVE_DEPTH
from bocal.cli import cli
from bocal.errors import BocalError
from bocal.expand import Expander
from bocal.profile import build_profile, load_profile
from bocal.rules import load_catalog
from bocal.textsafe import control_problem, csv_cell, visible

BASE = ["--today", "2026-01-05"]
FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args), env=env or {"LANG": "C.UTF-8"})
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    return r.exit_code, r.stdout, r.stderr


def proc(args: list[str], **kw: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "LANG": "C.UTF-8", "BOCAL_NO_CACHE": "1"}
    return subprocess.run([sys.executable, "-m", "bocal", *args], env=env, timeout=120, **kw)  # type: ignore[call-overload,no-any-return]


def no_traceback(*texts: str | bytes) -> None:
    for t in texts:
        assert ("Traceback" if isinstance(t, str) else b"Traceback") not in t


# -- 1. closures and dates at the edges --------------------------------------------------------------

COMPANY_DUTY = """
[[duty]]
id = "year-end-report"
title = "年末報告"
title_en = "Year-end report"
area = "general-affairs"
every = "year"
due = "12-25"
shift = "following"
regime = "company"
basis = "customary"
"""


def test_a_closure_up_to_the_year_end_loads_and_moves_deadlines(tmp_path: Path) -> None:
    (tmp_path / "p.toml").write_text('[company]\nname = "年末休業"\n[calendar]\nclosures = ["12-25..12-31"]\n', "utf-8")
    (tmp_path / "r.toml").write_text(COMPANY_DUTY, "utf-8")
    profile = load_profile(tmp_path / "p.toml")
    # exactly the seven month-days 12-25..12-31: the range stops at the year's end, nothing wraps to January
    assert sorted(profile.closures.recurring) == [(12, d) for d in range(25, 32)]
    catalog = load_catalog([tmp_path / "r.toml"], bundled=False)
    tasks = Expander(catalog).expand(profile, date(2026, 12, 1), date(2027, 1, 31))
    # 2026-12-25 is a Friday, closed by the company; 12/26 Sat, 12/27 Sun, 12/28 Mon (company),
    # 12/29–12/31 (company, and 年末年始 for government offices, which the company regime includes),
    # 2027-01-01..01-03 年末年始 (1/2 Sat, 1/3 Sun); 2027-01-04 is a Monday and no holiday (成人の日 is
    # the second Monday, 1/11): the deadline moves to 2027-01-04.
    assert [(t.nominal, t.due) for t in tasks] == [(date(2026, 12, 25), date(2027, 1, 4))]


def test_the_year_end_closure_init_suggests_works_in_every_command(tmp_path: Path) -> None:
    (tmp_path / "bocal.toml").write_text(
        '[company]\nname = "株式会社サンプル"\n[calendar]\nclosures = ["08-13..08-16", "12-29..12-31"]\n', "utf-8"
    )
    for args in (["list"], ["month"], ["check"], ["export", "-o", str(tmp_path / "o.ics")], ["holidays"]):
        code, out, err = run(*BASE, *args, "--profile", str(tmp_path / "bocal.toml"))
        assert code == 0, (args, err)
        no_traceback(out, err)


@pytest.mark.parametrize(
    "args",
    [
        ["--today", "9999-12-31", "list"],
        ["--today", "0001-01-01", "list"],
        [*BASE, "list", "--month", "9999-12"],
        [*BASE, "month", "9999-12"],
        [*BASE, "list", "--from", "0001-01-01"],
        [*BASE, "list", "--to", "9999-12-31"],
        [*BASE, "list", "--year", "99999"],
        [*BASE, "holidays", "1"],
        [*BASE, "export", "--year", "1989", "-o", "x.ics"],
    ],
)
def test_cli_dates_outside_the_supported_years_are_a_usage_error(args: list[str]) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert "outside the years bocal supports (1990–2200)" in err
    no_traceback(out, err)
    assert not Path("x.ics").exists()


@pytest.mark.parametrize("period", ["FY99999-03", "99999", "0001-01", "1989-12", "FY" + "9" * 5000])
def test_explain_period_outside_the_supported_years(period: str) -> None:
    code, out, err = run(*BASE, "explain", "withholding-tax", period)
    assert code == 2
    assert err.startswith('bocal: key "PERIOD": ') and "outside the years bocal supports" in err
    assert len(err.splitlines()) == 1
    no_traceback(out, err)


def test_the_supported_range_itself_works_at_both_ends() -> None:
    for args in (["--today", f"{LAST_YEAR}-12-31", "list"], ["--today", f"{FIRST_YEAR}-01-01", "list"]):
        code, out, err = run(*args)
        assert code == 0, err


def test_a_calendar_closed_but_for_holidays_is_a_located_error_not_a_hang(tmp_path: Path) -> None:
    # Every month-day but 05-03..05-05 closed: those three are 憲法記念日・みどりの日・こどもの日 every
    # year, so no day is ever open. The profile check cannot see holidays; the calendar's bound does.
    p = tmp_path / "p.toml"
    p.write_text('[company]\nname = "x"\n[calendar]\nclosures = ["01-04..05-02", "05-06..12-28"]\n', "utf-8")
    code, out, err = run(*BASE, "list", "--profile", str(p))
    assert code == 2
    assert err.startswith(f'bocal: {p}: key "calendar.closures": no open day within 400 days')
    no_traceback(out, err)


# -- 4. text that reaches terminals, spreadsheets and calendars ---------------------------------------


def test_csv_cells_that_would_start_a_formula_are_neutralised(tmp_path: Path) -> None:
    rules = tmp_path / "r.toml"
    rules.write_text(
        '[[duty]]\nid = "x"\ntitle = "=HYPERLINK(\\"http://evil.example\\",\\"click\\")"\ntitle_en = "+1 report"\n'
        'area = "accounting"\nevery = "month"\ndue = "10th of next month"\nbasis = "customary"\n',
        "utf-8",
    )
    owners = tmp_path / "p.toml"
    owners.write_text('[company]\nname = "x"\n[owners]\naccounting = "@経理"\n', "utf-8")
    code, out, err = run(
        *BASE,
        "list",
        "--no-bundled",
        "--rules",
        str(rules),
        "--profile",
        str(owners),
        "--format",
        "csv",
        "--lang",
        "en",
    )  # --lang en: the machine headers (in Japanese they are 件名, 担当者, …)
    assert code == 0, err
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(r["title"].startswith("'=HYPERLINK(") for r in rows)
    assert all(r["title_en"] == "'+1 report" and r["owner"] == "'@経理" for r in rows)
    assert all(r["due"][:1].isdigit() for r in rows)  # dates are left alone


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cell(cell: str) -> None:
    assert csv_cell(cell) == "'" + cell
    assert csv_cell("株式会社") == "株式会社" and csv_cell(3) == 3


def test_visible_escapes_every_control_character() -> None:
    assert visible("a\x1b[2Jb\nc\x7f\u202e\udcff") == "a\\x1b[2Jb\\x0ac\\x7f\\u202e\\xff"
    assert control_problem("二行\nの名前", newlines=False) is not None
    assert control_problem("notes\nmay span lines") is None
    assert control_problem("tab\tis fine", newlines=False) is None


def test_a_file_name_with_an_escape_sequence_never_reaches_the_terminal_raw(tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    clients.mkdir()
    (clients / "\x1b]0;owned\x07.toml").write_text("[company]\nfiscal_year_end = 3\n", "utf-8")  # named by its file
    (clients / "\x1b[31mbroken.toml").write_text("[company\n", "utf-8")
    r = proc([*BASE, "list", "--clients", str(clients)], capture_output=True)
    assert r.returncode == 2
    assert b"\x1b" not in r.stdout + r.stderr
    assert b"\\x1b]0;owned\\x07" in r.stdout
    assert b"\\x1b[31mbroken.toml:1: not valid TOML" in r.stderr
    no_traceback(r.stdout, r.stderr)


@pytest.mark.parametrize("name", ["A\x7fB", "A\x85B", "A\x1b[31mB", "A\nB", "A\u2028B"])
def test_init_never_writes_a_file_that_does_not_load(tmp_path: Path, name: str) -> None:
    out = tmp_path / "bocal.toml"
    code, stdout, err = run("init", "--no-ask", "--name", name, "-o", str(out))
    assert code == 2
    assert err.startswith('bocal: key "name": ')
    assert not out.exists()
    no_traceback(stdout, err)


def test_init_refuses_argv_that_is_not_utf8(tmp_path: Path) -> None:
    out = tmp_path / "bocal.toml"
    r = proc(
        ["init", "--no-ask", "--name", b"\xff\xfe\x81".decode("utf-8", "surrogateescape"), "-o", str(out)],
        capture_output=True,
    )
    assert r.returncode == 2
    assert (
        r.stderr.decode()
        == "bocal: key \"name\": is not valid UTF-8 text (check the terminal's or the file's encoding)\n"
    )
    assert not out.exists()


def test_what_init_writes_with_a_quote_and_backslash_loads(tmp_path: Path) -> None:
    out = tmp_path / "bocal.toml"
    code, _, err = run("init", "--no-ask", "--name", 'Ａ"社\\支店', "-o", str(out))
    assert code == 0, err
    assert load_profile(out).name == 'Ａ"社\\支店'


# -- 5. untrusted files stay data -------------------------------------------------------------------


class Planted:
    """A pickle that would create a marker directory when loaded."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (self.marker,))


def _cached_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("catalog-*.pickle"))


@pytest.mark.parametrize("weak", ["directory", "file"])
def test_a_catalog_cache_others_can_write_is_never_unpickled(tmp_path: Path, weak: str) -> None:
    cache = tmp_path / "cache"
    load_catalog(cache_dir=cache)  # writes the cache, 0600 in a 0700 directory
    (entry,) = _cached_files(cache)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    marker = tmp_path / "ran"
    entry.write_bytes(pickle.dumps(Planted(str(marker))))  # what a stranger with write access could plant
    if weak == "directory":
        cache.chmod(0o777)
    else:
        entry.chmod(0o666)
    catalog = load_catalog(cache_dir=cache)
    assert not marker.exists()  # never loaded: the catalog was compiled again
    assert catalog.duties


def test_a_private_cache_is_still_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load_catalog(cache_dir=cache)
    (entry,) = _cached_files(cache)
    before = entry.stat().st_mtime_ns
    second = load_catalog(cache_dir=cache)
    assert [d.id for d in second.duties] == [d.id for d in first.duties]
    assert entry.stat().st_mtime_ns == before  # read, not rewritten


def test_a_fifo_as_a_profile_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "bocal.toml"
    os.mkfifo(fifo)
    r = proc([*BASE, "list", "--profile", str(fifo)], capture_output=True)
    assert r.returncode == 2
    assert r.stderr.decode() == f"bocal: {fifo}: is a named pipe (FIFO), not a regular file; refusing to read it\n"


# -- 6. resource bounds in the rule language ----------------------------------------------------------


def _chain(n: int, *, cycle: bool = False) -> str:
    out = []
    for i in range(n):
        head = f'[[duty]]\nid = "d{i}"\ntitle = "t"\ntitle_en = "t"\narea = "accounting"\nbasis = "customary"\nshift = "none"\n'
        if i == 0 and not cycle:
            out.append(head + 'every = "month"\ndue = "10th of next month"\n')
        else:
            out.append(head + f'relative_to = "d{(i - 1) % n}"\ndue = "1 days after"\n')
    return "\n".join(out)


def test_check_finds_a_2000_duty_cycle_once(tmp_path: Path) -> None:
    rules = tmp_path / "r.toml"
    rules.write_text(_chain(2000, cycle=True), "utf-8")
    with pytest.raises(BocalError) as info:
        load_catalog([rules], bundled=False)
    (problem,) = info.value.problems
    assert problem.duty == "d0" and problem.message.startswith("relative_to forms a cycle: d0 → d1999 → ")
    assert "(1991 more)" in problem.message


def test_a_chain_deeper_than_the_bound_is_one_located_problem(tmp_path: Path) -> None:
    rules = tmp_path / "r.toml"
    rules.write_text(_chain(2000), "utf-8")
    with pytest.raises(BocalError) as info:
        load_catalog([rules], bundled=False)
    (problem,) = info.value.problems
    assert problem.duty == f"d{MAX_RELATIVE_DEPTH + 1}" and problem.key == "relative_to"


def test_a_chain_at_the_bound_expands(tmp_path: Path) -> None:
    rules = tmp_path / "r.toml"
    rules.write_text(_chain(MAX_RELATIVE_DEPTH + 1), "utf-8")
    catalog = load_catalog([rules], bundled=False)
    profile = build_profile({}, path=None)
    tasks = Expander(catalog).expand(profile, date(2026, 3, 1), date(2026, 3, 31))
    # Nothing moves (shift = "none"): d0 of month M is due on the 10th of M+1, and dN is N days later.
    # January's chain: d0 on 2/10, so dN on 2/10 + N: d19 on 3/1 … d30 on 3/12 (February has 28 days).
    # February's chain: d0 on 3/10 … d21 on 3/31 (d22 on 4/1 is out of range). March's d0 is on 4/10.
    expected = sorted(
        [(date(2026, 3, n - 18), f"d{n}") for n in range(19, 31)]
        + [(date(2026, 3, 10 + n), f"d{n}") for n in range(22)]
    )
    assert sorted((t.due, t.duty.id) for t in tasks) == expected


def test_a_long_or_condition_evaluates_without_recursion(tmp_path: Path) -> None:
    rules = tmp_path / "r.toml"
    cond = " or ".join(["listed"] * 190)  # 2,000 characters is the bound; 190 terms (1,896) fit
    rules.write_text(
        '[[duty]]\nid = "x"\ntitle = "t"\ntitle_en = "t"\narea = "accounting"\nbasis = "customary"\n'
        f'every = "month"\ndue = "10th of next month"\nwhen = "{cond}"\n',
        "utf-8",
    )
    catalog = load_catalog([rules], bundled=False)
    listed = build_profile({"company": {"listed": True}}, path=None)
    assert Expander(catalog).expand(listed, date(2026, 1, 1), date(2026, 1, 31))


# -- 7. output paths and standard output ---------------------------------------------------------------


def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.ics"
    target.write_bytes(b"old")
    link = tmp_path / "link.ics"
    link.symlink_to("real.ics")
    code, _, err = run(*BASE, "export", "-o", str(link))
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == "real.ics"
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.ics", "real.ics"]  # no temp file left


def test_output_to_a_directory_is_refused(tmp_path: Path) -> None:
    code, out, err = run(*BASE, "export", "-o", str(tmp_path))
    assert code == 2
    assert err == f"bocal: {tmp_path}: cannot write the file: is a directory; give a file name\n"
    assert list(tmp_path.iterdir()) == []


def test_output_to_a_fifo_is_streamed(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    code, _, err = run(*BASE, "export", "--month", "2026-01", "-o", str(fifo))
    reader.join(60)
    assert code == 0, err
    assert got[0].startswith(b"BEGIN:VCALENDAR") and got[0].endswith(b"END:VCALENDAR\r\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_output_to_dev_null_is_fine() -> None:
    code, _, err = run(*BASE, "export", "-o", os.devnull)
    assert code == 0, err


@pytest.mark.parametrize(
    "args", [["list"], ["export"], ["list", "--format", "csv"], ["--help"], ["--version"], ["holidays"]]
)
def test_a_full_standard_output_is_one_line_and_status_1(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        r = proc([*BASE, *args], stdout=full, stderr=subprocess.PIPE)
    assert r.returncode == 1
    assert r.stderr == b"bocal: cannot write to standard output: No space left on device\n"


@pytest.mark.parametrize("args", [["list"], ["export"], ["list", "--format", "json"], ["--version"]])
def test_a_closed_standard_output_is_one_line_and_status_1(args: list[str]) -> None:
    r = proc([*BASE, *args], stderr=subprocess.PIPE, pass_fds=(), preexec_fn=lambda: os.close(1))
    assert r.returncode == 1
    assert r.stderr == b"bocal: cannot write to standard output: standard output is closed\n"


def test_a_broken_pipe_stays_quiet() -> None:
    env = {**os.environ, "LANG": "C.UTF-8", "BOCAL_NO_CACHE": "1"}
    p = subprocess.Popen(
        [sys.executable, "-m", "bocal", *BASE, "export", "--year", "2026"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert p.stdout is not None and p.stderr is not None
    assert p.stdout.read(15) == b"BEGIN:VCALENDAR"  # the year is far more than a pipe buffer holds
    p.stdout.close()
    err = p.stderr.read()
    assert p.wait(120) == 0
    # nothing but the sample-company notice (issue #12), said when the output was written
    assert all("組み込みのサンプル会社" in line for line in err.decode("utf-8").splitlines())


# -- 8. the clients directory ---------------------------------------------------------------------------


def test_every_broken_entry_of_a_clients_directory_is_reported_and_the_others_served(tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    clients.mkdir()
    for name in ("alpha.toml", "beta.toml"):
        (clients / name).write_bytes((FIXTURES / "clients" / name).read_bytes())
    (clients / "loop.toml").symlink_to("loop.toml")
    (clients / "dangling.toml").symlink_to("gone.toml")
    (clients / "sub.toml").mkdir()
    (clients / "archive").mkdir()
    (clients / ".hidden").mkdir()  # hidden entries are left alone, silently
    (clients / "closed.toml").write_text(
        '[company]\nname = "休業中"\n[calendar]\nclosures = ["01-04..05-02", "05-06..12-28"]\n', "utf-8"
    )
    out = tmp_path / "out"
    for args in (["list", "--clients", str(clients)], ["export", "--clients", str(clients), "-o", str(out)]):
        code, stdout, err = run(*BASE, *args)
        assert code == 2
        c = str(clients)
        assert [line for line in err.splitlines() if line.startswith("bocal: ")] == [
            f"bocal: {c}/dangling.toml: is a symbolic link to gone.toml, which does not exist",
            f"bocal: {c}/loop.toml: is a symbolic link in a loop (it leads back to itself); point it at a real file",
            f"bocal: {c}/sub.toml: is a directory, not a file",
            f"bocal: {c}/archive: is a directory: client profiles in subdirectories are not read "
            "(move its .toml files up, or start its name with a dot to keep it aside)",
            f'bocal: {c}/closed.toml: key "calendar.closures": no open day within 400 days of 2025-11-30 '
            "on the company calendar (do the company closures close nearly every day?)",
            "bocal: skipped 4 of 6 clients whose profiles are broken (the others are complete)",
        ]
        no_traceback(stdout, err)
    assert sorted(p.name for p in out.iterdir()) == ["alpha.ics", "beta.ics", "office.ics"]


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_state_import_refuses_a_fifo_or_a_device(tmp_path: Path, kind: str) -> None:
    src = tmp_path / "export.json"
    if kind == "fifo":
        os.mkfifo(src)
    else:
        src.symlink_to("/dev/zero")  # endless: reading it would never finish
    code, out, err = run("state", "import", str(src), "--db", str(tmp_path / "s.db"))
    assert code == 2
    what = "a named pipe (FIFO)" if kind == "fifo" else "a device or socket"
    assert err == f"bocal: {src}: cannot read the file: is {what}, not a regular file; refusing to read it\n"


def test_a_secret_file_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    from bocal.notify.config import read_secret_file

    fifo = tmp_path / "password"
    os.mkfifo(fifo, 0o600)
    with pytest.raises(ValueError) as info:
        read_secret_file(str(fifo))
    assert str(info.value) == f"cannot read {fifo}: is a named pipe (FIFO), not a regular file; refusing to read it"
