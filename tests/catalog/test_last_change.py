"""A record's `updated_at` moves when anything shown with it changes, its price tiers and certificates included:
the showcase's counts, its search and the sitemap are kept until the catalogue's last change moves."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from chuhai.accounts.service import principal_of
from chuhai.catalog import service
from chuhai.catalog.models import Enterprise, Product
from chuhai.catalog.schemas import CertificationIn, EnterpriseIn, PriceTierIn, ProductIn
from tests import factories
from tests.imports.factories import add_enterprise, import_rows


def _product_data(price: str, **fields) -> ProductIn:
    return ProductIn(sku="P-1", title_zh="真人发蕾丝假发", title_en="Lace wig", category="wigs", hs_code="670420",
                     price_tiers=[PriceTierIn(min_quantity=10, unit_price=Decimal(price))], **fields)


def test_a_new_price_alone_moves_the_products_last_change(session):
    enterprise = factories.enterprise(session)
    operator = principal_of(factories.user(session, "operator"))
    session.flush()
    product = service.create_product(session, operator, _product_data("10.00", enterprise_id=enterprise.id))
    session.flush()
    product.updated_at = before = product.updated_at - timedelta(days=1)
    session.flush()
    service.update_product(session, operator, product.id, _product_data("10.00"))  # the same price
    session.flush()
    assert product.updated_at == before
    service.update_product(session, operator, product.id, _product_data("9.50"))
    session.flush()
    assert product.updated_at > before


def test_a_certificates_new_validity_moves_the_enterprises_last_change(session):
    enterprise = factories.enterprise(session, name_zh="胶州恒发假发有限公司")
    operator = principal_of(factories.user(session, "operator"))
    session.flush()
    until = date.today() + timedelta(days=100)

    def data(valid_until: date) -> EnterpriseIn:
        return EnterpriseIn(credit_code=enterprise.credit_code, name_zh=enterprise.name_zh,
                            certifications=[CertificationIn(name="ISO9001", number="Q-1", valid_until=valid_until)])

    service.update_enterprise(session, operator, enterprise.id, data(until))
    session.flush()
    enterprise.updated_at = before = enterprise.updated_at - timedelta(days=1)
    session.flush()
    service.update_enterprise(session, operator, enterprise.id, data(until))
    session.flush()
    assert enterprise.updated_at == before
    service.update_enterprise(session, operator, enterprise.id, data(until + timedelta(days=365)))
    session.flush()
    assert enterprise.updated_at > before


def test_an_import_that_changes_only_price_tiers_or_certificates_moves_the_last_change(session):
    enterprise_id, code = add_enterprise(session, 1)
    header = ["enterprise", "sku", "title_en", "category", "hs_code", "price_tiers", "currency"]
    import_rows(session, "products", [header, [code, "L-1", "Lashes", "eyelashes", "670490", "100:1.20", "USD"]])
    product = session.query(Product).filter_by(sku="L-1").one()
    product.updated_at = before = product.updated_at - timedelta(days=1)
    session.flush()
    report = import_rows(session, "products", [header, [code, "L-1", "Lashes", "eyelashes", "670490", "100:1.10",
                                                        "USD"]])
    assert report.updated == 1
    session.expire_all()
    assert session.get(Product, product.id).updated_at > before

    firm = session.get(Enterprise, enterprise_id)
    import_rows(session, "enterprises", [["credit_code", "name_zh", "certifications"], [code, firm.name_zh, "ISO9001"]])
    session.expire_all()
    firm = session.get(Enterprise, enterprise_id)
    firm.updated_at = before = firm.updated_at - timedelta(days=1)
    session.flush()
    report = import_rows(session, "enterprises", [["credit_code", "name_zh", "certifications"],
                                                  [code, firm.name_zh, "ISO9001;BSCI"]])
    assert report.updated == 1
    session.expire_all()
    assert session.get(Enterprise, enterprise_id).updated_at > before
