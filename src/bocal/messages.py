"""The message catalogue's data: key -> {language: text}. Read through `bocal.i18n.t`, never directly.

One entry per sentence, one string per language in `LANGS`, `{fields}` named alike in every language
(tests/test_i18n.py checks both). A plain literal so that importing it costs nothing at start-up.
Keys are grouped by where they are said: `area.*`, `profile.*`, `init.*`, `cli.*`, `find.*`, `output.*`.
"""

from __future__ import annotations

#: The languages every entry has. Adding one: add it here and a string to each entry below.
LANGS: tuple[str, ...] = ("ja", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # -- areas -------------------------------------------------------------------------------------
    "area.unknown": {"ja": "不明な業務領域 {value}", "en": "unknown area {value}"},
    "area.choices": {"ja": "領域は {words}", "en": "areas are {words}"},
    "area.option_help": {
        "ja": "この領域だけ（繰り返し可）: 総務・人事・労務・経理・法務・情報システム、または general-affairs・hr・labor・accounting・legal・it",
        "en": "Only these areas (repeatable): general-affairs, hr, labor, accounting, legal, it — or 総務・人事・労務・経理・法務・情報システム",
    },
    # -- the profile found (or not) -----------------------------------------------------------------
    "profile.sample_notice": {
        "ja": "bocal: bocal.toml が見つからないため、組み込みのサンプル会社（{name}・{fye}月決算・従業員{employees}人）で計算しています。自社用は bocal init で作ってください（探す場所: --profile、環境変数 BOCAL_PROFILE、./bocal.toml、$XDG_CONFIG_HOME/bocal/bocal.toml）。",
        "en": "bocal: no bocal.toml found, so the built-in sample company ({name}, year-end month {fye}, {employees} staff) is used. Make your own with bocal init (looked for: --profile, BOCAL_PROFILE, ./bocal.toml, $XDG_CONFIG_HOME/bocal/bocal.toml).",
    },
    "profile.no_id": {
        "ja": '{where} に id がないため、カレンダーの UID は{source}「{cid}」から作られます。社名やファイル名を変えると予定が重複するので、配信・取り込みの前に [company] に id = "{cid}" を書いてください',
        "en": '{where} sets no id, so calendar UIDs are made from the {source} ({cid!r}); renaming would duplicate every event, so add id = "{cid}" to [company] before publishing or importing',
    },
    # -- init: the questions ------------------------------------------------------------------------
    "init.q.name": {"ja": "会社名", "en": "Company name"},
    "init.q.company_type": {
        "ja": "会社の種類（株式会社 / 合同会社 / 特例有限会社）",
        "en": "Kind of company (kabushiki / godo / tokurei-yugen)",
    },
    "init.q.prefecture": {"ja": "本店の都道府県（例: 東京都）", "en": "Prefecture of the head office (e.g. tokyo)"},
    "init.q.fiscal_year_end": {"ja": "決算月（1〜12）", "en": "Fiscal year-end month (1-12)"},
    "init.q.employees": {"ja": "常時雇用する従業員数（会社全体）", "en": "Regular employees (whole company)"},
    "init.q.site_employees": {
        "ja": "最も大きい事業場（本社・工場・支店など）の労働者数（50人以上でストレスチェック・衛生委員会など）",
        "en": "Workers at the largest site (50 or more: stress checks, health committee …)",
    },
    "init.q.withholding_special": {
        "ja": "源泉所得税の納期の特例の承認を受けていますか（給与の支給人員が常時10人未満）",
        "en": "Approved for the special schedule of withheld income tax (under 10 staff)?",
    },
    "init.q.resident_tax_special": {
        "ja": "住民税の納期の特例の承認を受けていますか",
        "en": "Approved for the special schedule of resident tax?",
    },
    "init.q.listed": {"ja": "上場会社ですか", "en": "Listed company?"},
    "init.q.board": {"ja": "取締役会を置いていますか", "en": "Board of directors?"},
    "init.q.agm_date": {
        "ja": "定時株主総会の予定日（MM-DD、未定なら none: 決算日から3か月後の法定の限度を使う）",
        "en": "Planned date of the AGM (MM-DD, or none: the legal limit, 3 months after the year end)",
    },
    "init.q.payday": {"ja": "給与支給日（1〜31、月末は31）", "en": "Payday (day of month, 31 for month end)"},
    "init.q.bonus_dates": {
        "ja": "賞与支給日（MM-DD をカンマ区切り、なければ none）",
        "en": "Bonus paydays (MM-DD, comma-separated, or none)",
    },
    "init.q.owners": {
        "ja": "領域ごとの担当者（例: 経理=佐藤, 労務=鈴木。いなければ none）",
        "en": "Who owns each area (e.g. accounting=Sato, labor=Suzuki; or none)",
    },
    # -- init: answers that do not parse --------------------------------------------------------------
    "init.bad.yes_no": {"ja": "y（はい）か n（いいえ）で答えてください: {value}", "en": "answer y or n, got {value}"},
    "init.bad.number": {"ja": "整数で答えてください: {value}", "en": "must be a whole number, got {value}"},
    "init.bad.range": {
        "ja": "{low}〜{high} の範囲で答えてください: {value}",
        "en": "must be between {low} and {high}, got {value}",
    },
    "init.bad.monthday": {
        "ja": "月-日（例: 06-26）で答えてください: {value}",
        "en": 'expected a month-day such as "06-26", got {value}',
    },
    "init.bad.company_type": {
        "ja": "株式会社・合同会社・特例有限会社（kabushiki・godo・tokurei-yugen）のどれかで答えてください: {value}",
        "en": "must be kabushiki, godo or tokurei-yugen (株式会社・合同会社・特例有限会社), got {value}",
    },
    "init.bad.prefecture": {
        "ja": "都道府県名（例: 東京都・大阪府・北海道、または tokyo）で答えてください: {value}",
        "en": "must be a prefecture such as tokyo, osaka or hokkaido (or 東京都), got {value}",
    },
    "init.bad.owner": {
        "ja": "「領域=担当者」の形で書いてください（例: 経理=佐藤）: {value}",
        "en": "write AREA=NAME, e.g. accounting=Sato: {value}",
    },
    "init.bad.id": {
        "ja": "id は半角英数字とハイフン（2文字以上）にしてください: {value}",
        "en": "the id must be ASCII letters, digits and hyphens (at least 2): {value}",
    },
    "init.bad.empty": {"ja": "空にはできません", "en": "must not be empty"},
    "init.exists": {
        "ja": "ファイルが既にあります。上書きするなら --force を付けてください",
        "en": "the file exists; use --force to overwrite it",
    },
    # -- init: what it says --------------------------------------------------------------------------
    "init.wrote": {
        "ja": "{path} を書きました。次は: bocal check --profile {path} / bocal list --profile {path}",
        "en": "wrote {path}; next: bocal check --profile {path} / bocal list --profile {path}",
    },
    "init.id": {
        "ja": 'カレンダーの識別子: id = "{id}"（会社名から作りました）。カレンダーの予定の UID に使うので、社名やファイル名を変えても予定が重複しません。一度配信・取り込みしたら変えないでください。',
        "en": 'calendar id: id = "{id}" (made from the company name). Event UIDs use it, so renaming the company or the file never duplicates events; keep it once a calendar is published or imported.',
    },
    "init.site_default": {
        "ja": "最大の事業場の労働者数は従業員数と同じ {n} 人にしました（事業場が複数あるなら --site-employees で最も大きい事業場の人数を）。",
        "en": "the largest site's headcount is set to the company's {n} (with several sites, give the largest one's with --site-employees).",
    },
    "init.warn.withholding_special": {
        "ja": "源泉所得税の納期の特例は給与の支給人員が常時10人未満の場合の制度です（従業員 {n} 人）。承認を受けているか確認してください。",
        "en": "the special schedule for withheld income tax is for fewer than 10 paid staff (you have {n}); check that it is approved.",
    },
    "init.warn.site_over_employees": {
        "ja": "最大の事業場の労働者数（{site} 人）が従業員数（{n} 人）より多くなっています。",
        "en": "the largest site's headcount ({site}) is larger than the company's ({n}).",
    },
    "init.warn.no_board": {
        "ja": "{kind}には取締役会がないため、取締役会の予定は出しません（board の指定は使われません）。",
        "en": "a {kind} has no board of directors, so no board meetings are listed (board is not used).",
    },
    "init.warn.godo_agm": {
        "ja": "合同会社には株主総会がないため、agm_date は使われません。",
        "en": "a godo kaisha holds no shareholders' meeting, so agm_date is not used.",
    },
    "init.warn.listed": {
        "ja": "上場できるのは株式会社だけです（会社の種類: {kind}）。",
        "en": "only a kabushiki kaisha can be listed (kind of company: {kind}).",
    },
    "init.warn": {"ja": "bocal: 注意: {message}", "en": "bocal: warning: {message}"},
    "init.note": {"ja": "bocal: {message}", "en": "bocal: {message}"},
    "profile.id_from_file": {"ja": "ファイル名", "en": "file name"},
    "profile.id_from_name": {"ja": "会社名", "en": "company name"},
    "cli.warning": {"ja": "bocal: 注意: {message}", "en": "bocal: warning: {message}"},
    "holidays.plain_weekends_left_out": {
        "ja": "（祝日等でない土日は省略）",
        "en": " (plain weekends left out)",
    },
    # -- the command line ------------------------------------------------------------------------------
    "cli.overview": {
        "ja": "bocal {version} — 総務・人事・労務・経理・法務・情報システムの法定期限を、会社ごとの日付入りタスクに。\n\nはじめに:\n  bocal init                 会社プロファイル bocal.toml を質問に答えて作る\n  bocal list                 今月の期限（--upcoming 30 で30日先まで）\n  bocal month                今月のカレンダー\n  bocal duties 源泉          義務を言葉で探す\n  bocal explain 源泉所得税    期限の計算を説明する\n  bocal export -o bocal.ics  カレンダー（.ics）に書き出す\n\nコマンドの一覧とオプション: bocal --help、各コマンドは bocal COMMAND --help\n",
        "en": "bocal {version} — Japanese back-office statutory deadlines as dated tasks for your company.\n\nGetting started:\n  bocal init                 write a company profile, bocal.toml, from a few questions\n  bocal list                 this month's deadlines (--upcoming 30 for the next 30 days)\n  bocal month                this month as a calendar\n  bocal duties withholding   find duties by words\n  bocal explain 源泉所得税    how a deadline was computed\n  bocal export -o bocal.ics  write a calendar (.ics)\n\nEvery command and option: bocal --help; each command: bocal COMMAND --help\n",
    },
    # -- finding a duty by words -------------------------------------------------------------------------
    "find.none": {
        "ja": "「{word}」に当たる義務はありません（bocal duties で一覧）",
        "en": "no duty matches {word!r} (bocal duties lists them)",
    },
    "find.several": {
        "ja": "「{word}」に当たる義務が {n} 件あります。id で指定してください: {choices}",
        "en": "{n} duties match {word!r}; give one id: {choices}",
    },
    # -- CSV headers (ja for people; en keeps the machine ids) -----------------------------------------
    "csv.client": {"ja": "顧問先", "en": "client"},
    "csv.due": {"ja": "期限", "en": "due"},
    "csv.weekday": {"ja": "曜日", "en": "weekday"},
    "csv.nominal": {"ja": "本来の期限", "en": "nominal"},
    "csv.start": {"ja": "開始日", "en": "start"},
    "csv.area": {"ja": "領域", "en": "area"},
    "csv.duty": {"ja": "義務ID", "en": "duty"},
    "csv.title": {"ja": "件名", "en": "title"},
    "csv.title_en": {"ja": "件名（英語）", "en": "title_en"},
    "csv.period": {"ja": "対象期間", "en": "period"},
    "csv.moved_because": {"ja": "移動の理由", "en": "moved_because"},
    "csv.owner": {"ja": "担当者", "en": "owner"},
    "csv.basis": {"ja": "根拠", "en": "basis"},
    "csv.source": {"ja": "出典", "en": "source"},
    "csv.submit_to": {"ja": "提出先", "en": "submit_to"},
    "csv.uid": {"ja": "UID", "en": "uid"},
    "csv.target": {"ja": "目安", "en": "target"},
    "csv.status": {"ja": "状態", "en": "status"},
    "csv.assignee": {"ja": "担当（割当）", "en": "assignee"},
    "csv.note": {"ja": "メモ", "en": "note"},
    "csv.done_on": {"ja": "完了日", "en": "done_on"},
    # -- output files ------------------------------------------------------------------------------------
    "output.unencodable": {
        "ja": "{encoding} で表せない文字 {char}（U+{code:04X}）が出力の {line} 行目 {column} 文字目にあります。--encoding utf-8（Excel 2016 以降は --bom 付きで開けます）にしてください",
        "en": "the character {char} (U+{code:04X}) on line {line}, column {column} of the output has no {encoding} form; use --encoding utf-8 (with --bom, Excel 2016 and later open it)",
    },
}
