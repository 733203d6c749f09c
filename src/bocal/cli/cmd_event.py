"""`bocal event`: record the events that set off deadlines (a hire, a leaver, an accident …).

Events are kept in the task store (`--db`, $BOCAL_DB, or the default file: bocal.store) with
their history; every command that reads the profile (`list`, `explain`, `export`, `month` …) adds the
stored events to it through `with_stored_events`, so their tasks appear like any other.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import Problem, UsageError
from .context import default_lang, format_md, profile_only, today_of
from .options import lang_option

if TYPE_CHECKING:
    from ..events.model import Event
    from ..events.store import EventStore, HistoryEntry

F = TypeVar("F", bound=Callable[..., Any])


def open_store(db: str | None, *, create: bool) -> EventStore | None:
    """The event store of --db / $BOCAL_DB / the default file; None when that file does not exist yet."""
    from ..events.store import EventStore
    from ..store.url import resolve_db

    return EventStore.open(resolve_db(db, os.environ), create=create)


def store_option(f: F) -> F:
    return click.option(
        "--db",
        "store",
        metavar="PATH|URL",
        help="The task store (default: $BOCAL_DB, else ~/.local/share/bocal/state.sqlite3).",
    )(f)


def _now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


def _actor() -> str | None:
    return os.environ.get("BOCAL_USER") or os.environ.get("USER") or None


@click.group("event")
def event_cmd() -> None:
    """Record events that set off deadlines: hires, leavers, accidents, breaches, officer changes.

    \b
    Kinds (DATE means):
      hire                   入社日（雇用の初日）
      leave                  退職日（雇用の最終日）
      dependent-change       被扶養者の異動の日
      address-change         住所・氏名の変更の日
      maternity-leave-start  産前産後休業の初日
      childcare-leave-start  育児休業の初日
      childcare-leave-end    育児休業の最終日
      accident               災害の発生日（--set days_off=N）
      data-breach            漏えい等を知った日（--set malicious=true）
      officer-change         変更の効力が生じた日
      head-office-move       本店移転の日
      site-reaches-50        事業場の労働者が50人に達した日

    \b
    Example:
      bocal event add hire 2027-04-01 --person 山田太郎
      bocal event add leave 2027-03-31 --person 佐藤花子 --set separation_certificate=false
      bocal event list
      bocal event import roster.csv --kind leave --column 退職年月日=date --column 社員氏名=person
    """


@event_cmd.command("add")
@click.argument("kind")
@click.argument("day", metavar="DATE")
@click.option("--person", help="Who it is about (shown in the tasks' titles).")
@click.option("--client", help="The client company it is for (an office's client name or id).")
@click.option("--note", help="A note kept with the event.")
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE", help="An attribute (repeatable): days_off=5.")
@click.option("--profile", "profile_path", type=click.Path(path_type=str, readable=False), help="Company profile.")
@store_option
@lang_option
@click.pass_context
def add_cmd(
    ctx: click.Context,
    kind: str,
    day: str,
    person: str | None,
    client: str | None,
    note: str | None,
    settings: tuple[str, ...],
    profile_path: str | None,
    store: str | None,
    lang: str | None,
) -> None:
    """Record an event and show the deadlines it sets off.

    \b
    Example:
      bocal event add hire 2027-04-01 --person 山田太郎
      bocal event add accident 2027-06-01 --person 鈴木一郎 --set days_off=5
    """
    from ..events.model import check_kind, make_event, parse_settings

    lang = lang or default_lang()
    try:
        info = check_kind(kind)
    except ValueError as e:
        raise UsageError(Problem(str(e), key="KIND")) from None
    attrs = parse_settings(info, settings)
    try:
        event = make_event(kind, day, person=person, client=client, note=note, attributes=attrs)
    except ValueError as e:
        raise UsageError(Problem(str(e))) from None
    profile = profile_only(profile_path)
    opened = open_store(store, create=True)
    assert opened is not None
    with opened:
        opened.add(event, _now(), _actor())
    ja = lang == "ja"
    click.echo(f"{'記録しました' if ja else 'Recorded'}: {event.id}  {event.label(lang)}")
    click.echo(_tasks_text(profile, event, today_of(ctx), lang), nl=False)


def _tasks_text(profile: Any, event: Event, today: date, lang: str) -> str:
    """The deadlines the event sets off for the profile, one line each (or why there are none)."""
    from ..events.tasks import event_tasks
    from ..render import pad, width

    ja = lang == "ja"
    tasks = event_tasks(profile, [event], event.date - timedelta(days=31), event.date + timedelta(days=400))
    if not tasks:
        return ("この会社の設定では期限は生じません\n") if ja else "No deadlines for this company's settings\n"
    rows = [(format_md(t.due, lang) + (f" {t.due.year}" if t.due.year != today.year else ""), t) for t in tasks]
    w = max(width(r[0]) for r in rows)
    out = ["この出来事で生じる期限:" if ja else "Deadlines this sets off:"]
    for text, t in rows:
        mark = ("（目安）" if ja else " (target)") if t.target else ""
        overdue = ("  期限超過" if ja else "  overdue") if t.due < today else ""
        out.append(f"  {pad(text, w)}  {t.title(lang)}{mark} — {t.duty.basis}{overdue}")
    return "\n".join(out) + "\n"


@event_cmd.command("list")
@click.option("--client", help="Only this client's events.")
@click.option("--kind", help="Only events of this kind.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@store_option
@lang_option
def list_cmd(client: str | None, kind: str | None, fmt: str, store: str | None, lang: str | None) -> None:
    """List the recorded events (id, kind, date, person, client, attributes).

    \b
    Example:
      bocal event list
      bocal event list --kind leave --format csv > leavers.csv
    """
    lang = lang or default_lang()
    opened = open_store(store, create=False)
    events: Sequence[Event] = ()
    if opened is not None:
        with opened:
            events = opened.events(client=client, kind=kind)
    click.echo(events_text(events, fmt, lang), nl=False)


def events_text(events: Sequence[Event], fmt: str, lang: str) -> str:
    import csv
    import io
    import json

    records = [
        {
            "id": e.id,
            "kind": e.kind,
            "date": e.date.isoformat(),
            "person": e.person,
            "client": e.client,
            "note": e.note,
            "attributes": dict(e.attributes),
        }
        for e in events
    ]
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(["id", "kind", "date", "person", "client", "note", "attributes"])
        for e in events:
            attrs = " ".join(f"{k}={_show(v)}" for k, v in e.attributes)
            w.writerow([e.id, e.kind, e.date.isoformat(), e.person or "", e.client or "", e.note or "", attrs])
        return buf.getvalue()
    from ..render import pad, width

    if not events:
        return "記録された出来事はありません\n" if lang == "ja" else "No events recorded\n"
    rows = [
        (
            e.id,
            e.kind_info.ja if lang == "ja" else e.kind_info.en,
            e.date.isoformat(),
            e.person or "",
            e.client or "",
            " ".join(f"{k}={_show(v)}" for k, v in e.attributes) + (f" 「{e.note}」" if e.note else ""),
        )
        for e in events
    ]
    widths = [max(width(r[i]) for r in rows) for i in range(5)]
    return "".join(
        "  ".join(pad(c, widths[i]) for i, c in enumerate(r[:5])).rstrip() + (f"  {r[5]}" if r[5] else "") + "\n"
        for r in rows
    )


def _show(v: object) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else str(v)


@event_cmd.command("remove")
@click.argument("event_id", metavar="ID")
@store_option
@lang_option
def remove_cmd(event_id: str, store: str | None, lang: str | None) -> None:
    """Remove a recorded event (its tasks go with it; the history keeps it).

    \b
    Example:
      bocal event remove hire-20270401-fc891d
    """
    lang = lang or default_lang()
    opened = open_store(store, create=False)
    if opened is None:
        raise UsageError(Problem(f"no event {event_id!r}: no events are recorded yet"))
    with opened:
        event = opened.remove(event_id, _now(), _actor())
    click.echo(f"{'削除しました' if lang == 'ja' else 'Removed'}: {event.id}  {event.label(lang)}")


@event_cmd.command("import")
@click.argument("file", type=click.Path(path_type=str, dir_okay=False, readable=False))
@click.option("--column", "columns", multiple=True, metavar="HEADER=FIELD", help="Map a column: 退職年月日=date.")
@click.option("--kind", help="The kind of every row (when the file has no kind column).")
@click.option("--client", help="The client of every row without a client column.")
@click.option("--dry-run", is_flag=True, help="Check the file and say what would be recorded; record nothing.")
@store_option
@lang_option
def import_cmd(
    file: str,
    columns: tuple[str, ...],
    kind: str | None,
    client: str | None,
    dry_run: bool,
    store: str | None,
    lang: str | None,
) -> None:
    """Import events from a CSV file (columns: kind, date, person, and attributes).

    Japanese headers (種別, 日付, 氏名, 顧問先, 備考) and kinds (入社, 退職 …) are understood; a payroll
    roster needs only a mapping. Rows with an empty date are skipped. UTF-8 or Shift_JIS.
    All rows or none: any problem stops the import, each reported with its line.

    \b
    Example:
      bocal event import events.csv
      bocal event import roster.csv --kind hire --column 入社年月日=date --column 社員氏名=person
    """
    from ..events.csvimport import parse_mapping, read_events_csv
    from ..tomlsource import TomlReadError, read_bytes

    lang = lang or default_lang()
    ja = lang == "ja"
    mapping = parse_mapping(columns)
    try:
        raw = read_bytes(file)
    except TomlReadError as e:
        raise UsageError(e.problem) from None
    result = read_events_csv(raw, file, mapping=mapping, kind=kind, client=client)
    if dry_run:
        added, existing = len(result.events), 0
    else:
        opened = open_store(store, create=True)
        assert opened is not None
        with opened:
            added, existing = opened.add_many(result.events, _now(), _actor())
    verb = ("記録します" if dry_run else "記録しました") if ja else ("would record" if dry_run else "recorded")
    if ja:
        line = f"{added}件を{verb}"
        extra = [
            f"記録済み {existing}件" if existing else "",
            f"日付が空の行 {result.skipped}件を読み飛ばし" if result.skipped else "",
        ]
    else:
        line = f"{verb} {added} event{'s' if added != 1 else ''}"
        extra = [
            f"{existing} already recorded" if existing else "",
            f"{result.skipped} rows without a date skipped" if result.skipped else "",
        ]
    extra = [x for x in extra if x]
    if extra:
        line += ("（" + "、".join(extra) + "）") if ja else " (" + ", ".join(extra) + ")"
    click.echo(line)
    if result.ignored_columns:
        click.echo(("無視した列: " if ja else "ignored columns: ") + ", ".join(result.ignored_columns))


@event_cmd.command("history")
@click.argument("event_id", metavar="[ID]", required=False)
@store_option
@lang_option
def history_cmd(event_id: str | None, store: str | None, lang: str | None) -> None:
    """Show who added, imported or removed which event, and when (oldest first).

    \b
    Example:
      bocal event history
      bocal event history hire-20270401-fc891d
    """
    lang = lang or default_lang()
    ja = lang == "ja"
    opened = open_store(store, create=False)
    entries: Sequence[HistoryEntry] = ()
    if opened is not None:
        with opened:
            entries = opened.history(event_id)
    if not entries:
        click.echo("履歴はありません" if ja else "No history")
        return
    words = {"add": ("記録", "added"), "import": ("取込", "imported"), "remove": ("削除", "removed")}
    for h in entries:
        action = words[h.action][0 if ja else 1]
        who = f"  {h.by}" if h.by else ""
        click.echo(f"{h.at}  {action}  {h.event_id}  {h.event.label(lang)}{who}")
