"""Which font sets which characters in the platform's PDFs (`chuhai.pdf_style.markup`)."""

from __future__ import annotations

import re

from chuhai.pdf_style import chinese_font, markup


def _runs(text: str) -> list[tuple[str, str]]:
    """(font or "", text) for each run of the markup; "" is the paragraph's own font."""
    out = []
    for tagged, plain in re.findall(r'(<font name="[^"]+">[^<]*</font>)|([^<]+)', text):
        if tagged:
            font, inner = re.match(r'<font name="([^"]+)">([^<]*)</font>', tagged).groups()
            out.append((font, inner))
        else:
            out.append(("", plain))
    return out


def test_english_text_sets_chinese_cyrillic_and_hangul_in_fonts_that_draw_them():
    runs = _runs(markup("Wig 假发 парик 가발 <b>", "Helvetica"))
    assert ("", "Wig ") in runs and (chinese_font(), "假发") in runs and ("", " &lt;b&gt;") in runs
    assert any(text == "парик" and font not in ("", chinese_font()) for font, text in runs)
    assert ("HYGothic-Medium", "가발") in runs


def test_chinese_text_in_the_builtin_song_font_sets_latin_1_signs_in_helvetica():
    runs = _runs(markup("价格 £9 · 交期", "STSong-Light"))
    assert ("Helvetica", "£") in runs and ("Helvetica", "·") in runs
    assert ("", "价格 ") in runs
    assert markup(None, "Helvetica") == ""
