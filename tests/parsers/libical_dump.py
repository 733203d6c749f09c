"""Parse an .ics file with libical 3 (Evolution / GNOME) and print the harness's JSON form.

Runs under the Debian interpreter, ``/usr/bin/python3``, which sees the apt packages
``gir1.2-ical-3.0`` and ``python3-gi`` (installed by ``.ci/install-parsers``)::

    /usr/bin/python3 tests/parsers/libical_dump.py FILE
    /usr/bin/python3 tests/parsers/libical_dump.py --version

libical never raises on bad input: it drops what it cannot read and adds ``X-LIC-ERROR``
properties. This script reports those (``lic_errors``) and the result of libical's restriction
(cardinality) check (``restriction_ok`` / ``restriction_errors``); the harness turns any of them
into an exception. Exit status 2 means libical returned no component at all, or the bytes are
not UTF-8.
"""

from __future__ import annotations

import json
import re
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as I  # noqa: E402

K = I.ComponentKind
P = I.PropertyKind


def _fail(msg: str) -> None:
    sys.stderr.write(msg + "\n")
    sys.exit(2)


def decode(data: bytes) -> str:
    # libical (C) reads bytes and unfolds "CRLF + space" before it looks at characters, so a fold
    # that splits a UTF-8 character is put back together. GObject strings must be valid UTF-8,
    # so do that same byte-level unfolding here when the raw bytes do not decode.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    unfolded = re.sub(rb"\r?\n[ \t]", b"", data)
    try:
        return unfolded.decode("utf-8")
    except UnicodeDecodeError as exc:
        _fail(f"not UTF-8 even after unfolding: {exc}")
        raise  # unreachable


def children(comp, kind):
    c = comp.get_first_component(kind)
    while c is not None:
        yield c
        c = comp.get_next_component(kind)


def props(comp, kind):
    p = comp.get_first_property(kind)
    while p is not None:
        yield p
        p = comp.get_next_property(kind)


def lic_errors(comp, path="") -> list[str]:
    """Every X-LIC-ERROR in comp and its subcomponents, as 'COMPONENT: message'."""
    here = (path + "/" if path else "") + I.Component.kind_to_string(comp.isa())
    uid = comp.get_uid() if comp.isa() in (K.VEVENT_COMPONENT, K.VTODO_COMPONENT) else None
    label = f"{here}[{uid}]" if uid else here
    out = [f"{label}: {p.get_xlicerror()}" for p in props(comp, P.XLICERROR_PROPERTY)]
    for sub in children(comp, K.ANY_COMPONENT):
        out.extend(lic_errors(sub, here))
    return out


def time_value(prop, getter):
    if prop is None:
        return None
    t = getter(prop)
    if t is None or t.is_null_time():
        return {"invalid": prop.as_ical_string().strip()}
    if t.is_date():
        return {"date": f"{t.get_year():04d}-{t.get_month():02d}-{t.get_day():02d}"}
    s = (
        f"{t.get_year():04d}-{t.get_month():02d}-{t.get_day():02d}"
        f"T{t.get_hour():02d}:{t.get_minute():02d}:{t.get_second():02d}"
    )
    tzid = "UTC" if t.is_utc() else prop.get_parameter_as_string("TZID")
    return {"datetime": s, "tzid": tzid}


def text(comp, kind, getter):
    p = comp.get_first_property(kind)
    return None if p is None else getter(p)


def item(comp) -> dict:
    categories: list[str] = []
    for p in props(comp, P.CATEGORIES_PROPERTY):
        # libical splits "CATEGORIES:a,b" into one property per value when it parses.
        categories.extend(v for v in p.get_categories().split(",") if v)
    alarms = []
    for a in children(comp, K.VALARM_COMPONENT):
        p = a.get_first_property(P.TRIGGER_PROPERTY)
        if p is None:
            alarms.append({"missing": True})
            continue
        trig = p.get_trigger()
        if trig.get_time().is_null_time():
            related = (p.get_parameter_as_string("RELATED") or "START").upper()
            alarms.append({"seconds": trig.get_duration().as_int(), "related": related})
        else:
            alarms.append({"absolute": trig.get_time().as_ical_string()})
    return {
        "uid": text(comp, P.UID_PROPERTY, lambda p: p.get_uid()),
        "summary": text(comp, P.SUMMARY_PROPERTY, lambda p: p.get_summary()),
        "dtstart": time_value(comp.get_first_property(P.DTSTART_PROPERTY), lambda p: p.get_dtstart()),
        "dtend": time_value(comp.get_first_property(P.DTEND_PROPERTY), lambda p: p.get_dtend()),
        "due": time_value(comp.get_first_property(P.DUE_PROPERTY), lambda p: p.get_due()),
        "categories": categories,
        "alarms": alarms,
        "url": text(comp, P.URL_PROPERTY, lambda p: p.get_url()),
        "description": text(comp, P.DESCRIPTION_PROPERTY, lambda p: p.get_description()),
    }


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        _fail("usage: libical_dump.py FILE | --version")
    if argv[1] == "--version":
        import subprocess  # libical exposes no version at run time; ask dpkg

        r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libical3"], capture_output=True, text=True)
        print(r.stdout.strip() or "unknown")
        return
    with open(argv[1], "rb") as f:
        source = decode(f.read())
    try:
        root = I.Component.new_from_string(source)
    except TypeError:  # "constructor returned NULL": nothing parseable, or an unclosed component
        root = None
    if root is None:
        _fail("libical parsed no component (not iCalendar, or a component is never closed)")
    if root.isa() != K.VCALENDAR_COMPONENT:
        _fail(f"top-level component is {I.Component.kind_to_string(root.isa())}, not VCALENDAR")
    parse_errors = lic_errors(root)
    restriction_ok = bool(I.restriction_check(root))  # adds X-LIC-ERRORs for what it finds
    after = lic_errors(root)
    restriction_errors = [e for e in after if e not in parse_errors]
    name = text(root, P.NAME_PROPERTY, lambda p: p.get_name())
    if name is None:
        for p in props(root, P.X_PROPERTY):
            if p.get_x_name().upper() == "X-WR-CALNAME":
                name = p.get_x()
                break
    out = {
        "parser": "libical",
        "name": name,
        "events": [item(c) for c in children(root, K.VEVENT_COMPONENT)],
        "todos": [item(c) for c in children(root, K.VTODO_COMPONENT)],
        "lic_errors": parse_errors,
        "restriction_ok": restriction_ok,
        "restriction_errors": restriction_errors,
    }
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
