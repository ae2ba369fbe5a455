"""events: what a meeting came to (talk, intention, signed with value and currency)

Revision ID: events_0002
Revises: events_0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'events_0002'
down_revision = 'events_0001'  # trade_0001 branches from events_0001 too: two heads, both upgraded
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('event_meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('outcome_value', sa.Numeric(precision=14, scale=4), nullable=True))
        batch_op.add_column(sa.Column('outcome_currency', sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column('outcome_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_event_meetings_outcome'), ['outcome'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('event_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_meetings_outcome'))
        batch_op.drop_column('outcome_at')
        batch_op.drop_column('outcome_currency')
        batch_op.drop_column('outcome_value')
        batch_op.drop_column('outcome')
