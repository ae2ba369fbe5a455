"""The worker against a real SMTP server on 127.0.0.1: delivered once, retried, failed, preferences kept."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import select

from chuhai.accounts.service import principal_of
from chuhai.database import utcnow
from chuhai.mail import service as mail
from chuhai.mail.delivery import deliver_pending, retry_delay
from chuhai.mail.models import MailKind, MailMessage, MailMode, MailState
from tests import factories
from tests.mail.conftest import free_port, queue_for, quotation_notice, smtp_settings


def _state(session, message_id: int) -> MailMessage:
    session.expire_all()
    return session.get(MailMessage, message_id)


def test_an_email_is_delivered_once_in_the_recipients_language_as_text_and_html(session, settings, smtp):
    server, port = smtp
    user, [message] = queue_for(session, locale="zh_CN", display_name="王经理")
    _other, [english] = queue_for(session, locale="en", n=2)
    config = smtp_settings(settings, port)

    report = deliver_pending(settings.database_url, config)
    again = deliver_pending(settings.database_url, config)

    assert (report.sent, again.claimed, again.sent) == (2, 0, 0)
    assert len(server.received) == 2
    zh = next(m for m in server.received if m["To"].addresses[0].addr_spec == user.email)
    assert zh["Subject"] == "您的需求 RFQ-1 收到新报价"
    assert zh["Content-Language"] == "zh-CN"
    assert zh["From"] == "Chuhai <noreply@chuhai.test>"
    assert zh["Message-ID"] == message.message_id == mail.message_id_for(message.idempotency_key)
    assert zh["List-Unsubscribe"] == f"<{message.unsubscribe_url}>"
    assert zh["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert zh.get_content_type() == "multipart/alternative"
    text, html = zh.get_body(("plain",)).get_content(), zh.get_body(("html",)).get_content()
    link = mail.absolute_url("/demands/1#quotations")
    assert link.startswith(("http://", "https://"))
    assert "王经理" in text and link in text and "退订" in text
    assert f'href="{link}"' in html and '<html lang="zh-CN">' in html
    en = next(m for m in server.received if m is not zh)
    assert en["Subject"] == "New quotation for your demand RFQ-2" and en["Content-Language"] == "en"
    for row in (_state(session, message.id), _state(session, english.id)):
        assert row.state is MailState.SENT and row.attempts == 1 and row.sent_at is not None


def test_the_same_occurrence_is_written_once_per_address(session):
    user = factories.user(session, "buyer")
    first = mail.notify(session, quotation_notice(7), mail.recipients_of([user, user]))
    second = mail.notify(session, quotation_notice(7), mail.recipients_of([user]))
    assert len(first) == 1 and second == []


def test_a_temporary_refusal_is_retried_and_then_delivered(session, settings, smtp):
    server, port = smtp
    server.refuse = 1  # 451 for the first DATA
    _user, [message] = queue_for(session)
    config = smtp_settings(settings, port)

    first = deliver_pending(settings.database_url, config)
    row = _state(session, message.id)
    assert (first.sent, first.retried, server.refused, len(server.received)) == (0, 1, 1, 0)
    assert row.state is MailState.QUEUED and row.attempts == 1 and row.last_error.startswith("451")

    second = deliver_pending(settings.database_url, config)
    row = _state(session, message.id)
    assert second.sent == 1 and len(server.received) == 1
    assert row.state is MailState.SENT and row.attempts == 2 and row.last_error is None


def test_retries_back_off_exponentially(session, settings, smtp):
    server, port = smtp
    server.refuse = 1
    _user, [message] = queue_for(session)
    config = smtp_settings(settings, port, mail_retry_base_s=60, mail_retry_max_s=200)
    assert [retry_delay(n, config).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 200, 200]

    before = utcnow()
    deliver_pending(settings.database_url, config)
    row = _state(session, message.id)
    assert before + timedelta(seconds=59) < row.next_attempt_at < utcnow() + timedelta(seconds=61)
    assert deliver_pending(settings.database_url, config).claimed == 0  # not due yet
    assert server.received == []


def test_a_server_that_is_down_is_retried_then_the_message_fails(session, settings):
    _user, [message] = queue_for(session)
    _user2, [waiting] = queue_for(session, n=2)
    config = smtp_settings(settings, free_port())  # nothing listens there: connection refused

    reports = [deliver_pending(settings.database_url, config) for _ in range(3)]
    row = _state(session, message.id)
    assert [r.retried for r in reports[:2]] == [1, 1] and reports[2].failed == 1
    assert row.state is MailState.FAILED and row.attempts == 3 and "cannot connect" in row.last_error
    # One hand-over per run: the rest of the batch went back untouched, without an attempt counted.
    assert _state(session, waiting.id).attempts == 0 and _state(session, waiting.id).state is MailState.QUEUED


def test_a_kind_turned_off_is_not_sent_and_a_digest_kind_waits_for_the_digest(session, settings, smtp):
    server, port = smtp
    off, digest = factories.user(session, "buyer"), factories.user(session, "buyer", locale="en")
    principal_off = principal_of(off)
    mail.set_preferences(session, principal_off, {MailKind.QUOTATION: MailMode.OFF})
    mail.set_preferences(session, principal_of(digest), {MailKind.QUOTATION: MailMode.DIGEST})
    assert mail.preferences(session, principal_off)[MailKind.QUOTATION] is MailMode.OFF
    [suppressed] = mail.notify(session, quotation_notice(1), mail.recipients_of([off]))
    [held] = mail.notify(session, quotation_notice(1), mail.recipients_of([digest]))
    [held_too] = mail.notify(session, quotation_notice(2), mail.recipients_of([digest]))
    session.commit()
    config = smtp_settings(settings, port)

    assert deliver_pending(settings.database_url, config).claimed == 0
    assert server.received == []
    assert _state(session, suppressed.id).state is MailState.SUPPRESSED

    assert mail.build_digests(session) == 1
    session.commit()
    assert deliver_pending(settings.database_url, config).sent == 1
    [sent] = server.received
    assert sent["To"].addresses[0].addr_spec == digest.email and sent["X-Chuhai-Kind"] == "digest"
    body = sent.get_body(("plain",)).get_content()
    assert "RFQ-1" in body and "RFQ-2" in body
    assert {_state(session, m.id).state for m in (held, held_too)} == {MailState.DIGESTED}


def test_no_smtp_configured_sends_nothing_and_keeps_the_messages(session, settings):
    _user, [message] = queue_for(session)
    report = deliver_pending(settings.database_url, settings)  # the embedded default: no smtp_host
    assert not report.configured and _state(session, message.id).state is MailState.QUEUED


def test_outbox_rows_match_what_the_producer_wrote(session):
    user = factories.user(session, "enterprise", locale="en")
    mail.notify(session, quotation_notice(3, kind=MailKind.DEAL, topic="deal_stage"), mail.recipients_of([user]))
    row = session.scalar(select(MailMessage).where(MailMessage.to_email == user.email))
    assert row.kind is MailKind.DEAL and row.topic == "deal_stage" and row.locale == "en"
    assert row.delivery is MailMode.IMMEDIATE and row.state is MailState.QUEUED


def test_spanish_and_russian_recipients_read_their_language(session):
    spanish, russian = factories.user(session, "buyer", locale="es"), factories.user(session, "buyer", locale="ru")
    [to_es] = mail.notify(session, quotation_notice(5), mail.recipients_of([spanish]))
    [to_ru] = mail.notify(session, quotation_notice(5), mail.recipients_of([russian]))
    assert (to_es.locale, to_ru.locale) == ("es", "ru")
    assert to_es.subject == "Nueva cotización para su solicitud RFQ-5"
    assert "Darse de baja de estos correos" in to_es.body_html and '<html lang="es">' in to_es.body_html
    assert to_ru.subject == "Новое коммерческое предложение по вашему запросу RFQ-5"
    assert "Отписаться от этих писем" in to_ru.body_text and "Открыть в Chuhai" in to_ru.body_text


def test_two_workers_at_once_send_each_message_once(session, settings, smtp):
    server, port = smtp
    ids = [queue_for(session, n=n)[1][0].message_id for n in range(40)]
    config = smtp_settings(settings, port, mail_batch_size=5)
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = list(pool.map(lambda _n: deliver_pending(settings.database_url, config), range(2)))
    assert sum(r.sent for r in reports) == 40
    assert sorted(server.message_ids()) == sorted(ids)  # each once
