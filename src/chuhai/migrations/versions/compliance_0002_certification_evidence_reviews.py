"""compliance: evidence behind certifications, the operator's verification reviews

Revision ID: compliance_0002
Revises: compliance_0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'compliance_0002'
down_revision = 'compliance_0001'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    op.create_table('certification_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certification_id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=True),
    sa.Column('scope', sa.String(length=500), nullable=True),
    sa.Column('document_media_id', sa.Integer(), nullable=True),
    sa.Column('checked_by_id', sa.Integer(), nullable=True),
    sa.Column('checked_at', sa.DateTime(), nullable=True),
    sa.Column('check_note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['certification_id'], ['certifications.id'],
                            name=op.f('fk_certification_evidence_certification_id_certifications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['checked_by_id'], ['users.id'], name=op.f('fk_certification_evidence_checked_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certification_evidence')),
    sa.UniqueConstraint('certification_id', name=op.f('uq_certification_evidence_certification_id'))
    )
    op.create_table('verification_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('licence_media_id', sa.Integer(), nullable=True),
    sa.Column('credit_code_read', sa.String(length=18), nullable=False),
    sa.Column('credit_code_matches', sa.Boolean(), nullable=False),
    sa.Column('checklist', JSON, nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'],
                            name=op.f('fk_verification_reviews_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_verification_reviews_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_verification_reviews'))
    )
    with op.batch_alter_table('verification_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_verification_reviews_enterprise_id'), ['enterprise_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('verification_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_verification_reviews_enterprise_id'))
    op.drop_table('verification_reviews')
    op.drop_table('certification_evidence')
