"""The enterprise's feedback report tells it why its quotations lost and where they win (from trade): a known
set of quotations of the demo wig enterprise on the small demo — declined for price in one market, a deal
lost for lead time and an order in another."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from chuhai.config import Settings
from chuhai.database import session_scope
from chuhai.demand.models import Demand
from chuhai.trade.models import Deal, DealStage, DeclineReason, Incoterm, LostReason, Quotation, QuotationStatus
from tests.conftest import BACKEND
from tests.stats.demo import signed_in_client, small_demo_url

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="the demo copy is a SQLite file")
OWN = 1  # wigs@chuhai.demo


@pytest.fixture(scope="module")
def known(template_database, tmp_path_factory):
    url = small_demo_url(template_database, tmp_path_factory)
    with session_scope(url) as session:
        session.info["audit_disabled"] = True
        demands = list(session.scalars(select(Demand).order_by(Demand.id)))
        first = demands[0]
        other = next(d for d in demands if d.destination_country != first.destination_country)
        second = next(d for d in demands if d.destination_country == other.destination_country and d.id != other.id)

        def quote(demand, status, reason=None):
            q = Quotation(demand_id=demand.id, enterprise_id=OWN, unit_price=Decimal("10"), currency="USD",
                          incoterm=Incoterm.FOB, min_quantity=10, lead_time_days=20,
                          valid_until=dt.date(2026, 12, 31), status=status, decline_reason=reason)
            session.add(q)
            session.flush()
            return q

        quote(first, QuotationStatus.DECLINED, DeclineReason.PRICE)
        for demand, stage, lost, ordered in ((other, DealStage.LOST, LostReason.LEAD_TIME, None),
                                             (second, DealStage.SHIPPED, None, dt.datetime(2026, 9, 1))):
            q = quote(demand, QuotationStatus.ACCEPTED)
            session.add(Deal(quotation_id=q.id, demand_id=demand.id, enterprise_id=OWN, buyer_id=demand.buyer_id,
                             stage=stage, lost_reason=lost, ordered_at=ordered))
    return url, first.destination_country, other.destination_country


@pytest.fixture(scope="module")
def app(known, tmp_path_factory):
    from chuhai.app import create_app

    return create_app(Settings(database_url=known[0], secret_key="test", warm_caches=False,
                               data_dir=tmp_path_factory.mktemp("var")))


@pytest.mark.parametrize("lang, price, lead_time", [("en", "Price 1", "Lead time 1"), ("zh_CN", "价格 1", "交期 1")])
def test_the_report_says_why_quotations_lost_and_where_they_win(app, known, lang, price, lead_time):
    _url, lost_market, win_market = known
    with signed_in_client(app, "wigs@chuhai.demo", lang) as client:
        page = client.get(f"/insight/enterprises/{OWN}")
        pdf = client.get(f"/insight/enterprises/{OWN}/report.pdf")
    assert page.status_code == 200 and pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    section = page.text.split('data-testid="quotation-feedback"', 1)[1].split("</table>", 1)[0]
    assert f'data-wins="{win_market}"' in section and f'data-wins="{lost_market}"' not in section
    assert f'data-country="{lost_market}"' in section and f'data-country="{win_market}"' in section
    lost_row = section.split(f'data-country="{lost_market}"', 1)[1].split("</tr>", 1)[0]
    win_row = section.split(f'data-country="{win_market}"', 1)[1].split("</tr>", 1)[0]
    assert price in lost_row and lead_time in win_row
    assert 'data-testid="chart-lost-reasons"' in section


def test_the_belt_report_has_no_quotation_section(app):
    with signed_in_client(app, "operator@chuhai.demo", "en") as client:
        page = client.get("/insight/belts/1")
    assert page.status_code == 200 and 'data-testid="quotation-feedback"' not in page.text
