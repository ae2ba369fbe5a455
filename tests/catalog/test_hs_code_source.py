"""Who stands behind a product's HS code: the enterprise confirms the code it saves, the operator corrects by
changing it (audited), an import brings an unconfirmed code. Shown on the product page and in the API."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from chuhai.accounts.models import AuditLog
from chuhai.accounts.service import principal_of
from chuhai.catalog import service
from chuhai.catalog.models import HsCodeSource, Product
from chuhai.catalog.schemas import ProductIn
from tests import factories
from tests.conftest import PASSWORD, login
from tests.imports.factories import import_rows


def _data(product: Product | None = None, **changes) -> ProductIn:
    fields = {"sku": "LC-1", "title_zh": "树脂招财猫摆件", "title_en": "Resin lucky cat", "category": "furniture",
              "hs_code": "392640"}
    if product is not None:
        fields = {"sku": product.sku, "title_zh": product.title_zh, "title_en": product.title_en,
                  "category": product.category, "hs_code": product.hs_code}
    return ProductIn(**{**fields, **changes})


@pytest.fixture
def people(session):
    enterprise = factories.enterprise(session)
    member = factories.user(session, "enterprise", enterprise_id=enterprise.id)
    operator = factories.user(session, "operator")
    session.flush()
    return enterprise, principal_of(member), principal_of(operator), operator


def test_the_enterprise_confirms_and_the_operator_corrects(session, people):
    _enterprise, member, operator, operator_user = people
    session.info["actor_id"] = None
    product = service.create_product(session, member, _data())
    assert product.hs_code_source == HsCodeSource.CONFIRMED
    # the operator edits something else: the enterprise's code stays confirmed
    service.update_product(session, operator, product.id, _data(product, moq=50))
    assert product.hs_code_source == HsCodeSource.CONFIRMED
    # the operator changes the code: corrected, and the audit log says so
    session.info["actor_id"] = operator_user.id
    service.update_product(session, operator, product.id, _data(product, hs_code="691390"))
    assert (product.hs_code, product.hs_code_source) == ("691390", HsCodeSource.CORRECTED)
    session.flush()
    entry = session.scalars(select(AuditLog).where(AuditLog.entity == "products", AuditLog.action == "update")
                            .order_by(AuditLog.id.desc())).first()
    assert entry.user_id == operator_user.id
    assert entry.changes["hs_code"] == ["392640", "691390"]
    assert entry.changes["hs_code_source"] == ["confirmed", "corrected"]
    # the enterprise keeps the operator's code when it saves: still the operator's correction
    service.update_product(session, member, product.id, _data(product, moq=20))
    assert product.hs_code_source == HsCodeSource.CORRECTED
    # the enterprise chooses another code: its own confirmation again
    service.update_product(session, member, product.id, _data(product, hs_code="392640"))
    assert product.hs_code_source == HsCodeSource.CONFIRMED


def test_an_imported_code_is_unconfirmed_until_the_enterprise_saves_the_product(session, people):
    enterprise, member, _operator, _user = people
    header = ["enterprise", "货号", "中文标题", "英文标题", "品类", "HS编码"]
    row = [enterprise.credit_code, "LC-9", "树脂招财猫摆件", "Resin lucky cat", "furniture", "392640"]
    assert import_rows(session, "products", [header, row]).ok
    product = session.scalars(select(Product).where(Product.sku == "LC-9")).one()
    assert product.hs_code_source == HsCodeSource.IMPORTED
    service.update_product(session, member, product.id, _data(product))
    assert product.hs_code_source == HsCodeSource.CONFIRMED
    # the same file again leaves the confirmation alone; a file that changes the code makes it imported again
    assert import_rows(session, "products", [header, row]).ok
    session.refresh(product)
    assert product.hs_code_source == HsCodeSource.CONFIRMED
    assert import_rows(session, "products", [header, [*row[:5], "691390"]]).ok
    session.refresh(product)
    assert (product.hs_code, product.hs_code_source) == ("691390", HsCodeSource.IMPORTED)


@pytest.mark.parametrize(("lang", "shown"), [
    ("zh-CN", "运营方已更正"), ("en", "corrected by the operator"), ("es", "corregido por el operador"),
    ("ru", "исправлен оператором"),
])
def test_the_product_page_and_the_api_show_where_the_code_comes_from(client, session, people, lang, shown):
    enterprise, _member, _operator, operator_user = people
    product = factories.product(session, enterprise, hs_code="392640", hs_code_source=HsCodeSource.CORRECTED)
    session.commit()
    token = client.post("/api/v1/auth/token", json={"email": operator_user.email, "password": PASSWORD}).json()
    body = client.get(f"/api/v1/products/{product.id}",
                      headers={"Authorization": f"Bearer {token['access_token']}"}).json()
    assert body["hs_code_source"] == "corrected"
    login(client, operator_user.email)
    client.cookies.set("lang", lang)
    page = client.get(f"/products/{product.id}").text
    badge = page[page.index('data-testid="hs-code-source"'):]
    assert 'data-source="corrected"' in badge[:80] and shown in badge[:200]


def test_the_migration_gives_existing_products_the_source_their_audit_log_shows(db_url):
    from alembic import command
    from sqlalchemy import insert, text

    from chuhai.database import make_engine
    from chuhai.migrate import alembic_config, upgrade

    command.downgrade(alembic_config(db_url), "catalog_0001")  # the catalog's later migrations, then this one
    command.downgrade(alembic_config(db_url), "catalog@-1")
    engine = make_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (id, email, display_name, password_hash, role, status, locale, created_at) VALUES "
            "(9001, 'op@example.com', 'op', 'x', 'operator', 'active', 'en', '2026-01-01'), "
            "(9002, 'ent@example.com', 'ent', 'x', 'enterprise', 'active', 'en', '2026-01-01')"))
        connection.execute(text(
            "INSERT INTO enterprises (id, credit_code, name_zh, kind, capabilities, export_markets, export_channels, "
            "verification_status, created_at, updated_at) VALUES (9001, 'X', 'e', 'manufacturer', '[]', '[]', '[]', "
            "'verified', '2026-01-01', '2026-01-01')"))
        for product_id in (9001, 9002, 9003):
            connection.execute(text(
                "INSERT INTO products (id, enterprise_id, sku, category, hs_code, attributes, certifications, moq, "
                "status, created_at, updated_at) VALUES (:id, 9001, :sku, 'wigs', '670420', '{}', '[]', 1, 'active', "
                "'2026-01-01', '2026-01-01')"), {"id": product_id, "sku": f"S{product_id}"})
        created = {"hs_code": "670420", "sku": "S"}
        connection.execute(insert(AuditLog.__table__), [
            {"user_id": 9002, "action": "create", "entity": "products", "entity_id": "9001", "changes": created},
            {"user_id": 9002, "action": "create", "entity": "products", "entity_id": "9002", "changes": created},
            {"user_id": 9001, "action": "update", "entity": "products", "entity_id": "9002",
             "changes": {"hs_code": ["670410", "670420"]}},
            {"user_id": 9001, "action": "update", "entity": "products", "entity_id": "9003",
             "changes": {"moq": [1, 2]}},  # written by an import, then an edit that left the code alone
        ])
    upgrade(db_url)
    with engine.connect() as connection:
        sources = dict(connection.execute(text("SELECT id, hs_code_source FROM products WHERE id > 9000")).all())
    engine.dispose()
    assert sources == {9001: "confirmed", 9002: "corrected", 9003: "imported"}
