"""The builder's reused bodies against icalendar rendering each component whole.

`Builder` renders one template per duty (placeholder UID, SUMMARY, DESCRIPTION and days) and fills
each task in; here every task of the bundled catalog, for companies that differ in year end,
owners, closures and size, in every option set, is compared byte for byte with icalendar building
and serializing the whole component with its real values (`Lines(..., dates=False)`). Titles and
owners with the characters TEXT escaping changes, and long enough to fold, come from hypothesis.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bocal.expand import Expander, Task
from bocal.ics import Builder, CalendarOptions, client_prefix, derived_uid, opening_title
from bocal.ics.build import DONE_MARK, Lines, event_component, todo_component
from bocal.ics.fold import serialize
from bocal.profile import Profile, build_profile
from bocal.revisions import Revision
from bocal.rules import Catalog, load_catalog
from bocal.state import Status, TaskState, task_key
from helpers.state import DictState

START, END = date(2026, 1, 1), date(2027, 12, 31)
OPTIONS = [
    CalendarOptions(),
    CalendarOptions(todo=True),
    CalendarOptions(lang="en", todo=True),
    CalendarOptions(alarms=False),
    CalendarOptions(windows="deadline", todo=True),
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def company(**kw: object) -> Profile:
    closures = kw.pop("closures", None)
    calendar = {"closures": closures} if closures else {}
    return build_profile({"company": {"name": "株式会社テスト", "id": "test", **kw}, "calendar": calendar}, path=None)


PROFILES = {
    "march-small": {"fiscal_year_end": 3, "employees": 8, "withholding_special": True},
    "december-large": {"fiscal_year_end": 12, "employees": 120, "payday": 10},
    "june-closures": {
        "fiscal_year_end": 6,
        "employees": 30,
        "closures": ["08-13..08-16", "12-29..12-31", "01-01..01-04"],
    },
}


def whole(builder: Builder, task: Task, prefix: str = "") -> tuple[bytes, bytes]:
    """The task's components as icalendar builds and serializes each with its real values."""
    opts, state = builder.opts, builder.state.get(task_key(task))
    revision = builder.revisions.get(task.uid) if builder.revisions else None
    finished = state is not None and state.status.finished
    head = (DONE_MARK if finished else "") + prefix
    title = head + task.title(opts.lang)

    def lines(uid: str, summary: str) -> Lines:
        return Lines(uid=uid, summary=summary, description=None, dates=False)

    events = b""
    if task.start is not None and task.start < task.due and opts.windows == "both":
        summary = head + opening_title(task, opts.lang)
        opening = lines(derived_uid(task.uid, "opens"), summary)
        events += serialize(event_component(task, opts, True, revision, opening))
    events += serialize(event_component(task, opts, False, revision, lines(task.uid, title)))
    todo = b""
    if opts.todo:
        todo = serialize(todo_component(task, opts, state, revision, lines(derived_uid(task.uid, "todo"), title)))
    return events, todo


@pytest.mark.parametrize("opts", OPTIONS, ids=lambda o: f"{o.lang}-todo{o.todo}-alarms{o.alarms}-{o.windows}")
def test_every_bundled_task_equals_its_whole_rendering(catalog: Catalog, opts: CalendarOptions) -> None:
    builder = Builder(opts)  # one builder for every company: the bodies are shared between them
    checked = 0
    for cid, values in PROFILES.items():
        for owner in (None, "経理 佐藤", "Sato, Accounting; \\ext"):
            profile = company(**values)
            for task in Expander(catalog).expand(profile, START, END):
                task = dataclasses.replace(task, company=f"{cid}-{owner is not None}", owner=owner)
                r = builder.render(task)
                assert (r.events, r.todo) == whole(builder, task), task.uid
                checked += 1
    assert checked > 1500 and builder.renders < checked / 10  # templates are shared, not one per task


def test_state_and_revisions_equal_their_whole_rendering(catalog: Catalog) -> None:
    tasks = Expander(catalog).expand(company(**PROFILES["march-small"]), START, END)
    states = {}
    for i, t in enumerate(tasks):  # done on two different days, not applicable, in progress, open
        status = (Status.DONE, Status.DONE, Status.NOT_APPLICABLE, Status.IN_PROGRESS, None)[i % 5]
        if status is not None:
            states[task_key(t)] = TaskState(task_key(t), status, done_on=date(2026, 1 + i % 2, 10 + i % 7))
    revisions = {
        t.uid: Revision(t.due, 3 + i % 2, datetime(2026, 5, 1 + i % 3, tzinfo=UTC))
        for i, t in enumerate(tasks)
        if i % 3
    }
    builder = Builder(CalendarOptions(todo=True), DictState(states), revisions)
    for t in tasks:
        r = builder.render(t)
        assert (r.events, r.todo) == whole(builder, t), t.uid
    done = [r for r in builder.render_all(tasks) if b"STATUS:COMPLETED" in r.todo]
    assert done and all(b"SUMMARY:\xe2\x9c\x93 " in r.events for r in done)


safe_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\u202a\u202b\u202c\u202d\u202e"),
    min_size=1,
    max_size=60,
).map(lambda s: s + ",;\\" if len(s) % 3 == 0 else s)


@settings(max_examples=60)
@given(owner=safe_text, client=safe_text, cid=st.from_regex(r"[a-z0-9][a-z0-9-]{0,40}", fullmatch=True))
def test_any_owner_and_client_name_equal_the_whole_rendering(owner: str, client: str, cid: str) -> None:
    catalog = _CATALOG.get("c") or _CATALOG.setdefault("c", load_catalog())
    prefix = client_prefix(client, "ja")
    builder = Builder(CalendarOptions(todo=True))
    for t in Expander(catalog).expand(company(**PROFILES["december-large"]), date(2026, 6, 1), date(2026, 7, 31)):
        t = dataclasses.replace(t, company=cid, owner=owner)
        r = builder.render(t, prefix)
        assert (r.events, r.todo) == whole(builder, t, prefix)
        for line in (r.events + r.todo).split(b"\r\n"):
            assert len(line) <= 75
            line.decode("utf-8")  # never cut inside a character


_CATALOG: dict[str, Catalog] = {}
