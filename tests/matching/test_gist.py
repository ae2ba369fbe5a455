"""A demand's key points in the reader's language: what a Jiaozhou factory reads of a Spanish RFQ."""

from __future__ import annotations

import pytest

from chuhai.matching.gist import demand_gist
from tests import factories
from tests.conftest import login

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


def test_suppliers_see_the_key_points_of_demands_written_in_another_language(client, session):
    maker = factories.enterprise(session)
    factories.product(session, maker, title_zh="13x4 蕾丝前头套假发 真人发", title_en=None)
    buyer = factories.buyer(session, language="es", country="ES")
    spanish = factories.demand(session, buyer, text=SPANISH, language="es")
    chinese = factories.demand(session, buyer, text="需要13x4蕾丝前头套假发，真人发", language="zh")
    member = factories.user(session, "enterprise", enterprise_id=maker.id)
    session.commit()
    login(client, member.email)
    client.get("/lang/zh_CN")
    page = client.get(f"/demands/{spanish.id}").text
    assert 'data-testid="demand-gist"' in page and '<span class="tag">真人发</span>' in page
    # Written in the reader's language already: no key points repeated under it.
    assert 'data-testid="demand-gist"' not in client.get(f"/demands/{chinese.id}").text
    assert client.get("/demands").text.count('data-testid="demand-gist"') == 1
