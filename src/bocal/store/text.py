"""Words for task state, shared by the commands and renderers (ja first, en available)."""

from __future__ import annotations

from datetime import date

from ..state import Status, TaskState

STATUS_JA = {
    Status.OPEN: "未着手",
    Status.IN_PROGRESS: "対応中",
    Status.WAITING: "資料待ち",
    Status.DONE: "完了",
    Status.NOT_APPLICABLE: "対象外",
}
STATUS_EN = {
    Status.OPEN: "open",
    Status.IN_PROGRESS: "in progress",
    Status.WAITING: "waiting",
    Status.DONE: "done",
    Status.NOT_APPLICABLE: "not applicable",
}


def status_label(status: Status, lang: str = "ja") -> str:
    return (STATUS_JA if lang == "ja" else STATUS_EN)[status]


def _day(d: date | None, lang: str) -> str:
    if d is None:
        return "なし" if lang == "ja" else "none"
    return f"{d.year}/{d.month}/{d.day}" if lang == "ja" else d.isoformat()


def _text(value: str | None, lang: str) -> str:
    if not value:
        return "なし" if lang == "ja" else "none"
    return f"「{value}」" if lang == "ja" else f'"{value}"'


def change_text(before: TaskState, after: TaskState, lang: str = "ja") -> str:
    """未着手 → 完了（完了日 2026/11/30）・担当 なし → 田中 / open → done (done on 2026-11-30), …"""
    ja = lang == "ja"
    parts = []
    if before.status != after.status:
        part = f"{status_label(before.status, lang)} → {status_label(after.status, lang)}"
        if after.done_on and before.done_on != after.done_on:
            part += f"（完了日 {_day(after.done_on, lang)}）" if ja else f" (done on {_day(after.done_on, lang)})"
        parts.append(part)
    elif before.done_on != after.done_on:
        parts.append(("完了日 " if ja else "done on ") + f"{_day(before.done_on, lang)} → {_day(after.done_on, lang)}")
    if before.assignee != after.assignee:
        parts.append(
            ("担当 " if ja else "assignee ") + f"{_text(before.assignee, lang)} → {_text(after.assignee, lang)}"
        )
    if before.note != after.note:
        parts.append(("メモ " if ja else "note ") + f"{_text(before.note, lang)} → {_text(after.note, lang)}")
    return ("・" if ja else ", ").join(parts)


def state_text(state: TaskState, lang: str = "ja") -> str:
    """完了（2026/11/30）・担当 田中・メモ「…」 / done (2026-11-30), assignee 田中, note "…"."""
    ja = lang == "ja"
    part = status_label(state.status, lang)
    if state.done_on:
        part += f"（{_day(state.done_on, lang)}）" if ja else f" ({_day(state.done_on, lang)})"
    parts = [part]
    if state.assignee:
        parts.append(("担当 " if ja else "assignee ") + state.assignee)
    if state.note:
        parts.append(("メモ" if ja else "note ") + _text(state.note, lang))
    return ("・" if ja else ", ").join(parts)
