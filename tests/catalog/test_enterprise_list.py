"""The enterprise list reads in the reader's alphabet: by Chinese name in Chinese, by English name in English."""

from __future__ import annotations

import re

from tests import factories
from tests.conftest import login


def test_the_list_is_ordered_by_the_name_the_reader_sees(client, session):
    # Chinese order (by code point) and English order disagree on purpose.
    for zh, en in (("安丘甲公司", "Zeta Foods"), ("青岛乙公司", "Alpha Wigs"), ("平度丙公司", "Mid Lashes")):
        factories.enterprise(session, name_zh=zh, name_en=en)
    operator = factories.user(session, "operator")
    session.commit()
    login(client, operator.email)

    def names(lang: str) -> list[str]:
        client.get(f"/lang/{lang}")
        table = client.get("/enterprises").text.split('data-testid="enterprise-table"', 1)[1]
        return re.findall(r'<a href="/enterprises/\d+">([^<]+)</a>', table)

    assert names("en") == ["Alpha Wigs", "Mid Lashes", "Zeta Foods"]
    assert names("zh_CN") == sorted(["安丘甲公司", "青岛乙公司", "平度丙公司"])
