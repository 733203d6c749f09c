"""`bocal user`: add (with a one-time sign-in link that the workspace accepts once), list, link, remove."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from bocal.cli import cli
from bocal.store import parse_db_url
from bocal.web import Settings, Source, WorkspaceApp
from helpers.paths import FIXTURES
from helpers.web import Client


def run(db: Path, *args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, ["user", *args], env={"BOCAL_DB": str(db)})
    return r.exit_code, r.stdout, r.stderr


def app_over(db: Path) -> WorkspaceApp:
    source = Source(profile_path=str(FIXTURES / "profiles" / "listed-dec.toml"), check_interval=0)
    return WorkspaceApp(source, parse_db_url(str(db)), Settings(), today=lambda: date(2026, 10, 5))


def test_add_prints_a_link_that_signs_in_once(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    code, out, err = run(db, "add", "佐藤", "--role", "staff", "--base-url", "https://cal.example.jp/")
    assert code == 0, err
    assert out.startswith("added 佐藤 (staff)\n")
    m = re.search(r"^  https://cal\.example\.jp(/w/signin\?token=[0-9a-f]{16}\.[\w-]+)$", out, re.M)
    assert m, out
    app = app_over(db)
    c = Client(app)
    assert c.get(m.group(1)).status == 303
    page = c.get("/w/")
    assert page.status == 200 and "佐藤" in page.text and "完了にする" in page.text  # staff may change tasks
    assert Client(app).get(m.group(1)).status == 403  # once only
    # the database keeps only a hash of the link's secret
    secret = m.group(1).split(".", 1)[1]
    assert secret.encode() not in db.read_bytes()


def test_list_link_remove(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    assert run(db, "add", "鈴木", "--role", "viewer")[0] == 0
    assert run(db, "add", "boss", "--role", "admin")[0] == 0
    assert run(db, "list")[1] == "boss\tadmin\n鈴木\tviewer\n"
    code, out, _ = run(db, "link", "鈴木")
    link = re.search(r"http://127\.0\.0\.1:8080(/w/signin\?token=\S+)", out)
    assert code == 0 and link
    c = Client(app_over(db))
    assert c.get(link.group(1)).status == 303
    assert "閲覧のみの権限" in c.get("/w/").text
    assert run(db, "remove", "鈴木") == (0, "removed 鈴木\n", "")
    assert c.get("/w/").status == 303  # the session ended with the user
    assert run(db, "list")[1] == "boss\tadmin\n"


def test_mistakes_are_one_line_messages(tmp_path: Path) -> None:
    db = tmp_path / "state.sqlite3"
    assert run(db, "add", "佐藤")[0] == 0
    assert run(db, "add", "佐藤") == (2, "", "bocal: user '佐藤' exists already (bocal user link NAME)\n")
    assert run(db, "remove", "nobody") == (2, "", "bocal: no user 'nobody' (bocal user list)\n")
    assert run(db, "link", "nobody")[0:2] == (2, "")
    code, out, err = run(db, "add", "x", "--base-url", "ftp://host")
    assert (code, out) == (2, "") and "--base-url must start with http:// or https://" in err
    assert run(db, "list")[1] == "佐藤\tstaff\n"  # nothing added by the refused command
    code, _, err = run(db, "add", " padded ")
    assert code == 2 and "invalid user name" in err
