"""product fits: the reverse search's results, stored (an enterprise's opportunities without a search per view)

Revision ID: matching_0002
Revises: matching_0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'matching_0002'
down_revision = 'matching_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('product_fits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('demand_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['demand_id'], ['demands.id'], name=op.f('fk_product_fits_demand_id_demands'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_product_fits_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_product_fits_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_product_fits')),
    sa.UniqueConstraint('product_id', 'demand_id', name=op.f('uq_product_fits_product_id_demand_id'))
    )
    with op.batch_alter_table('product_fits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_product_fits_demand_id'), ['demand_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_product_fits_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_product_fits_product_id'), ['product_id'], unique=False)
    op.create_table('fit_scans',
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('scanned_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_fit_scans_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_fit_scans_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('product_id', name=op.f('pk_fit_scans'))
    )
    with op.batch_alter_table('fit_scans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fit_scans_enterprise_id'), ['enterprise_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('fit_scans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fit_scans_enterprise_id'))
    op.drop_table('fit_scans')
    with op.batch_alter_table('product_fits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_fits_product_id'))
        batch_op.drop_index(batch_op.f('ix_product_fits_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_product_fits_demand_id'))
    op.drop_table('product_fits')
