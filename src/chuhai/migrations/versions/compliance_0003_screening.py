"""compliance: restricted-party lists (versioned), their entries, screening cases and holds

Revision ID: compliance_0003
Revises: compliance_0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'compliance_0003'
down_revision = 'compliance_0002'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    op.create_table('screening_lists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('entries_count', sa.Integer(), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], name=op.f('fk_screening_lists_imported_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_lists')),
    sa.UniqueConstraint('key', 'version', name='uq_screening_lists_key_version')
    )
    with op.batch_alter_table('screening_lists', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_lists_key'), ['key'], unique=False)
    op.create_table('screening_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_id', sa.Integer(), nullable=False),
    sa.Column('list_name', sa.String(length=200), nullable=False),
    sa.Column('entry_id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=1000), nullable=False),
    sa.Column('aliases', JSON, nullable=False),
    sa.Column('countries', JSON, nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=True),
    sa.Column('listed_on', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['list_id'], ['screening_lists.id'], name=op.f('fk_screening_entries_list_id_screening_lists'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_entries'))
    )
    with op.batch_alter_table('screening_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_entries_list_id'), ['list_id'], unique=False)
    op.create_table('screening_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('party_kind', sa.String(length=16), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('party_name', sa.String(length=300), nullable=False),
    sa.Column('party_country', sa.String(length=2), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('matches', JSON, nullable=False),
    sa.Column('list_ids', JSON, nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_screening_cases_decided_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_cases'))
    )
    with op.batch_alter_table('screening_cases', schema=None) as batch_op:
        batch_op.create_index('ix_screening_cases_party', ['party_kind', 'party_id'], unique=False)
    op.create_table('screening_holds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('object_kind', sa.String(length=16), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('released_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['screening_cases.id'], name=op.f('fk_screening_holds_case_id_screening_cases'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_screening_holds'))
    )
    with op.batch_alter_table('screening_holds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_screening_holds_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('screening_holds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_holds_case_id'))
    op.drop_table('screening_holds')
    with op.batch_alter_table('screening_cases', schema=None) as batch_op:
        batch_op.drop_index('ix_screening_cases_party')
    op.drop_table('screening_cases')
    with op.batch_alter_table('screening_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_entries_list_id'))
    op.drop_table('screening_entries')
    with op.batch_alter_table('screening_lists', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_screening_lists_key'))
    op.drop_table('screening_lists')
