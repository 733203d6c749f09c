"""The one calendar pipeline (bocal.ics): body reuse, office titles, task state, the static writer.

The tasks come from tests/fixtures/rules/forms.toml for 2026. 算定基礎届 (santei-kiso) is due 7/10
with its window opening 7/1: 2026-07-01 is a Wednesday and 2026-07-10 a Friday (2026-01-01 was a
Thursday; 7/10 is day 191, 190 days on = 27 weeks + 1 day → Friday), so neither date moves.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bocal.errors import UsageError
from bocal.expand import Expander, Task
from bocal.ics import (
    Builder,
    CalendarOptions,
    StaticWriter,
    assemble,
    client_prefix,
    fold_line,
    office_texts,
    opening_title,
)
from bocal.ics.write import WritePool
from bocal.rules import Catalog
from bocal.state import NO_STATE, Status, TaskState, task_key
from helpers.state import DictState
from parsers.harness import parse_with, require_or_skip

START, END = date(2026, 1, 1), date(2026, 12, 31)


def tasks_for(forms: Catalog, make_profile: Any, cid: str, name: str) -> list[Task]:
    return Expander(forms).expand(make_profile(name=name, id=cid, fiscal_year_end=3), START, END)


def unfolded(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n ", "")


def santei(tasks: list[Task]) -> Task:
    return next(t for t in tasks if t.duty.id == "santei-kiso" and t.period.key == "2026")


def test_a_body_is_rendered_once_per_distinct_task(forms: Catalog, make_profile: Any) -> None:
    a = tasks_for(forms, make_profile, "alpha", "株式会社アルファ")
    b = tasks_for(forms, make_profile, "beta", "株式会社ベータ")
    assert [t.uid.replace("-alpha@", "@") for t in a] == [t.uid.replace("-beta@", "@") for t in b]
    shared = Builder(CalendarOptions(todo=True))
    first = shared.render_all(a)
    renders = shared.renders
    second = shared.render_all(b)
    assert shared.renders == renders  # the second client reuses every body
    # … and reusing gives the bytes a fresh render gives, each component on its own
    for t, r in zip(b, second, strict=True):
        fresh = Builder(CalendarOptions(todo=True)).render(t)
        assert (r.events, r.todo) == (fresh.events, fresh.todo)
    # the two clients' components differ in their UID lines only
    for ra, rb in zip(first, second, strict=True):
        la, lb = unfolded(ra.events + ra.todo).split("\r\n"), unfolded(rb.events + rb.todo).split("\r\n")
        assert [x for x, y in zip(la, lb, strict=True) if x != y] == [x for x in la if x.startswith("UID:")]


def test_office_titles_come_from_the_same_builder(forms: Catalog, make_profile: Any) -> None:
    long_name = "株式会社とても長い名前の顧問先で件名が七十五オクテットを超える例"
    t = santei(tasks_for(forms, make_profile, "long", long_name))
    r = Builder(CalendarOptions(todo=True)).render(t, client_prefix(long_name, "ja"))
    raw = r.events + r.todo
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # never cut inside a character
    summaries = re.findall(r"SUMMARY:(.*)\r\n", unfolded(raw))
    assert summaries == [
        f"【{long_name}】受付開始: 算定基礎届の提出（2026年分）— 7/10(金)まで",
        f"【{long_name}】算定基礎届の提出（2026年分）",
        f"【{long_name}】算定基礎届の提出（2026年分）",
    ]
    en = Builder(CalendarOptions(lang="en")).render(t, client_prefix("Alpha, Inc.", "en"))
    assert "SUMMARY:[Alpha\\, Inc.] File the standard" in unfolded(en.events)  # a TEXT value: the comma escaped


def test_a_finished_task_is_checked_and_its_todo_completed(forms: Catalog, make_profile: Any) -> None:
    tasks = tasks_for(forms, make_profile, "alpha", "株式会社アルファ")
    t = santei(tasks)
    done = DictState({task_key(t): TaskState(task_key(t), Status.DONE, done_on=date(2026, 7, 8))})
    r = Builder(CalendarOptions(todo=True), done).render(t)
    text = unfolded(r.events + r.todo)
    assert re.findall(r"SUMMARY:(.*)\r\n", text) == [
        "✓ 受付開始: 算定基礎届の提出（2026年分）— 7/10(金)まで",
        "✓ 算定基礎届の提出（2026年分）",
        "✓ 算定基礎届の提出（2026年分）",
    ]
    # done on 2026-07-08: 00:00 in Tokyo (UTC+9) is 2026-07-07 15:00 UTC
    assert "STATUS:COMPLETED\r\n" in text and "COMPLETED:20260707T150000Z\r\n" in text
    assert "NEEDS-ACTION" not in text
    # not applicable, no day recorded: checked and completed, without a COMPLETED time
    na = DictState({task_key(t): TaskState(task_key(t), Status.NOT_APPLICABLE)})
    text = unfolded(Builder(CalendarOptions(todo=True), na).render(t).todo)
    assert "SUMMARY:✓ 算定基礎届" in text and "STATUS:COMPLETED\r\n" in text and "COMPLETED:" not in text
    # open work changes nothing: the bytes of a calendar without state
    busy = DictState({task_key(x): TaskState(task_key(x), Status.IN_PROGRESS, "佐藤") for x in tasks})
    plain = assemble("n", "d", Builder(CalendarOptions(todo=True)).render_all(tasks))
    assert assemble("n", "d", Builder(CalendarOptions(todo=True), busy).render_all(tasks)) == plain
    assert assemble("n", "d", Builder(CalendarOptions(todo=True), NO_STATE).render_all(tasks)) == plain


@pytest.mark.parametrize("name", ["vobject", "icaljs", "libical", "ical"])
def test_a_completed_todo_reads_back(forms: Catalog, make_profile: Any, name: str) -> None:
    require_or_skip(name)
    t = santei(tasks_for(forms, make_profile, "alpha", "株式会社アルファ"))
    done = DictState({task_key(t): TaskState(task_key(t), Status.DONE, done_on=date(2026, 7, 8))})
    cal = parse_with(name, assemble("n", "d", Builder(CalendarOptions(todo=True), done).render_all([t])))
    assert [td.summary for td in cal.todos] == ["✓ 算定基礎届の提出（2026年分）"]
    assert sorted(e.summary for e in cal.events) == [
        "✓ 受付開始: 算定基礎届の提出（2026年分）— 7/10(金)まで",
        "✓ 算定基礎届の提出（2026年分）",
    ]


def test_office_texts_carry_the_horizon_note() -> None:
    # LAST_OFFICIAL_YEAR is 2027: a range into 2028 rests on provisional holidays
    assert "暫定" not in office_texts(3, "ja", span=(date(2027, 1, 1), date(2027, 12, 31)))[1]
    assert office_texts(3, "ja", what="労務", span=(date(2027, 1, 1), date(2028, 1, 31)))[1].endswith(
        "2028年以降の期限は公表後に変わることがあります。"
    )
    assert "provisional" in office_texts(3, "en", span=(date(2027, 1, 1), date(2028, 1, 31)))[1]


def test_fold_line_of_a_prefixed_summary_is_refolded_at_75() -> None:
    line = "SUMMARY:【" + "顧" * 40 + "】"
    out = fold_line(line)
    assert out.replace(b"\r\n ", b"") == line.encode("utf-8") + b"\r\n"
    assert all(len(p) <= 75 for p in out.split(b"\r\n"))


def test_static_writer_removes_stale_files_only_where_it_owns_the_directory(tmp_path: Path) -> None:
    owned = tmp_path / "owned"
    owned.mkdir()
    (owned / "legal.ics").write_bytes(b"old")
    (owned / "notes.txt").write_bytes(b"mine")
    w = StaticWriter(owned, owned=True)
    lm = datetime(2026, 5, 1, 3, 0, tzinfo=UTC)
    w.write("all.ics", [b"BEGIN:", b"VCALENDAR\r\n"], mtime=lm)
    assert w.finish() == [owned / "legal.ics"]
    assert sorted(p.name for p in owned.iterdir()) == ["all.ics", "notes.txt"]
    assert (owned / "all.ics").read_bytes() == b"BEGIN:VCALENDAR\r\n"
    assert os.stat(owned / "all.ics").st_mtime == lm.timestamp()
    user = tmp_path / "user"
    user.mkdir()
    (user / "legal.ics").write_bytes(b"old")
    w = StaticWriter(user)
    w.write("all.ics", b"x")
    assert w.finish() == [] and (user / "legal.ics").read_bytes() == b"old"


def test_static_writer_keeps_the_old_file_when_a_stream_fails(tmp_path: Path) -> None:
    (tmp_path / "office.ics").write_bytes(b"old")
    w = StaticWriter(tmp_path)

    def chunks() -> Any:
        yield b"new"
        raise RuntimeError("a client failed")

    with pytest.raises(RuntimeError):
        w.write("office.ics", chunks())
    assert (tmp_path / "office.ics").read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["office.ics"]  # no temp file left


def test_a_pooled_writer_puts_files_in_place_only_after_their_batch_is_synced(tmp_path: Path) -> None:
    (tmp_path / "a.ics").write_bytes(b"old a")
    pool = WritePool(workers=2, budget=1000, batch=10**9)  # one batch: nothing is renamed before wait()
    try:
        w = StaticWriter(tmp_path, owned=True, pool=pool)
        lm = datetime(2026, 5, 1, 3, 0, tzinfo=UTC)
        for i in range(20):  # 20 x 300 bytes through a 1,000-byte budget: write() waits for the pool
            w.write("a.ics" if i == 0 else f"f{i:02d}.ics", bytes([65 + i]) * 300, mtime=lm)
        streamed = w.open("s.ics")
        streamed.write(b"streamed")
        w.commit(streamed, mtime=lm)
        pool.join()  # every temp file written and closed …
        assert (tmp_path / "a.ics").read_bytes() == b"old a"  # … but the old file is still the one in place
        assert not (tmp_path / "f01.ics").exists() and not (tmp_path / "s.ics").exists()
        w.finish()  # the batch synced, then renamed
    finally:
        pool.shutdown()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(["a.ics", "s.ics", *(f"f{i:02d}.ics" for i in range(1, 20))])  # no temp file left
    assert (tmp_path / "a.ics").read_bytes() == b"A" * 300 and (tmp_path / "f19.ics").read_bytes() == b"T" * 300
    assert (tmp_path / "s.ics").read_bytes() == b"streamed"
    assert {os.stat(tmp_path / n).st_mtime for n in names} == {lm.timestamp()}
    assert {oct(os.stat(tmp_path / n).st_mode & 0o777) for n in names} == {"0o644"}


def test_a_pool_commits_in_batches_as_the_bytes_add_up(tmp_path: Path) -> None:
    pool = WritePool(workers=1, batch=1000)
    try:
        w = StaticWriter(tmp_path, pool=pool)
        for i in range(5):
            w.write(f"{i}.ics", b"x" * 600)
        pool.join()
        # 600 + 600 ≥ 1,000: the first two went in with their batch; the fifth waits for the next
        assert (tmp_path / "0.ics").exists() and (tmp_path / "3.ics").exists()
        assert not (tmp_path / "4.ics").exists()
        w.wait()
        assert (tmp_path / "4.ics").read_bytes() == b"x" * 600
    finally:
        pool.shutdown()


def test_a_pool_that_cannot_put_a_file_in_place_names_it_and_places_the_others(tmp_path: Path) -> None:
    pool = WritePool(workers=2, batch=10**9)
    try:
        w = StaticWriter(tmp_path, pool=pool)
        w.write("good.ics", b"good")
        w.write("bad.ics", b"bad")
        pool.join()
        (tmp_path / "bad.ics").mkdir()  # something took the name before the batch was renamed
        (tmp_path / "bad.ics" / "keep").write_bytes(b"k")
        with pytest.raises(UsageError) as err:
            w.wait()
    finally:
        pool.shutdown()
    assert "bad.ics" in str(err.value) and "cannot write the file" in str(err.value)
    assert (tmp_path / "good.ics").read_bytes() == b"good" and (tmp_path / "bad.ics" / "keep").read_bytes() == b"k"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ics", "good.ics"]  # its temp file removed


def read_back(summary: str) -> str:
    """A SUMMARY as icalendar writes it (escaped whole) and reads it back."""
    from icalendar import Event

    ev = Event()
    ev.add("summary", summary)
    return str(Event.from_ical(ev.to_ical())["SUMMARY"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)
    | st.sampled_from(["A,B;C\\D", "末尾\\", "N\\N", "改行\n入り", "x" * 80, "顧" * 30])
)
def test_any_client_name_reads_back_from_a_reused_body(forms: Catalog, make_profile: Any, name: str) -> None:
    """Whatever the client's name (commas, semicolons, backslashes, line breaks, 80 octets), the
    filled-in SUMMARY of a reused body (its parts escaped one by one) reads back, with icalendar's
    parser, as the whole title escaped at once does, and every physical line stays within 75 octets
    between characters."""
    from icalendar import Calendar

    t = santei(tasks_for(forms, make_profile, "alpha", "株式会社アルファ"))
    builder = Builder(CalendarOptions(todo=True))
    builder.render(t)  # the bodies are rendered now, and reused below
    for lang in ("ja", "en"):
        r = Builder(CalendarOptions(lang=lang, todo=True)).render(t, client_prefix(name, lang))
        data = assemble("n", None, [r])
        assert all(len(line) <= 75 for line in data.split(b"\r\n"))
        for line in data.split(b"\r\n"):
            line.decode("utf-8")
        cal = Calendar.from_ical(data)
        got = sorted(str(c["SUMMARY"]) for c in cal.walk() if c.name in ("VEVENT", "VTODO"))
        prefix = client_prefix(name, lang)
        # what icalendar reads back when it escapes the whole title itself (it is lossy in places:
        # a line break becomes \n, and so does a literal backslash-N)
        whole = [prefix + opening_title(t, lang), prefix + t.title(lang), prefix + t.title(lang)]
        assert got == sorted(read_back(w) for w in whole)


def test_an_office_feed_over_its_budget_keeps_whole_first_days_and_says_so(forms: Catalog, make_profile: Any) -> None:
    from icalendar import Calendar

    from bocal.ics.digest import LEVELS, OfficeDigest, render_group, stream_office

    digest = OfficeDigest(CalendarOptions())
    for i in range(3):
        digest.add(tasks_for(forms, make_profile, f"c{i}", f"株式会社{i}"), f"株式会社{i}")
    whole = digest.events(None)
    days = sorted({ev.split(b"DTSTART;VALUE=DATE:")[1][:8] for ev in whole})
    assert len(days) > 5
    budget = sum(len(ev) for ev in whole) // 3  # even the shortest form does not fit
    kept, until = digest.fitted(budget)
    assert until is not None and 0 < len(kept) < len(whole) and sum(map(len, kept)) <= budget
    kept_days = sorted({ev.split(b"DTSTART;VALUE=DATE:")[1][:8] for ev in kept})
    assert kept_days == days[: len(kept_days)] and kept_days[-1] == f"{until:%Y%m%d}".encode()
    groups = sorted(digest._groups.values(), key=lambda g: (g.day, g.order))
    shortest = [render_group(g, digest.opts, LEVELS[-1], digest.templates) for g in groups]  # the last form
    assert kept == shortest[: len(kept)]
    assert shortest[len(kept)].split(b"DTSTART;VALUE=DATE:")[1][:8] > kept_days[-1]
    data = b"".join(stream_office("事務所", "説明", digest, budget))
    desc = str(Calendar.from_ical(data)["X-WR-CALDESC"])
    assert desc.startswith("説明") and f"{until:%Y-%m-%d}までの期限のみ" in desc
    assert len(Calendar.from_ical(data).walk("VEVENT")) == len(kept)
    # within budget: nothing is cut and nothing is said
    assert digest.fitted(None) == (whole, None)
    assert "までの期限のみ" not in b"".join(stream_office("事務所", "説明", digest, None)).decode()
