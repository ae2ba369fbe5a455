"""A demand's key points in the reader's language: what a Jiaozhou factory reads of a Spanish RFQ."""

from __future__ import annotations

import pytest

from chuhai.matching.engine.gist import demand_gist

SPANISH = "Necesitamos proveedor de peluca de cabello humano con encaje 13x4, body wave, 22 pulgadas. Cantidad: 20"


@pytest.mark.parametrize("locale, expected", [
    ("zh_CN", ("假发", "真人发", "蕾丝", "13x4")),
    ("en", ("wig", "human hair", "lace", "13x4")),
])
def test_the_glossary_concepts_and_sizes_of_any_language_come_out_in_the_readers(locale, expected):
    points = demand_gist(SPANISH, locale)
    assert all(point in points for point in expected), points
    assert "pulgadas" not in points and "20" not in points  # words and bare numbers are not key points
    assert demand_gist("Нужен парик, кружево 13x4, натуральные волосы", locale)[:1] == expected[:1]
    assert demand_gist("industrial espresso machines", locale) == ()
