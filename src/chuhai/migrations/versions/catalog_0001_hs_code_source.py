"""catalog: where a product's HS code comes from (confirmed by the enterprise, corrected by the operator, imported)

Existing rows: a product whose HS code a signed-in user set through the product form or the API (an audited
create or update of products.hs_code) is confirmed — corrected when the last such change was an operator's
update; every other product (imports, demo loads: Core writes with no per-row audit entry) is imported, and
so no evidence for the HS suggester until its enterprise saves it.

Revision ID: catalog_0001
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "catalog_0001"
down_revision = "0001"
branch_labels = ("catalog",)
depends_on = None

_audit = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("user_id", sa.Integer),
                  sa.column("action", sa.String), sa.column("entity", sa.String),
                  sa.column("entity_id", sa.String), sa.column("changes", sa.JSON))
_users = sa.table("users", sa.column("id", sa.Integer), sa.column("role", sa.String))
_products = sa.table("products", sa.column("id", sa.Integer), sa.column("hs_code_source", sa.String))


def upgrade() -> None:
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("hs_code_source", sa.String(length=16), nullable=False,
                                   server_default="imported"))
    connection = op.get_bind()
    operators = set(connection.scalars(sa.select(_users.c.id).where(_users.c.role == "operator")))
    source: dict[int, str] = {}
    rows = connection.execute(
        sa.select(_audit.c.user_id, _audit.c.action, _audit.c.entity_id, _audit.c.changes)
        .where(_audit.c.entity == "products", _audit.c.action.in_(("create", "update")),
               _audit.c.user_id.is_not(None))
        .order_by(_audit.c.id)
    )
    for user_id, action, entity_id, changes in rows:
        if isinstance(changes, str):
            changes = json.loads(changes)
        if not isinstance(changes, dict) or "hs_code" not in changes or not (entity_id or "").isdigit():
            continue
        corrected = action == "update" and user_id in operators
        source[int(entity_id)] = "corrected" if corrected else "confirmed"
    for value in ("confirmed", "corrected"):
        ids = [product_id for product_id, s in source.items() if s == value]
        for start in range(0, len(ids), 500):
            connection.execute(sa.update(_products).where(_products.c.id.in_(ids[start:start + 500]))
                               .values(hs_code_source=value))


def downgrade() -> None:
    with op.batch_alter_table("products") as batch:
        batch.drop_column("hs_code_source")
