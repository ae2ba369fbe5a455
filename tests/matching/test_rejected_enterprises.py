"""A rejected enterprise leaves the buyer's short lists at once (stored rows too, not only the next
computation) and the match index; verified again, it comes back."""

from __future__ import annotations

import pytest

from chuhai.accounts.principal import Principal
from chuhai.catalog import flows as catalog_flows
from chuhai.matching import service
from chuhai.types import RoleCode, VerificationStatus
from tests import factories

OPERATOR = Principal(user_id=None, role=RoleCode.OPERATOR)


pytestmark = pytest.mark.usefixtures("lexical_only")


def test_a_rejected_enterprise_leaves_stored_short_lists_and_the_index(session, tmp_path):
    data_dir = tmp_path / "var"
    wigs = factories.enterprise(session)
    wig = factories.product(session, wigs, title_zh="13x4 蕾丝前头套假发 真人发", title_en=None)
    buyer = factories.buyer(session)
    demand = factories.demand(session, buyer, text="500 pcs 13x4 lace front wigs, human hair")
    session.commit()
    as_buyer = Principal(user_id=None, role=RoleCode.BUYER, buyer_id=buyer.id)
    assert [r.product_id for r in service.demand_matches(session, as_buyer, demand.id, data_dir=data_dir)] == [wig.id]

    catalog_flows.set_verification(session, OPERATOR, wigs.id, VerificationStatus.REJECTED)
    session.commit()
    assert service.demand_matches(session, as_buyer, demand.id, data_dir=data_dir) == []  # stored row
    assert service.demand_matches(session, as_buyer, demand.id, refresh=True, data_dir=data_dir) == []  # the index

    catalog_flows.set_verification(session, OPERATOR, wigs.id, VerificationStatus.VERIFIED)
    session.commit()
    rows = service.demand_matches(session, as_buyer, demand.id, refresh=True, data_dir=data_dir)
    assert [r.product_id for r in rows] == [wig.id]
