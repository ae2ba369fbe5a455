"""trade: quotations (tiers, revisions), conversations and messages, attachments, deals and their
stage history, the operator's trade settings

Revision ID: trade_0001
Revises: events_0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = 'trade_0001'
down_revision = 'events_0001'
branch_labels = ('trade',)
# Conversations and deals may name an event meeting (so the branch starts after events_0001); a thread
# may be opened by an accepted match.
depends_on = ('matching_0001',)


def upgrade() -> None:
    op.create_table('quotations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('demand_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('unit_price', sa.Numeric(precision=14, scale=4), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('incoterm', sa.String(length=3), nullable=False),
    sa.Column('min_quantity', sa.Integer(), nullable=False),
    sa.Column('lead_time_days', sa.Integer(), nullable=False),
    sa.Column('sample_price', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('sample_lead_time_days', sa.Integer(), nullable=True),
    sa.Column('payment_terms', sa.String(length=300), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('supersedes_id', sa.Integer(), nullable=True),
    sa.Column('decline_reason', sa.String(length=16), nullable=True),
    sa.Column('decline_note', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['demand_id'], ['demands.id'], name=op.f('fk_quotations_demand_id_demands'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_quotations_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_quotations_product_id_products'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_quotations_submitted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['supersedes_id'], ['quotations.id'], name=op.f('fk_quotations_supersedes_id_quotations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotations')),
    sa.UniqueConstraint('demand_id', 'enterprise_id', 'revision', name=op.f('uq_quotations_demand_id_enterprise_id_revision'))
    )
    with op.batch_alter_table('quotations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotations_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_quotations_demand_enterprise', ['demand_id', 'enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotations_demand_id'), ['demand_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotations_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotations_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotations_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotations_valid_until'), ['valid_until'], unique=False)

    op.create_table('trade_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('max_quotations', sa.Integer(), nullable=False),
    sa.Column('max_attachment_bytes', sa.Integer(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_trade_settings_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trade_settings'))
    )
    op.create_table('quotation_tiers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quotation_id', sa.Integer(), nullable=False),
    sa.Column('min_quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.Numeric(precision=14, scale=4), nullable=False),
    sa.ForeignKeyConstraint(['quotation_id'], ['quotations.id'], name=op.f('fk_quotation_tiers_quotation_id_quotations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotation_tiers')),
    sa.UniqueConstraint('quotation_id', 'min_quantity', name=op.f('uq_quotation_tiers_quotation_id_min_quantity'))
    )
    with op.batch_alter_table('quotation_tiers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotation_tiers_quotation_id'), ['quotation_id'], unique=False)

    op.create_table('conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('demand_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('opened_by', sa.String(length=16), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=True),
    sa.Column('contacts_disclosed', sa.Boolean(), nullable=False),
    sa.Column('contacts_disclosed_at', sa.DateTime(), nullable=True),
    sa.Column('reported', sa.Boolean(), nullable=False),
    sa.Column('report_reason', sa.String(length=16), nullable=True),
    sa.Column('report_note', sa.Text(), nullable=True),
    sa.Column('reported_by', sa.String(length=16), nullable=True),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('reported_at', sa.DateTime(), nullable=True),
    sa.Column('buyer_read_at', sa.DateTime(), nullable=True),
    sa.Column('enterprise_read_at', sa.DateTime(), nullable=True),
    sa.Column('last_message_at', sa.DateTime(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('event_meeting_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyers.id'], name=op.f('fk_conversations_buyer_id_buyers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['demand_id'], ['demands.id'], name=op.f('fk_conversations_demand_id_demands'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_conversations_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_conversations_event_id_events'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_meeting_id'], ['event_meetings.id'], name=op.f('fk_conversations_event_meeting_id_event_meetings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['match_id'], ['demand_matches.id'], name=op.f('fk_conversations_match_id_demand_matches'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reported_by_id'], ['users.id'], name=op.f('fk_conversations_reported_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversations')),
    sa.UniqueConstraint('demand_id', 'enterprise_id', name=op.f('uq_conversations_demand_id_enterprise_id'))
    )
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversations_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversations_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversations_demand_id'), ['demand_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversations_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversations_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversations_last_message_at'), ['last_message_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversations_reported'), ['reported'], unique=False)

    op.create_table('deals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quotation_id', sa.Integer(), nullable=False),
    sa.Column('demand_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=True),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('value', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('expected_ship_date', sa.Date(), nullable=True),
    sa.Column('customs_mode', sa.String(length=4), nullable=True),
    sa.Column('lost_reason', sa.String(length=16), nullable=True),
    sa.Column('lost_note', sa.Text(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('event_meeting_id', sa.Integer(), nullable=True),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('stage_changed_at', sa.DateTime(), nullable=False),
    sa.Column('ordered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['buyer_id'], ['buyers.id'], name=op.f('fk_deals_buyer_id_buyers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_deals_conversation_id_conversations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['demand_id'], ['demands.id'], name=op.f('fk_deals_demand_id_demands'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], name=op.f('fk_deals_enterprise_id_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_deals_event_id_events'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_meeting_id'], ['event_meetings.id'], name=op.f('fk_deals_event_meeting_id_event_meetings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_deals_opened_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['quotation_id'], ['quotations.id'], name=op.f('fk_deals_quotation_id_quotations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deals')),
    sa.UniqueConstraint('quotation_id', name=op.f('uq_deals_quotation_id'))
    )
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deals_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deals_demand_id'), ['demand_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deals_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deals_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deals_ordered_at'), ['ordered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_deals_stage'), ['stage'], unique=False)

    op.create_table('messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('author_role', sa.String(length=16), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_messages_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], name=op.f('fk_messages_conversation_id_conversations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index('ix_messages_conversation_created', ['conversation_id', 'created_at'], unique=False)

    op.create_table('deal_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('deal_id', sa.Integer(), nullable=False),
    sa.Column('from_stage', sa.String(length=16), nullable=True),
    sa.Column('to_stage', sa.String(length=16), nullable=False),
    sa.Column('by_side', sa.String(length=16), nullable=False),
    sa.Column('by_user_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['by_user_id'], ['users.id'], name=op.f('fk_deal_events_by_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['deal_id'], ['deals.id'], name=op.f('fk_deal_events_deal_id_deals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deal_events'))
    )
    with op.batch_alter_table('deal_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deal_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_deal_events_deal_id'), ['deal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deal_events_to_stage'), ['to_stage'], unique=False)

    op.create_table('trade_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quotation_id', sa.Integer(), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('stored_path', sa.String(length=300), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_trade_attachments_message_id_messages'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quotation_id'], ['quotations.id'], name=op.f('fk_trade_attachments_quotation_id_quotations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_trade_attachments_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trade_attachments')),
    sa.UniqueConstraint('stored_path', name=op.f('uq_trade_attachments_stored_path'))
    )
    with op.batch_alter_table('trade_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trade_attachments_message_id'), ['message_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trade_attachments_quotation_id'), ['quotation_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('trade_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trade_attachments_quotation_id'))
        batch_op.drop_index(batch_op.f('ix_trade_attachments_message_id'))

    op.drop_table('trade_attachments')
    with op.batch_alter_table('deal_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deal_events_to_stage'))
        batch_op.drop_index(batch_op.f('ix_deal_events_deal_id'))
        batch_op.drop_index(batch_op.f('ix_deal_events_at'))

    op.drop_table('deal_events')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_conversation_created')

    op.drop_table('messages')
    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deals_stage'))
        batch_op.drop_index(batch_op.f('ix_deals_ordered_at'))
        batch_op.drop_index(batch_op.f('ix_deals_event_id'))
        batch_op.drop_index(batch_op.f('ix_deals_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_deals_demand_id'))
        batch_op.drop_index(batch_op.f('ix_deals_buyer_id'))

    op.drop_table('deals')
    with op.batch_alter_table('conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversations_reported'))
        batch_op.drop_index(batch_op.f('ix_conversations_last_message_at'))
        batch_op.drop_index(batch_op.f('ix_conversations_event_id'))
        batch_op.drop_index(batch_op.f('ix_conversations_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_conversations_demand_id'))
        batch_op.drop_index(batch_op.f('ix_conversations_created_at'))
        batch_op.drop_index(batch_op.f('ix_conversations_buyer_id'))

    op.drop_table('conversations')
    with op.batch_alter_table('quotation_tiers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotation_tiers_quotation_id'))

    op.drop_table('quotation_tiers')
    op.drop_table('trade_settings')
    with op.batch_alter_table('quotations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotations_valid_until'))
        batch_op.drop_index(batch_op.f('ix_quotations_status'))
        batch_op.drop_index(batch_op.f('ix_quotations_product_id'))
        batch_op.drop_index(batch_op.f('ix_quotations_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_quotations_demand_id'))
        batch_op.drop_index('ix_quotations_demand_enterprise')
        batch_op.drop_index(batch_op.f('ix_quotations_created_at'))

    op.drop_table('quotations')
