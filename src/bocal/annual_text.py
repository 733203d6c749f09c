"""`bocal year` in the terminal: the 年間スケジュール表 as a months × areas table that fits the width.

Plain ASCII rules (`+ - |`): box-drawing characters are East Asian *ambiguous* and take two cells in
many Japanese terminals, which would break the columns. Widths count East Asian wide characters as two
cells (`render.width`). Each cell lists its tasks as「10(金)済」then the short title wrapped to the
column, at most `MAX_LINES` lines a task (the last one cut with `..`); the owner follows the date when
it fits. The task sheet of the workbook and the HTML page have the full titles.
"""

from __future__ import annotations

from .annual import AnnualSchedule, Entry, marks_legend
from .i18n import t
from .render import width

MAX_LINES = 2
MIN_CELL = 8
#: The month column: 「12月」 and the year 「2026」 take 4 cells; "Month" and "Sep" 5.
MONTH_COL = {"ja": 4, "en": 5}


def mark(entry: Entry, lang: str = "ja") -> str:
    """「*済」: `*` when the date moved off a closed day, then the status mark and `!` when overdue."""
    return ("*" if entry.moved else "") + entry.mark(lang)


def cut(text: str, cells: int) -> str:
    """The longest prefix of `text` that fits in `cells` display cells."""
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > cells:
            break
        out.append(ch)
        used += w
    return "".join(out)


def wrap(text: str, cells: int, max_lines: int = MAX_LINES) -> list[str]:
    """Wrap by display width (at spaces when there are any, else anywhere); the last line cut with `..`."""
    lines: list[str] = []
    rest = text.strip()
    while rest:
        if width(rest) <= cells:
            lines.append(rest)
            break
        head = cut(rest, cells)
        space = head.rfind(" ")
        if space > 0 and not rest[len(head)].isspace():
            head = head[:space]
        lines.append(head.rstrip())
        rest = rest[len(head) :].lstrip()
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = cut(lines[-1], cells - 2) + ".."
    return lines


def entry_lines(entry: Entry, cells: int, lang: str = "ja") -> list[str]:
    first = entry.day_text(lang) + mark(entry, lang)
    if entry.owner and width(first) + 1 + width(entry.owner) <= cells:
        first += " " + entry.owner
    return [cut(first, cells), *wrap(entry.short_label(lang), cells)]


def column_width(total: int, areas: int, lang: str = "ja") -> int:
    """Cells per area column so that the table fits `total` columns (never below MIN_CELL)."""
    return max(MIN_CELL, (total - 2 - MONTH_COL[lang] - areas) // max(areas, 1))


def render_year(schedule: AnnualSchedule, lang: str = "ja", *, total_width: int = 80, wareki: bool = False) -> str:
    """The schedule as text no wider than `total_width` (unless that leaves under MIN_CELL a column)."""
    n = len(schedule.areas)
    lang = "ja" if lang == "ja" else "en"
    cw = column_width(total_width, n, lang)
    mc = MONTH_COL[lang]
    rule = "+" + "-" * mc + "+" + "+".join("-" * cw for _ in range(n)) + "+"

    def row(cells: list[str], first: str = "") -> str:
        month = first + " " * (mc - width(first))
        return "|" + month + "|" + "|".join(c + " " * (cw - width(c)) for c in cells) + "|"

    title = schedule.title(lang, wareki_years=wareki)
    lines = [f"{title} — {schedule.company}", rule]
    lines.append(row([cut(a, cw) for a in schedule.area_names(lang)], t("sheet.month", lang)))
    lines.append(rule.replace("-", "="))
    for i, month in enumerate(schedule.months):
        stacks = [[line for e in cell for line in entry_lines(e, cw, lang)] for cell in month.cells]
        height = max([1, *(len(s) for s in stacks)])
        # the first month and each January carry the year on their second line
        labels = [month.label(lang), str(month.year) if i == 0 or month.month == 1 else ""]
        height = max(height, 2 if labels[1] else 1)
        for k in range(height):
            first = labels[k] if k < 2 else ""
            lines.append(row([s[k] if k < len(s) else "" for s in stacks], first))
        lines.append(rule)
    lines.append(legend(lang))
    return "\n".join(lines) + "\n"


def legend(lang: str = "ja") -> str:
    return t("sheet.text_moved", lang) + marks_legend(lang)
