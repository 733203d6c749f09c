"""The terminal agenda behind `bocal list` and `bocal month`: tasks grouped by date, read at a glance.

    2026年7月の期限 — サンプル株式会社（今日 7/6(月)）
    7/1(水)   期限超過 5日  労務  算定基礎届の提出（2026年分） 受付開始（〜7/10(金)）
    7/10(金)  あと4日       経理  源泉所得税の納付（2026年6月分）
                            労務  算定基礎届の提出（2026年分） 受付中 7/1〜7/10
    7/13(月)  あと7日       …（2026年6月分）※1
    ※1 7/11(土)・7/12(日)のため 7/13(月) に延長 — 国税通則法10条2項

A line is a due date or the day a window opens (`opening` tasks: due after the range, open inside
it). The date and the days left stand on the first line of each date; a moved date carries a
footnote with the reason (describe.move_reason). Colour is opt-in (`color=True`, decided by the CLI
from the TTY, NO_COLOR and --color): urgency on the date, the area in its own colour. Columns are
padded by display width, so 労務 and Labour line up alike. No click here: plain strings only.

Task state (a `StateView`) shows on each line: 「✓ 」 before a done task, （資料待ち）/（対応中）/
（対象外） and ［担当 …］ after; a date whose tasks are all finished is never overdue, the count of
overdue tasks counts only unfinished ones, and `visible` leaves out tasks finished before today.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from .calendars import format_md
from .describe import area_name, assumed_note, move_reason
from .expand import Task
from .render import pad, width
from .state import NO_STATE, StateView, Status, TaskState, task_key

#: SGR colours per area (foreground), chosen to be distinct on dark and light backgrounds.
AREA_COLORS = {
    "general-affairs": "34",  # blue
    "hr": "36",  # cyan
    "labor": "32",  # green
    "accounting": "33",  # yellow
    "legal": "35",  # magenta
    "it": "94",  # bright blue
}
OVERDUE, TODAY, SOON, PAST = "1;31", "1;97;41", "1;33", "2"
#: A date this many days ahead or fewer is "soon" (bold yellow).
SOON_DAYS = 3


def sgr(text: str, code: str | None, color: bool) -> str:
    """`text` in an ANSI colour when `color` is on (and a code is given)."""
    return f"\x1b[{code}m{text}\x1b[0m" if color and code else text


def days_left(day: date, today: date, lang: str = "ja", *, due: bool = True) -> str:
    """今日 / あと3日 / 期限超過 2日 (today / in 3 days / 2 days overdue); past non-deadlines: 2日前."""
    n = (day - today).days
    ja = lang == "ja"
    if n == 0:
        return "今日" if ja else "today"
    if n > 0:
        return f"あと{n}日" if ja else f"in {n} day{'s' if n != 1 else ''}"
    n = -n
    if not due:
        return f"{n}日前" if ja else f"{n} day{'s' if n != 1 else ''} ago"
    return f"期限超過 {n}日" if ja else f"{n} day{'s' if n != 1 else ''} overdue"


def urgency(day: date, today: date, *, due: bool = True) -> str | None:
    """The SGR code for a date: overdue, today, soon, or None (later)."""
    n = (day - today).days
    if n < 0:
        return OVERDUE if due else PAST
    if n == 0:
        return TODAY
    if n <= SOON_DAYS:
        return SOON
    return None


def range_title(start: date, end: date, lang: str = "ja") -> str:
    """2026年7月 / July 2026 for a whole month, 2026年 / 2026 for a year, else the two dates."""
    ja = lang == "ja"
    nxt = date(end.year + (end.month == 12), end.month % 12 + 1, 1)
    whole_month = start.day == 1 and (nxt - end).days == 1
    if whole_month and (start.year, start.month) == (end.year, end.month):
        return f"{start.year}年{start.month}月" if ja else f"{start:%B} {start.year}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return f"{start.year}年" if ja else str(start.year)
    if ja:
        return f"{start.year}/{start.month}/{start.day}〜{end.year}/{end.month}/{end.day}"
    return f"{start.isoformat()} – {end.isoformat()}"


def window_text(task: Task, today: date, lang: str = "ja") -> str:
    """受付中 7/1〜7/10 while the window is open, 受付 7/1〜7/10 otherwise; "" without a window."""
    if task.start is None or task.start == task.due:
        return ""
    a, b = task.start, task.due
    if lang == "ja":
        span = f"{a.month}/{a.day}〜{b.month}/{b.day}"
        return f" 受付中 {span}" if a <= today <= b else f" 受付 {span}"
    span = f"{a.month}/{a.day}–{b.month}/{b.day}"
    return f" — open now, {span}" if a <= today <= b else f" — window {span}"


STATUS_MARK = {
    "ja": {Status.WAITING: "（資料待ち）", Status.IN_PROGRESS: "（対応中）", Status.NOT_APPLICABLE: "（対象外）"},
    "en": {Status.WAITING: " (waiting)", Status.IN_PROGRESS: " (in progress)", Status.NOT_APPLICABLE: " (n/a)"},
}


def state_of(task: Task, state: StateView) -> TaskState:
    return state.get(task_key(task)) or TaskState(task_key(task))


def finished(task: Task, state: StateView) -> bool:
    return state_of(task, state).status.finished


def visible(tasks: Sequence[Task], state: StateView, today: date) -> tuple[list[Task], int]:
    """The tasks to show by default, and how many were left out: those finished before today (a task
    done today stays in view, so the person who just finished it sees the ✓)."""
    shown: list[Task] = []
    for t in tasks:
        s = state_of(t, state)
        if s.status.finished and (s.done_on is None or s.done_on < today):
            continue
        shown.append(t)
    return shown, len(tasks) - len(shown)


def with_state(text: str, task: Task, state: StateView, lang: str) -> str:
    """「✓ 」 before a done task's title; the status and the assignee after other tasks."""
    s = state_of(task, state)
    if s.status is Status.DONE:
        text = "✓ " + text
    text += STATUS_MARK["ja" if lang == "ja" else "en"].get(s.status, "")
    if s.assignee:
        text += f"［担当 {s.assignee}］" if lang == "ja" else f" [{s.assignee}]"
    return text


def _entries(tasks: Iterable[Task], opening: Iterable[Task]) -> list[tuple[date, bool, Task]]:
    """(date, is_due, task): each task on its due date, each opening task on its start date."""
    rows = [(t.due, True, t) for t in tasks]
    rows += [(t.start, False, t) for t in opening if t.start is not None]
    # on one date, windows opening come before deadlines; the expander's order is kept otherwise
    order = {id(t): i for i, (_, _, t) in enumerate(rows)}
    rows.sort(key=lambda r: (r[0], r[1], order[id(r[2])]))
    return rows


def render_agenda(
    tasks: Sequence[Task],
    *,
    today: date,
    lang: str = "ja",
    color: bool = False,
    opening: Sequence[Task] = (),
    title: str | None = None,
    state: StateView = NO_STATE,
    hidden: int = 0,
    columns: int | None = None,
) -> str:
    """The agenda as text, ending with a newline: header, one line per entry, footnotes, a count.

    `hidden`: how many finished tasks the caller left out (said after the count). `columns`: fit the
    lines to this many cells (a terminal's width) by wrapping each title inside its own column, so an
    80-column terminal never wraps a line into the date column."""
    ja = lang == "ja"
    out: list[str] = []
    if title is not None:
        out.append(sgr(title, "1", color))
    rows = _entries(tasks, opening)
    if not rows:
        out.append("該当する期限はありません。" if ja else "No deadlines in this range.")
        return "\n".join(out) + "\n"

    notes: dict[str, int] = {}

    def note(text: str) -> str:
        n = notes.setdefault(text, len(notes) + 1)
        return f"※{n}" if ja else f"*{n}"

    with_owner = any(t.owner for _, _, t in rows)
    lines: list[tuple[str, str | None, str, str, str, str, str]] = []
    previous: date | None = None
    for day, is_due, t in rows:
        first = day != previous
        previous = day
        # a date is a deadline (overdue when past) only while one of its due tasks is unfinished
        group_due = any(d == day and due and not finished(x, state) for d, due, x in rows)
        left = days_left(day, today, lang, due=group_due) if first else ""
        code = urgency(day, today, due=group_due) if first else None
        marks = ""
        reason = move_reason(t, lang, start=not is_due)
        if reason:
            marks += note(reason if is_due else ("受付開始: " if ja else "window opens: ") + reason)
        if is_due:
            text = with_state(t.title(lang), t, state, lang) + window_text(t, today, lang)
            # a window's start that moved is explained where the window opens, or here when it opened
            # before the range (no opening line shows it)
            start_reason = move_reason(t, lang, start=True)
            if start_reason and not any(o is t for o in opening):
                marks += note(("受付開始: " if ja else "window opens: ") + start_reason)
        else:
            text = t.title(lang) + (
                f" 受付開始（〜{format_md(t.due, 'ja')}）" if ja else f" opens (due {format_md(t.due, 'en')})"
            )
        if t.provisional:
            text += "（暫定）" if ja else " (provisional)"
        if t.target:
            text += "（目安）" if ja else " (target)"
        if assumed := assumed_note(t, lang):
            marks += note(assumed)
        date_text = format_md(day, lang) if first else ""
        lines.append((date_text, code, left, t.area, t.owner or "", text, marks))

    w_date = max(width(r[0]) for r in lines)
    w_left = max(width(r[2]) for r in lines)
    w_area = max(width(area_name(r[3], lang)) for r in lines)
    w_owner = max(width(r[4]) for r in lines)
    for date_text, code, left, area, owner, text, marks in lines:
        cells = [
            sgr(pad(date_text, w_date), code, color),
            sgr(pad(left, w_left), code, color),
            sgr(pad(area_name(area, lang), w_area), AREA_COLORS.get(area), color),
        ]
        if with_owner:
            cells.append(pad(owner, w_owner))
        indent = w_date + w_left + w_area + (w_owner + 2 if with_owner else 0) + 6
        first_line, *more = fit(text, marks, (columns or 0) - indent)
        cells.append(first_line[0] + (sgr(first_line[1], "2", color) if first_line[1] else ""))
        out.append("  ".join(cells).rstrip())
        out += [" " * indent + body + (sgr(m, "2", color) if m else "") for body, m in more]
    for text, n in notes.items():
        out.append(sgr(f"※{n} " if ja else f"*{n} ", "2", color) + text)
    out += legends([t for _, _, t in rows], ja)
    out.append(summary(tasks, today, lang, state, hidden))
    return "\n".join(out) + "\n"


def legends(tasks: Sequence[Task], ja: bool) -> list[str]:
    """The lines that explain the agenda's marks (（暫定）, （目安）), for the marks it shows."""
    out = []
    if any(t.provisional for t in tasks):
        out.append(
            "（暫定）春分の日・秋分の日が官報で未公示の年の祝日に基づく日付"
            if ja
            else "(provisional) rests on holidays not yet fixed in the official gazette"
        )
    if any(t.target for t in tasks):
        out.append(
            "（目安）法令が「遅滞なく」「速やかに」とだけ定める届出: 日付は目安で、法定の期限ではない"
            if ja
            else "(target) the law says only 'without delay' or 'promptly': the date is a target, not a statutory deadline"
        )
    return out


#: Characters a wrapped line must not start with (行頭禁則).
CLOSERS = "）」』】〕、。・，．:;,.)]"


def fit(text: str, marks: str, room: int) -> list[tuple[str, str]]:
    """A title (and its footnote marks, kept whole and last) as lines of at most `room` cells:
    (text, marks) pairs. No wrapping without room to speak of (under 16 cells) or when it fits."""
    if room < 16 or width(text + marks) <= room:
        return [(text, marks)]
    import re

    lines: list[str] = []
    current = ""
    # an English word stays whole (unless longer than the room); Japanese breaks between characters
    for unit in re.findall(r"[!-~]+ *|.", text):
        for piece in [unit] if width(unit) <= room else list(unit):
            if width(current + piece.rstrip()) > room:
                # a closing bracket or comma never starts a line (禁則): the character before it comes along
                carry = current[-1] if piece[0] in CLOSERS and len(current) > 1 else ""
                lines.append(current[: len(current) - len(carry)].rstrip())
                current = carry
            current += piece
    if width(current + marks) > room:
        lines.append(current)
        current = ""
    return [(line, "") for line in lines] + [(current, marks)]


def summary(tasks: Sequence[Task], today: date, lang: str = "ja", state: StateView = NO_STATE, hidden: int = 0) -> str:
    """5件（今日 1・期限超過 2） / 5 deadlines (1 today, 2 overdue); finished tasks are never overdue.

    With state: 5件（今日 1・期限超過 2・完了 1）、完了済み 3件は非表示（--all で表示）."""
    n = len(tasks)
    open_tasks = [t for t in tasks if not finished(t, state)]
    due_today = sum(t.due == today for t in open_tasks)
    overdue = sum(t.due < today for t in open_tasks)
    done = n - len(open_tasks)
    if lang == "ja":
        text = f"{n}件（今日 {due_today}・期限超過 {overdue}" + (f"・完了 {done}）" if done else "）")
        return text + (f"、完了済み {hidden}件は非表示（--all で表示）" if hidden else "")
    text = f"{n} deadline{'s' if n != 1 else ''} ({due_today} today, {overdue} overdue" + (
        f", {done} finished)" if done else ")"
    )
    return text + (f"; {hidden} finished hidden (--all shows them)" if hidden else "")
