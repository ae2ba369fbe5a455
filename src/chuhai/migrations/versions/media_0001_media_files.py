"""media: product photos and an enterprise's photos and documents

Revision ID: media_0001
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 'media_0001'
down_revision = '0001'
branch_labels = ('media',)
depends_on = None


def upgrade() -> None:
    op.create_table('media_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_cover', sa.Boolean(), nullable=False),
    sa.Column('caption', sa.String(length=200), nullable=True),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('source_sha256', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=64), nullable=False),
    sa.Column('display_key', sa.String(length=80), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('thumb_key', sa.String(length=80), nullable=False),
    sa.Column('thumb_width', sa.Integer(), nullable=False),
    sa.Column('thumb_height', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_media_files_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_media_files_product_id_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_media_files_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media_files'))
    )
    with op.batch_alter_table('media_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_media_files_display_key'), ['display_key'], unique=False)
        batch_op.create_index('ix_media_files_enterprise_kind', ['enterprise_id', 'kind'], unique=False)
        batch_op.create_index('ix_media_files_product_position', ['product_id', 'position'], unique=False)
        batch_op.create_index(batch_op.f('ix_media_files_source_sha256'), ['source_sha256'], unique=False)
        batch_op.create_index(batch_op.f('ix_media_files_thumb_key'), ['thumb_key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('media_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_files_thumb_key'))
        batch_op.drop_index(batch_op.f('ix_media_files_source_sha256'))
        batch_op.drop_index('ix_media_files_product_position')
        batch_op.drop_index('ix_media_files_enterprise_kind')
        batch_op.drop_index(batch_op.f('ix_media_files_display_key'))
    op.drop_table('media_files')
