"""A demand's key points on its page, for suppliers who read another language than the buyer's."""

from __future__ import annotations

from tests import factories
from tests.conftest import login
from tests.matching.engine.test_gist import SPANISH


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
