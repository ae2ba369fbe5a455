"""What every PDF of the platform shares: page margins, the table look, and which font sets which
characters.

Chinese text is set in the Noto Sans CJK font when Debian's fonts-noto-cjk is installed and reportlab can
use it, else in reportlab's built-in CID font STSong-Light (Adobe's Song, which every PDF viewer can
draw), with the few Latin-1 signs it lacks, such as · £ ä, set in Helvetica. English documents are set in
Helvetica, with Chinese and kana in the CJK font. Buyers write in many languages: Cyrillic, Greek and
accented Latin are set in DejaVu Sans (shipped with matplotlib), Hangul in reportlab's built-in Korean
font. `markup` applies this to a paragraph's text.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from chuhai.charts import CJK_FONTS

PAGE_MARGIN_MM = 16
# Characters outside Windows-1252 (what Helvetica draws): set in other fonts in English documents.
NOT_HELVETICA = re.compile(r"[^\x00-\x7f\xa0-\xff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                           r"\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
# Latin-1 letters and signs that the built-in STSong-Light lacks or sets full-width (·, •, £, ä, ß…):
# set in Helvetica in Chinese documents.
NOT_IN_SONG = re.compile(r"[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2022]")
# Buyers write in many languages: Cyrillic, Greek and accented Latin go to DejaVu Sans (shipped with
# matplotlib), Hangul to reportlab's built-in Korean CID font; Chinese and kana to the CJK font.
ALPHABETIC = re.compile(r"[\u0100-\u024f\u0370-\u03ff\u0400-\u052f]")
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
# reportlab and matplotlib are imported inside the functions (deferred): together half a second, paid only
# by the processes that build a PDF (the note the imports below refer to).


@lru_cache
def chinese_font() -> str:
    from reportlab.pdfbase import pdfmetrics  # deferred: see the note above chinese_font
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # deferred: see the note above chinese_font
    from reportlab.pdfbase.ttfonts import TTFont  # deferred: see the note above chinese_font

    for path in CJK_FONTS:
        if path.is_file():
            try:
                pdfmetrics.registerFont(TTFont("ChuhaiCJK", str(path), subfontIndex=2))  # SC face of the TTC
                return "ChuhaiCJK"
            except Exception:  # a TTC reportlab cannot subset (CFF outlines): use the CID font
                break
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


@lru_cache
def _alphabet_font() -> str | None:
    from matplotlib import get_data_path  # deferred: see the note above chinese_font
    from reportlab.pdfbase import pdfmetrics  # deferred: see the note above chinese_font
    from reportlab.pdfbase.ttfonts import TTFont  # deferred: see the note above chinese_font

    try:
        pdfmetrics.registerFont(TTFont("ChuhaiDejaVu", str(Path(get_data_path()) / "fonts/ttf/DejaVuSans.ttf")))
    except Exception:  # no usable TTF: the CJK font draws Cyrillic and Greek too (full-width)
        return None
    return "ChuhaiDejaVu"


@lru_cache
def _korean_font() -> str:
    from reportlab.pdfbase import pdfmetrics  # deferred: see the note above chinese_font
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # deferred: see the note above chinese_font

    pdfmetrics.registerFont(UnicodeCIDFont("HYGothic-Medium"))
    return "HYGothic-Medium"


def _font_of(char: str, font: str) -> str:
    if HANGUL.match(char):
        return _korean_font()
    if ALPHABETIC.match(char) and (font != "Helvetica" or NOT_HELVETICA.match(char)):
        return _alphabet_font() or chinese_font()
    if font.startswith("Helvetica"):
        return chinese_font() if NOT_HELVETICA.match(char) else font
    if font == "STSong-Light" and NOT_IN_SONG.match(char):
        return "Helvetica"
    return font


def markup(text: Any, font: str) -> str:
    """Escaped paragraph text in `font`, with each run of characters that `font` cannot draw (well) set in one
    that can."""
    out = []
    for run_font, chars in groupby("" if text is None else str(text), key=lambda char: _font_of(char, font)):
        run = escape("".join(chars))
        out.append(run if run_font == font else f'<font name="{run_font}">{run}</font>')
    return "".join(out)


def header_row_style():
    """The tables' look in every PDF of the platform: a grey header row, hairlines between rows."""
    from reportlab.lib import colors  # deferred: see the note above chinese_font
    from reportlab.platypus import TableStyle  # deferred: see the note above chinese_font

    return TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f4f6")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#e5e7eb")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ])


def chart_image(png: bytes, width: float):
    """A PNG chart `width` points wide, its height from the picture's own proportions (a fixed height
    would stretch charts whose height grows with their rows)."""
    from reportlab.lib.utils import ImageReader  # deferred: see the note above chinese_font
    from reportlab.platypus import Image  # deferred: see the note above chinese_font

    pixels_wide, pixels_high = ImageReader(io.BytesIO(png)).getSize()
    return Image(io.BytesIO(png), width=width, height=width * pixels_high / pixels_wide)
