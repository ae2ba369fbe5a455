"""Two enterprises with a product each, their members, a buyer and the operator; media on local disk."""

from __future__ import annotations

import pytest

from chuhai.accounts.service import principal_of
from chuhai.media.service import MediaConfig
from chuhai.media.storage import LocalStorage
from tests import factories


@pytest.fixture
def world(session):
    wigs = factories.enterprise(session, name_en="Wigs Co")
    chairs = factories.enterprise(session, name_en="Chairs Co")
    wig = factories.product(session, wigs, sku="WIG-001", title_en="Lace front wig")
    wig2 = factories.product(session, wigs, sku="WIG-002", title_en="Bob wig")
    chair = factories.product(session, chairs, sku="CHAIR-1", title_en="Armchair")
    users = {
        "wigs": factories.user(session, "enterprise", enterprise_id=wigs.id),
        "chairs": factories.user(session, "enterprise", enterprise_id=chairs.id),
        "buyer": factories.user(session, "buyer", buyer_id=factories.buyer(session).id),
        "operator": factories.user(session, "operator"),
    }
    session.commit()
    return {"wigs_co": wigs, "chairs_co": chairs, "wig": wig, "wig2": wig2, "chair": chair, **users}


@pytest.fixture
def media(tmp_path) -> MediaConfig:
    return MediaConfig(storage=LocalStorage(tmp_path / "media"))


def actor(user):
    return principal_of(user)


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file())
