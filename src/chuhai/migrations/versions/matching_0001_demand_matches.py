"""demand matches

Revision ID: matching_0001
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sqlalchemy.dialects import postgresql

revision = 'matching_0001'
down_revision = '0001'
branch_labels = ('matching',)
depends_on = None


def upgrade() -> None:
    op.create_table('demand_matches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('demand_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['demand_id'], ['demands.id'], name=op.f('fk_demand_matches_demand_id_demands'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_demand_matches_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_demand_matches_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_demand_matches')),
    sa.UniqueConstraint('demand_id', 'product_id', name=op.f('uq_demand_matches_demand_id_product_id'))
    )
    with op.batch_alter_table('demand_matches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_demand_matches_demand_id'), ['demand_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_demand_matches_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_demand_matches_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_demand_matches_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('demand_matches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_demand_matches_status'))
        batch_op.drop_index(batch_op.f('ix_demand_matches_product_id'))
        batch_op.drop_index(batch_op.f('ix_demand_matches_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_demand_matches_demand_id'))
    op.drop_table('demand_matches')
