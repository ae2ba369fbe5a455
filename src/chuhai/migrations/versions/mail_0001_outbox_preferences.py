"""mail: the persistent e-mail outbox and each address's preferences per kind; the events' outbox moves in

The events' e-mails (table outbox_emails, never sent: there was no mail server) are copied into
mail_messages as suppressed, with the event as their ref, and the old table is dropped.

Revision ID: mail_0001
Revises: events_0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = 'mail_0001'
down_revision = 'events_0002'  # the events' outbox_emails (events_0001) moves into mail_messages
branch_labels = ('mail',)
depends_on = None


def upgrade() -> None:
    op.create_table('mail_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('topic', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('to_email', sa.String(length=254), nullable=False),
    sa.Column('to_name', sa.String(length=200), nullable=True),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.Column('unsubscribe_url', sa.String(length=1000), nullable=True),
    sa.Column('ref', sa.String(length=40), nullable=True),
    sa.Column('delivery', sa.String(length=16), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('idempotency_key', sa.String(length=200), nullable=False),
    sa.Column('message_id', sa.String(length=200), nullable=False),
    sa.Column('claimed_by', sa.String(length=80), nullable=True),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('handed_over_at', sa.DateTime(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('digest_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['digest_id'], ['mail_messages.id'], name=op.f('fk_mail_messages_digest_id_mail_messages'),
                            ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mail_messages_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_messages')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_mail_messages_idempotency_key'))
    )
    with op.batch_alter_table('mail_messages', schema=None) as batch_op:
        batch_op.create_index('ix_mail_messages_due', ['state', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_messages_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_messages_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_messages_ref'), ['ref'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_messages_to_email'), ['to_email'], unique=False)
        batch_op.create_index(batch_op.f('ix_mail_messages_user_id'), ['user_id'], unique=False)

    op.create_table('mail_preferences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_preferences')),
    sa.UniqueConstraint('address', 'kind', name=op.f('uq_mail_preferences_address_kind'))
    )

    op.execute(
        "INSERT INTO mail_messages (kind, topic, to_email, to_name, locale, subject, body_text, body_html, ref,"
        " delivery, state, attempts, last_error, idempotency_key, message_id, created_at)"
        " SELECT 'event', kind, to_email, to_name, 'zh_CN', subject, body, '', "
        " CASE WHEN event_id IS NULL THEN NULL ELSE 'event:' || CAST(event_id AS VARCHAR(20)) END,"
        " 'immediate', 'suppressed', 0, 'written before e-mail delivery existed',"
        " 'events-outbox:' || CAST(id AS VARCHAR(20)), '<events-outbox-' || CAST(id AS VARCHAR(20)) || '@chuhai.localhost>',"
        " created_at FROM outbox_emails")
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_emails_kind'))
        batch_op.drop_index(batch_op.f('ix_outbox_emails_event_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_emails_created_at'))
    op.drop_table('outbox_emails')


def downgrade() -> None:
    op.create_table('outbox_emails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('to_email', sa.String(length=254), nullable=False),
    sa.Column('to_name', sa.String(length=200), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_outbox_emails_event_id_events'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_emails'))
    )
    with op.batch_alter_table('outbox_emails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_emails_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_emails_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_emails_kind'), ['kind'], unique=False)
    op.drop_table('mail_preferences')
    with op.batch_alter_table('mail_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mail_messages_user_id'))
        batch_op.drop_index(batch_op.f('ix_mail_messages_to_email'))
        batch_op.drop_index(batch_op.f('ix_mail_messages_ref'))
        batch_op.drop_index(batch_op.f('ix_mail_messages_kind'))
        batch_op.drop_index(batch_op.f('ix_mail_messages_created_at'))
        batch_op.drop_index('ix_mail_messages_due')
    op.drop_table('mail_messages')
