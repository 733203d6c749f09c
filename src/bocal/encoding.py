"""Text to bytes for files and pipes: UTF-8 by default, cp932 (Shift_JIS) for very old Excel.

bocal never lets the console's encoding decide what a CSV or JSON file contains (Python on Japanese
Windows would encode redirected output as cp932 and crash on the first em dash): machine formats
are encoded here, to UTF-8 unless `--encoding cp932` asks otherwise. cp932 lacks a few characters
bocal may print. The characters whose Shift_JIS form Microsoft maps to another code point are
written as cp932's own (documented replacement, `CP932_SAME`: — EM DASH as ― U+2015, 〜 as ～, − as
－, ‖ as ∥, ¢ £ ¬ as their full-width forms), so a CSV reads the same in Excel; any other character
cp932 lacks (some 旧字体, emoji in a user's notes) is a located error (line and column of the
output) saying what to do instead, never dropped silently.
"""

from __future__ import annotations

from .errors import Problem, UsageError
from .i18n import t

#: The encodings `--encoding` offers.
ENCODINGS = ("utf-8", "cp932")

#: Characters written as cp932's own code point for the same JIS character (what Windows shows).
CP932_SAME = str.maketrans(
    {
        "\u2014": "\u2015",  # — EM DASH → ― (JIS 0x815C as Windows maps it)
        "\u301c": "\uff5e",  # 〜 WAVE DASH → ～
        "\u2212": "\uff0d",  # − MINUS SIGN → －
        "\u2016": "\u2225",  # ‖ → ∥
        "\u00a2": "\uffe0",  # ¢ → ￠
        "\u00a3": "\uffe1",  # £ → ￡
        "\u00ac": "\uffe2",  # ¬ → ￢
    }
)


def encode_output(text: str, encoding: str = "utf-8", *, lang: str = "en", path: str | None = None) -> bytes:
    """`text` as bytes in `encoding`; a character the encoding lacks is a located UsageError.

    A byte-order mark (from --bom) is kept only for UTF-8: cp932 has none."""
    if encoding == "cp932":
        text = text.removeprefix("\ufeff").translate(CP932_SAME)
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as e:
        line_start = text.rfind("\n", 0, e.start) + 1
        char = text[e.start]
        message = t(
            "output.unencodable",
            lang,
            encoding=encoding,
            char=char,
            code=ord(char),
            line=text.count("\n", 0, e.start) + 1,
            column=e.start - line_start + 1,
        )
        raise UsageError(Problem(message, path=path, key="--encoding")) from None
