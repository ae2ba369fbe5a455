"""A real SMTP server on 127.0.0.1 (aiosmtpd, started by the test) and messages to send through it."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

from chuhai.config import Settings
from chuhai.mail import service as mail
from chuhai.mail.models import MailKind
from tests import factories


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """Accepts every message (after `refuse` temporary refusals); with `stall`, records the message and then
    keeps the client waiting for the 250 until `release` is set (a worker killed in the crash window)."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse = 0
        self.refused = 0
        self.stall = False
        self.recorded = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refuse:
            self.refuse -= 1
            self.refused += 1
            return "451 4.3.0 Mailbox busy, try again later"
        self.received.append(message_from_bytes(envelope.content, policy=default))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.recorded.set()
        while self.stall and not self.release.is_set():
            await asyncio.sleep(0.01)
        return "250 2.0.0 OK"

    def message_ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.received]


@pytest.fixture
def smtp() -> Iterator[tuple[Recorder, int]]:
    recorder, port = Recorder(), free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield recorder, port
    finally:
        recorder.release.set()
        controller.stop()


def smtp_settings(settings: Settings, port: int, **overrides) -> Settings:
    values = {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_security": "none", "smtp_timeout_s": 5.0,
              "mail_retry_base_s": 0, "mail_max_attempts": 3, "mail_sender": "Chuhai <noreply@chuhai.test>"}
    return settings.model_copy(update=values | overrides)


def quotation_notice(n: int = 1, **fields) -> mail.Notice:
    return mail.Notice(**({"kind": MailKind.QUOTATION, "topic": "quotation_received", "key": f"test-quotation:{n}",
                           "subject": "New quotation for your demand %(ref)s", "params": {"ref": f"RFQ-{n}"},
                           "link": f"/demands/{n}#quotations"} | fields))


def queue_for(session, *, locale: str = "zh_CN", n: int = 1, **user_fields):
    """A buyer user and one quotation e-mail to them, committed."""
    user = factories.user(session, "buyer", locale=locale, **user_fields)
    messages = mail.notify(session, quotation_notice(n), mail.recipients_of([user]))
    session.commit()
    return user, messages
