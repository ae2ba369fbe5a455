"""The one-click unsubscribe (RFC 8058 POST and the confirmation page), preferences and the operator's outbox."""

from __future__ import annotations

from sqlalchemy import select

from chuhai.accounts.service import principal_of
from chuhai.mail import service as mail
from chuhai.mail.delivery import deliver_pending
from chuhai.mail.models import MailKind, MailMessage, MailMode, MailPreference, MailState
from tests import factories
from tests.conftest import login, page_csrf
from tests.mail.conftest import free_port, queue_for, quotation_notice, smtp_settings


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_the_one_click_unsubscribe_works_without_signing_in(client, session, settings, smtp):
    server, port = smtp
    user, [message] = queue_for(session, locale="en")
    deliver_pending(settings.database_url, smtp_settings(settings, port))
    [received] = server.received
    header = received["List-Unsubscribe"].strip("<>")
    assert header == message.unsubscribe_url and received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # What a mail client does (RFC 8058): a POST with that body, no cookie, no CSRF token.
    answer = client.post(_path(header), content=b"List-Unsubscribe=One-Click",
                         headers={"Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en"})
    assert answer.status_code == 200 and "You are unsubscribed" in answer.text
    session.expire_all()
    assert mail.preferences(session, principal_of(user))[MailKind.QUOTATION] is MailMode.OFF
    # The next quotation e-mail is kept as suppressed and never reaches the server.
    [later] = mail.notify(session, quotation_notice(2), mail.recipients_of([user]))
    session.commit()
    assert later.state is MailState.SUPPRESSED
    assert deliver_pending(settings.database_url, smtp_settings(settings, port)).claimed == 0
    assert len(server.received) == 1


def test_the_unsubscribe_link_shows_a_confirmation_page_and_changes_nothing_until_confirmed(client, session):
    user, [message] = queue_for(session, locale="en")
    page = client.get(_path(message.unsubscribe_url), headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "Stop sending e-mails about Quotations to" in page.text
    assert user.email in page.text and 'data-testid="confirm-unsubscribe"' in page.text
    assert session.scalar(select(MailPreference).where(MailPreference.address == user.email)) is None
    confirmed = client.post(_path(message.unsubscribe_url), data={"List-Unsubscribe": "One-Click"})
    assert confirmed.status_code == 200
    row = session.scalar(select(MailPreference).where(MailPreference.address == user.email))
    assert row.kind is MailKind.QUOTATION and row.mode is MailMode.OFF


def test_a_forged_unsubscribe_token_is_refused(client, session):
    _user, [message] = queue_for(session)
    token = message.unsubscribe_url.rsplit("/", 1)[1]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(f"/mail/unsubscribe/{forged}").status_code == 404
    assert client.post(f"/mail/unsubscribe/{forged}", content=b"List-Unsubscribe=One-Click").status_code == 404
    assert client.post("/mail/unsubscribe/x", content=b"").status_code == 404
    assert session.scalar(select(MailPreference)) is None


def test_a_user_chooses_per_kind_on_the_preferences_page(client, session):
    user = factories.user(session, "enterprise", locale="en")
    session.commit()
    assert login(client, user.email).status_code == 303
    page = client.get("/account/mail")
    assert page.status_code == 200 and 'name="deadline"' in page.text and 'name="account"' not in page.text
    answer = client.post("/account/mail", data={"csrf_token": page_csrf(client, "/account/mail"),
                                                "deadline": "digest", "certificate": "off", "quotation": "immediate"},
                         follow_redirects=False)
    assert answer.status_code == 303
    session.expire_all()
    modes = mail.preferences(session, principal_of(user))
    assert (modes[MailKind.DEADLINE], modes[MailKind.CERTIFICATE], modes[MailKind.QUOTATION]) == (
        MailMode.DIGEST, MailMode.OFF, MailMode.IMMEDIATE)
    refused = client.post("/account/mail", data={"csrf_token": page_csrf(client, "/account/mail"), "deal": "weekly"})
    assert refused.status_code == 422
    no_csrf = client.post("/account/mail", data={"deal": "off"})
    assert no_csrf.status_code == 403


def test_the_operator_filters_the_outbox_and_retries_a_failed_email(client, session, settings):
    operator = factories.user(session, "operator")
    _user, [message] = queue_for(session, locale="en")
    config = smtp_settings(settings, free_port(), mail_max_attempts=1)  # nobody listens: failed at once
    assert deliver_pending(settings.database_url, config).failed == 1
    assert login(client, operator.email).status_code == 303

    failed = client.get("/outbox?state=failed")
    assert failed.status_code == 200 and "New quotation for your demand RFQ-1" in failed.text
    assert "cannot connect" in failed.text and 'data-testid="retry"' in failed.text
    assert "CHUHAI_SMTP_HOST" in failed.text  # the app's own settings have no SMTP host: kept here
    assert "RFQ-1" not in client.get("/outbox?state=sent").text
    assert "RFQ-1" not in client.get("/outbox?q=nobody@").text
    assert client.get("/outbox?state=bogus").status_code == 422

    retried = client.post(f"/outbox/{message.id}/retry", data={"csrf_token": page_csrf(client, "/outbox")},
                          follow_redirects=False)
    assert retried.status_code == 303
    session.expire_all()
    row = session.get(MailMessage, message.id)
    assert row.state is MailState.QUEUED and row.attempts == 0 and row.message_id == message.message_id
    again = client.post(f"/outbox/{message.id}/retry", data={"csrf_token": page_csrf(client, "/outbox")})
    assert again.status_code == 409  # only a failed e-mail is retried


def test_only_the_operator_sees_the_outbox(client, session):
    buyer = factories.user(session, "buyer")
    session.commit()
    assert login(client, buyer.email).status_code == 303
    assert client.get("/outbox").status_code == 403
