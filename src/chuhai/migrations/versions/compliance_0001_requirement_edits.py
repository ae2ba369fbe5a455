"""compliance: the operator's edits of the requirement reference

Revision ID: compliance_0001
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 'compliance_0001'
down_revision = '0001'
branch_labels = ('compliance',)
depends_on = None


def upgrade() -> None:
    op.create_table('compliance_requirement_edits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requirement_code', sa.String(length=80), nullable=False),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=False),
    sa.Column('previous_value', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('edited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['edited_by_id'], ['users.id'], name=op.f('fk_compliance_requirement_edits_edited_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_requirement_edits'))
    )
    with op.batch_alter_table('compliance_requirement_edits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_compliance_requirement_edits_requirement_code'), ['requirement_code'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('compliance_requirement_edits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_compliance_requirement_edits_requirement_code'))
    op.drop_table('compliance_requirement_edits')
