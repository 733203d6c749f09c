"""The catalogue's entries for what bocal writes out: calendars, digests, sheets and grids.

Part of `messages.MESSAGES` (merged there; read through `bocal.i18n.t`, never directly), kept in its
own module so the command-line words and the output words can be edited side by side. Same rules:
one string per language of `messages.LANGS`, `{fields}` named alike in every language.
Keys: `ics.*` (iCalendar texts), `notify.*` (digests), `sheet.*` (year sheets, xlsx, text and HTML),
`grid.*` (the month grid), `office.*` (the office's lists), `feed.*` (the served index page),
`event.*` (explaining an event's task).
"""

from __future__ import annotations

OUTPUT_MESSAGES: dict[str, dict[str, str]] = {
    # -- regimes and shift conventions (vocabulary.REGIME_IDS, CONVENTION_IDS; calendars.REGIMES) -----
    "regime.national-tax": {
        "ja": "国税（土日・祝日・12/29〜1/3）",
        "en": "national tax (weekends, holidays, 12/29–1/3)",
    },
    "regime.local-tax": {
        "ja": "地方税（土日・祝日・12/29〜1/3）",
        "en": "local tax (weekends, holidays, 12/29–1/3)",
    },
    "regime.government": {
        "ja": "行政機関の休日（土日・祝日・12/29〜1/3）",
        "en": "government offices (weekends, holidays, 12/29–1/3)",
    },
    "regime.bank": {
        "ja": "銀行休業日（土日・祝日・12/31〜1/3）",
        "en": "bank holidays (weekends, holidays, 12/31–1/3)",
    },
    "regime.company": {
        "ja": "自社の休業日（行政機関の休日＋自社休業日）",
        "en": "company calendar (government closures plus the company's own)",
    },
    "convention.none": {"ja": "移動しない", "en": "never moves"},
    "convention.following": {"ja": "翌営業日", "en": "next open day"},
    "convention.preceding": {"ja": "前営業日", "en": "previous open day"},
    "convention.modified-following": {
        "ja": "翌営業日（月をまたぐ場合は前営業日）",
        "en": "next open day in the same month",
    },
    "convention.modified-preceding": {
        "ja": "前営業日（月をまたぐ場合は翌営業日）",
        "en": "previous open day in the same month",
    },
    # -- why a date moved (describe.py) -------------------------------------------------------------
    # Who moves a deadline *later* when it falls on a closed day, per regime: the law where a law does
    # it (国税通則法10条2項, 地方税法20条の5第2項, 行政機関の休日に関する法律2条), otherwise the practice.
    "move.later.national-tax": {"ja": "国税通則法10条2項", "en": "国税通則法10条2項"},
    "move.later.local-tax": {"ja": "地方税法20条の5第2項", "en": "地方税法20条の5第2項"},
    "move.later.government": {"ja": "行政機関の休日に関する法律2条", "en": "行政機関の休日に関する法律2条"},
    "move.later.bank": {
        "ja": "翌銀行営業日の扱い（休業日は銀行法施行令5条）",
        "en": "next bank business day (bank holidays: 銀行法施行令5条)",
    },
    "move.later.company": {"ja": "自社の休業日の扱い（就業規則）", "en": "the company's own calendar (就業規則)"},
    "move.target_later": {"ja": "目安の日のため翌営業日に設定", "en": "a target date: set to the next open day"},
    "move.safe_side": {"ja": "安全側で前営業日に設定", "en": "set to the previous open day to be safe"},
    # When the regime's law does not move the date, what does (bocal explain's convention step).
    "move.by.bank": {"ja": "金融機関の取扱い", "en": "the banks' practice"},
    "move.by.company": {"ja": "自社の定め", "en": "the company's own rule"},
    "move.stays": {
        "ja": "{days}は休日ですが法定期限のため移動しません",
        "en": "{days}: a closed day, but a statutory date does not move",
    },
    "move.later": {"ja": "{days}のため {date} に延長 — {basis}", "en": "moved to {date}: {days} closed — {basis}"},
    "move.earlier": {
        "ja": "{days}のため {date} に繰上げ — {basis}",
        "en": "brought forward to {date}: {days} closed — {basis}",
    },
    "move.extended": {"ja": "{note}により {date} に延長 — {basis}", "en": "extended to {date}: {note} — {basis}"},
    "move.year_end": {"ja": "{span}(年末年始)", "en": "{span} (year-end holidays)"},
    "move.year_end_span": {"ja": "{a}〜{b}", "en": "{a}–{b}"},
    "dated.announced": {"ja": "{label}として公表された日付", "en": "the date announced for {label}"},
    "dated.assumed": {
        "ja": "推定: {label}の公表日は未登録のため規則による日付（{md}）— 通知・公示で確認",
        "en": "assumed: the announced date for {label} is not in the table; the rule gives {md} — check the notice",
    },
    "deadline.statutory": {"ja": "法定の期限", "en": "statutory deadline"},
    "deadline.customary": {"ja": "慣行（法定の期限ではない）", "en": "customary (not a statutory deadline)"},
    "deadline.target": {
        "ja": "目安（法令に日付の定めがない、または「遅滞なく」などの期限）",
        "en": "target (the law sets no date, or says 'without delay')",
    },
    "duty.pending": {"ja": "期日未定: {pending}", "en": "Not dated yet: {pending}"},
    # -- iCalendar: the words of an event's description, its alarm, its calendar -------------------
    "ics.client_prefix": {"ja": "【{name}】", "en": "[{name}] "},
    "ics.window": {"ja": "受付期間: {start}〜{due}", "en": "Window: {start} – {due}"},
    "ics.customary": {"ja": "慣行", "en": "customary"},
    "ics.form": {"ja": "様式: {form}", "en": "Form: {form}"},
    "ics.submit_to": {"ja": "提出先: {where}", "en": "Submit to: {where}"},
    "ics.opening": {"ja": "受付開始日: {reason}", "en": "Opening: {reason}"},
    "ics.deadline": {"ja": "期限: {reason}", "en": "Deadline: {reason}"},
    "ics.provisional": {
        "ja": "祝日が官報で未確定の年のため暫定の日付",
        "en": "Provisional: that year's holidays are not yet official",
    },
    "ics.target": {"ja": "期日は目安（法令に日付の定めなし）", "en": "Target date (the law sets no date)"},
    "ics.basis": {"ja": "根拠: {basis}", "en": "Basis: {basis}"},
    "ics.source": {"ja": "出典: {source}", "en": "Source: {source}"},
    "ics.owner": {"ja": "担当: {owner}", "en": "Owner: {owner}"},
    "ics.alarm_today": {"ja": "期限当日", "en": "Due today"},
    "ics.alarm_day": {"ja": "期限の{days}日前", "en": "Due in {days} day"},
    "ics.alarm_days": {"ja": "期限の{days}日前", "en": "Due in {days} days"},
    "ics.opening_title": {"ja": "受付開始: {title}— {due}まで", "en": "Opens: {title} — due {due}"},
    "ics.horizon_note": {"ja": "{warning}。", "en": " {warning}."},
    "ics.calendar_name": {"ja": "{company} 期限カレンダー", "en": "{company} deadlines"},
    "ics.calendar_name_part": {"ja": "{company} 期限カレンダー（{parts}）", "en": "{company} deadlines ({parts})"},
    "ics.calendar_desc": {
        "ja": "{company}の法定・慣行上の期限（bocal）。土日・祝日・年末年始による移動は反映済みで、各予定の説明に理由と根拠を記載。",
        "en": "Statutory and customary deadlines for {company} (bocal). Dates are already moved off weekends, holidays and the year-end closure; each event says why and on what basis.",
    },
    # -- notify: the digest ------------------------------------------------------------------------
    "notify.overdue": {"ja": "期限超過", "en": "Overdue"},
    "notify.opening": {"ja": "本日受付開始", "en": "Windows opening today"},
    "notify.coming": {"ja": "近づく期限", "en": "Coming up"},
    "notify.due_in": {"ja": "今後{days}日の期限", "en": "Due in the next {days} days"},
    "notify.intro": {
        "ja": "{day} 時点で、まだ済んでいない期限のお知らせです。",
        "en": "Deadlines not yet done, as of {day}.",
    },
    "notify.intro_titled": {
        "ja": "{title} {day} 時点で、まだ済んでいない期限のお知らせです。",
        "en": "{title}: deadlines not yet done, as of {day}.",
    },
    "notify.subject": {"ja": "【bocal】{what} {count}件", "en": "[bocal] {what}: {count}"},
    "notify.n_overdue": {"ja": "期限超過 {count}件", "en": "{count} overdue"},
    "notify.n_opening": {"ja": "受付開始 {count}件", "en": "{count} opening"},
    "notify.opens_left": {"ja": "受付開始（期限 {due}）", "en": "opens (due {due})"},
    "notify.footer": {
        "ja": "bocal が送信しました。完了したタスクは `bocal done` で記録すると次回から載りません。",
        "en": "Sent by bocal. Record finished tasks with `bocal done` and they drop out of the next digest.",
    },
    "notify.group_head": {"ja": "■ {head}（{count}件）", "en": "■ {head} ({count})"},
    "notify.group_count": {"ja": "（{count}件）", "en": " ({count})"},
    "notify.reason_mark": {"ja": "※", "en": "*"},
    "notify.more": {"ja": "…ほか {count}件", "en": "… and {count} more"},
    # -- words used everywhere ---------------------------------------------------------------------
    "list.sep": {"ja": "・", "en": ", "},
    "word.paren": {"ja": "（{text}）", "en": " ({text})"},
    # -- year sheets (xlsx, text, HTML) and the office list ----------------------------------------
    # a task's status (state.Status values) in the year sheets, and its mark after a date: two
    # terminal cells or fewer, never an ambiguous-width character.
    "sheet.status.open": {"ja": "未着手", "en": "open"},
    "sheet.status.in-progress": {"ja": "対応中", "en": "in progress"},
    "sheet.status.waiting": {"ja": "待ち", "en": "waiting"},
    "sheet.status.done": {"ja": "完了", "en": "done"},
    "sheet.status.not-applicable": {"ja": "対象外", "en": "n/a"},
    "sheet.mark.open": {"ja": "", "en": ""},
    "sheet.mark.in-progress": {"ja": "中", "en": "~"},
    "sheet.mark.waiting": {"ja": "待", "en": "w"},
    "sheet.mark.done": {"ja": "済", "en": "ok"},
    "sheet.mark.not-applicable": {"ja": "外", "en": "na"},
    "sheet.overdue": {"ja": "期限超過", "en": "overdue"},
    "sheet.title": {"ja": "{span} 年間スケジュール表", "en": "{span} annual schedule"},
    "sheet.window": {"ja": "{a}〜{b}", "en": "{a}–{b}"},
    "sheet.html_moved": {
        "ja": "* 土日・祝日・年末年始のため期限が移動（移動の理由は一覧表に）",
        "en": "* moved off a weekend, holiday or the year-end closure (the task list gives the reason)",
    },
    "task.title": {"ja": "{title}（{period}）", "en": "{title} ({period})"},
    "event.target": {"ja": "{target}（目安：{words}）", "en": "{target} (target: {words})"},
    "sheet.moved_note": {"ja": "休日のため移動", "en": "moved off a closed day"},
    "sheet.month": {"ja": "月", "en": "Month"},
    "sheet.owner": {"ja": "〔{owner}〕", "en": "[{owner}]"},
    "sheet.font": {"ja": "Yu Gothic", "en": "Calibri"},
    "sheet.office_all": {"ja": "事務所（全顧問先）", "en": "Office (all clients)"},
    "sheet.text_moved": {"ja": "* 休日のため移動  ", "en": "* moved off a closed day  "},
    "office.no_deadlines": {"ja": "該当する期限はありません。", "en": "No deadlines in this range."},
    "office.moved": {"ja": "休日のため期日が移動", "en": "moved off a closed day"},
    # -- explaining an event's task (bocal explain on a task an event set off) ------------------------
    "event.step.event": {"ja": "出来事", "en": "Event"},
    "event.step.id": {"ja": "ID", "en": "id"},
    "event.step.counting": {"ja": "数え方", "en": "Counting"},
    "event.step.counted_from": {"ja": "起算の基準日", "en": "Counted from"},
    "event.step.nominal": {"ja": "本来の期日", "en": "Nominal date"},
    "event.step.convention": {"ja": "休日の扱い", "en": "Convention"},
    "event.step.target": {"ja": "目安", "en": "Target"},
    "event.step.due": {"ja": "期日", "en": "Due"},
    "event.step.opens": {"ja": "受付開始", "en": "Window opens"},
    "event.step.condition": {"ja": "条件", "en": "Condition"},
    "event.step.basis": {"ja": "根拠", "en": "Basis"},
    "event.step.source": {"ja": "出典", "en": "Source"},
    "event.step.submit_to": {"ja": "提出先", "en": "Submit to"},
    "event.step.form": {"ja": "様式", "en": "Form"},
    "event.step.notes": {"ja": "備考", "en": "Notes"},
    # -- the served index page (bocal serve: /{token}/) ------------------------------------------------
    "feed.subscribe": {"ja": "カレンダーアプリで購読 (webcal)", "en": "Subscribe (webcal)"},
    "feed.url": {"ja": "URL（貼り付け用）", "en": "URL to paste"},
    "feed.secret": {
        "ja": "この URL は秘密です。知っている人は誰でも予定を読めます。共有しないでください。",
        "en": "These URLs are secret: anyone who has one can read the calendar. Do not share them.",
    },
    # -- the month grid ----------------------------------------------------------------------------
    "grid.legend": {
        "ja": "* 期限  + 休日（祝日・年末年始・自社休業）",
        "en": "* deadline  + closed (holiday, year-end, company)",
    },
}
