"""Hypothesis: whatever people type, the loader answers with bocal's own error (or a working duty).

Random TOML documents, random bytes and random values for every duty and profile key go through
`rules.load_catalog` and `profile.load_profile` / `build_profile`; anything but a `BocalError` is a
bug. Duties that load are also expanded over a year, which must not raise either. Example counts are
kept moderate so the whole file runs in a few seconds.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bocal.calendars import business_calendar
from bocal.errors import BocalError
from bocal.expand import expand
from bocal.profile import build_profile, load_profile, schema
from bocal.rules import DUTY_KEYS, load_catalog

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


# -- a small TOML writer (tomllib only reads) --------------------------------------------------------


def toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, datetime | date | time):
        return v.isoformat()
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {toml_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(type(v))


def toml_table(name: str, table: dict[str, Any], array: bool = False) -> str:
    head = f"[[{name}]]" if array else f"[{name}]"
    return head + "\n" + "".join(f"{json.dumps(k, ensure_ascii=False)} = {toml_value(v)}\n" for k, v in table.items())


# -- strategies ---------------------------------------------------------------------------------------

scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
)
keys = st.text(min_size=1, max_size=12)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=12
)
documents = st.dictionaries(keys, values | st.dictionaries(keys, values, max_size=6), max_size=6)

# values a person might plausibly put in a duty: pieces of the real grammar, near misses and junk
WORDS = [
    "10th of next month", "last day of next month", "5th business day of next month", "23rd business day of next month",
    "last business day of this month", "payday of this month", "employees of next month", "2 months after end",
    "2 months after month 6", "2 months after month 13", "07-10", "next 01-31", "02-29", "5 days after",
    "14 clear days before", "3 business days after", "1 month after", "agm_date", "agm_date or 3 months after end",
    "5 days after or 07-10", "0th of next month", "400 days before", "month", "quarter", "half-year", "year",
    "fiscal-year", "3 years", "0 years", "bonus_dates", "agm_date", "employees", "it_renewal_dates",
    "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;COUNT=3",
    "FREQ=WEEKLY;INTERVAL=0", "national-tax", "bank", "company", "following", "none", "modified-preceding",
    "employees >= 50", "not listed", "fiscal_year_end in [3, 9]", "((", "employees >= ", "listed or",
    "https://www.nta.go.jp/", "http://x", "customary", "prefecture", "fixed_asset_tax_schedule", "accounting", "hr",
    "a", "b", "", " ",
]  # fmt: skip
duty_values = st.one_of(
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(WORDS), max_size=5),
    st.integers(min_value=-5, max_value=2100),
    st.lists(st.integers(min_value=-2, max_value=400), max_size=4),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    scalars,
)
BASE_DUTY = {
    "id": "a",
    "title": "t",
    "title_en": "t",
    "area": "accounting",
    "every": "month",
    "due": "10th of next month",
    "basis": "customary",
}
duty_tables = st.fixed_dictionaries(
    {}, optional={k: duty_values for k in DUTY_KEYS if k != "cases"} | {"cases": st.dictionaries(st.sampled_from(
        ["tokyo", "osaka", "tokio", "standard", "tokyo-23", "none"]), st.dictionaries(st.sampled_from(
            ["due", "installments", "start", "notes", "shift"]), duty_values, max_size=3), max_size=3)}
)  # fmt: skip


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as d:
        yield Path(d)


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, str):
        path.write_text(text, "utf-8", errors="surrogatepass")
    else:
        path.write_bytes(text)
    return path


def loads_or_bocal_error(fn: Any, *args: Any, **kw: Any) -> Any:
    try:
        return fn(*args, **kw)
    except BocalError as e:
        assert e.problems and all(p.message for p in e.problems)
        assert str(e)  # every problem renders
        return None


# -- the properties -----------------------------------------------------------------------------------


@FUZZ
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_random_bytes_never_crash_the_loaders(scratch: Path, raw: bytes) -> None:
    p = write(scratch / "bytes.toml", raw)
    loads_or_bocal_error(load_catalog, [p], bundled=False)
    loads_or_bocal_error(load_profile, p)


@FUZZ
@given(doc=documents)
def test_random_toml_documents_never_crash_the_loaders(scratch: Path, doc: dict[str, Any]) -> None:
    text = "".join(
        toml_table(json.dumps(k, ensure_ascii=False), v)
        if isinstance(v, dict)
        else f"{json.dumps(k)} = {toml_value(v)}\n"
        for k, v in sorted(doc.items(), key=lambda kv: isinstance(kv[1], dict))
    )
    p = write(scratch / "doc.toml", text)
    loads_or_bocal_error(load_catalog, [p], bundled=False)
    loads_or_bocal_error(load_profile, p)
    loads_or_bocal_error(build_profile, doc, path=None)


@FUZZ
@given(over=duty_tables)
def test_random_duty_values_load_or_fail_cleanly_and_loaded_duties_expand(scratch: Path, over: dict[str, Any]) -> None:
    duty = {**BASE_DUTY, **over}
    cases = duty.pop("cases", None)
    text = toml_table("duty", duty, array=True)
    for name, table in (cases or {}).items():
        text += toml_table(f"duty.cases.{name}", table)
    p = write(scratch / "duty.toml", text)
    catalog = loads_or_bocal_error(load_catalog, [p], bundled=False)
    if catalog is not None:
        profile = build_profile({"company": {"agm_date": "06-26"}}, path=None)
        loads_or_bocal_error(expand, catalog, profile, date(2025, 12, 1), date(2027, 1, 31))


profile_values = {
    name: st.one_of(st.just(spec.default) if spec.default is not None else st.none(), scalars, duty_values)
    for name, spec in schema().items()
}
calendar_values = st.fixed_dictionaries(
    {},
    optional={
        "closures": st.lists(
            st.sampled_from(["08-13..08-16", "12-28", "2026-10-02", "02-30", "12-29..01-03", "2026-05-01..2026-05-31"])
            | st.dates() | st.fixed_dictionaries({"on": st.sampled_from(["05-01", "x"])}, optional={"name": scalars}),
            max_size=4,
        ) | scalars,
        "working_days": st.lists(st.dates() | st.sampled_from(["2026-11-23", "2026-01-01..2027-12-31"]), max_size=3),
        "uid_domain": st.sampled_from(["example.co.jp", "bad domain"]) | scalars,
    },
)  # fmt: skip
extension_tables = st.fixed_dictionaries(
    {},
    optional={
        "regimes": st.lists(st.sampled_from(["national-tax", "local-tax", "nationaltax"]), max_size=2) | scalars,
        "duties": st.lists(st.sampled_from(["a", "Bad Id"]), max_size=2) | scalars,
        "from": st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)) | scalars,
        "to": st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)) | scalars,
        "until": st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1)) | scalars,
        "note": st.text(max_size=10) | scalars,
        "basis": scalars,
        "notes": scalars,
    },
)


@FUZZ
@given(
    company=st.fixed_dictionaries({}, optional=profile_values),
    cal=calendar_values,
    ext=st.lists(extension_tables, max_size=2) | scalars,
)
def test_random_profiles_build_or_fail_cleanly(company: dict[str, Any], cal: dict[str, Any], ext: Any) -> None:
    data = {"company": company, "calendar": cal, "extension": ext}
    profile = loads_or_bocal_error(build_profile, data, path=None)
    if profile is not None:
        for e in profile.extensions:
            assert e.start <= e.end <= e.until


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    n=st.integers(min_value=1, max_value=23),
    ref=st.sampled_from(["this month", "next month", "month after next"]),
    regime=st.sampled_from(["national-tax", "local-tax", "government", "bank", "company"]),
    year=st.integers(min_value=2000, max_value=2035),
)
def test_nth_business_day_rules_give_an_open_day_in_the_month_or_a_rule_error(
    scratch: Path, n: int, ref: str, regime: str, year: int
) -> None:
    duty = {**BASE_DUTY, "due": f"{ordinal(n)} business day of {ref}", "regime": regime, "shift": "none"}
    catalog = load_catalog([write(scratch / "bd.toml", toml_table("duty", duty, array=True))], bundled=False)
    try:
        tasks = expand(catalog, build_profile({}, path=None), date(year, 1, 1), date(year, 12, 31))
    except BocalError as e:
        (p,) = e.problems
        assert n > 18 and p.key == "due" and p.line == 7 and p.duty == "a"  # every month has at least 18
        return
    months = {"this month": 0, "next month": 1, "month after next": 2}[ref]
    cal = business_calendar(regime)
    for t in tasks:
        y, m0 = divmod(t.period.end.year * 12 + t.period.end.month - 1 + months, 12)
        assert (t.due.year, t.due.month) == (y, m0 + 1)
        assert cal.is_open(t.due) and cal.count_business_days(date(y, m0 + 1, 1), t.due) == n
