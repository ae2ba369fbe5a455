"""The mail kinds run on the platform's one job runner: its periodic `mail.deliver` sends the outbox."""

from __future__ import annotations

import time

from chuhai.app import load_job_kinds
from chuhai.config import get_settings
from chuhai.jobs.registry import get_kind
from chuhai.jobs.runner import Runner
from chuhai.mail.models import MailMessage, MailState
from tests.mail.conftest import queue_for


def test_the_job_runner_knows_the_mail_kinds():
    load_job_kinds()
    deliver, daily = get_kind("mail.deliver"), get_kind("mail.daily")
    assert deliver is not None and deliver.every_s == 30
    assert daily is not None and daily.every_s == 24 * 3600


def test_the_job_runners_periodic_mail_deliver_sends_the_outbox(session, settings, smtp, monkeypatch):
    server, port = smtp
    # The handler reads the process's settings (like every job): point them at the test server.
    for name, value in {"CHUHAI_SMTP_HOST": "127.0.0.1", "CHUHAI_SMTP_PORT": str(port),
                        "CHUHAI_SMTP_SECURITY": "none"}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    _user, [message] = queue_for(session)
    load_job_kinds()
    runner = Runner(settings.model_copy(update={"jobs_poll_s": 0.1})).start()
    try:
        deadline = time.monotonic() + 60
        while not server.received and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        runner.stop(10)
        monkeypatch.undo()
        get_settings.cache_clear()
    assert [m["Message-ID"] for m in server.received] == [message.message_id]
    session.expire_all()
    assert session.get(MailMessage, message.id).state is MailState.SENT
