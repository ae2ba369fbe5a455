"""A worker killed in the crash window (the server has the message, the database does not know yet) never
leads to a second send: the next run marks that message failed ("interrupted") instead of resending it, and
sends the rest of the dead worker's batch, which provably never reached the server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from chuhai.mail.delivery import INTERRUPTED, deliver_pending
from chuhai.mail.models import MailMessage, MailState
from tests.mail.conftest import queue_for, smtp_settings


def test_a_worker_killed_between_hand_over_and_mark_never_sends_twice(session, settings, smtp, tmp_path):
    server, port = smtp
    server.stall = True  # record the first message, then keep the worker waiting for the 250
    _a, [first] = queue_for(session, n=1)
    _b, [second] = queue_for(session, n=2)
    env = os.environ | {"CHUHAI_DATABASE_URL": settings.database_url, "CHUHAI_SMTP_HOST": "127.0.0.1",
                        "CHUHAI_SMTP_PORT": str(port), "CHUHAI_SMTP_SECURITY": "none",
                        "CHUHAI_DATA_DIR": str(tmp_path / "worker")}
    worker = subprocess.Popen([sys.executable, "-m", "chuhai.cli", "mail", "send-pending"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert server.recorded.wait(60), worker.stderr.read1().decode() if worker.poll() is not None else "no mail"
        time.sleep(0.2)
        os.kill(worker.pid, signal.SIGKILL)  # the server holds message 1; the worker never learns it was accepted
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    server.stall = False
    server.release.set()
    session.expire_all()
    rows = {m.id: m for m in session.query(MailMessage).filter(MailMessage.id.in_([first.id, second.id]))}
    assert rows[first.id].state is MailState.SENDING and rows[first.id].handed_over_at is not None
    assert rows[second.id].state is MailState.SENDING and rows[second.id].handed_over_at is None  # claimed only

    # A restarted worker (its lease over) recovers the dead one's batch.
    report = deliver_pending(settings.database_url, smtp_settings(settings, port, mail_sending_lease_s=0))

    assert (report.interrupted, report.requeued, report.sent) == (1, 1, 1)
    assert server.message_ids().count(first.message_id) == 1  # never a second copy
    assert server.message_ids().count(second.message_id) == 1
    session.expire_all()
    interrupted, sent = session.get(MailMessage, first.id), session.get(MailMessage, second.id)
    assert interrupted.state is MailState.FAILED and interrupted.last_error == INTERRUPTED
    assert sent.state is MailState.SENT and sent.attempts == 1
    # Another run changes nothing: the interrupted one waits for the operator's decision.
    assert deliver_pending(settings.database_url, smtp_settings(settings, port)).claimed == 0
    assert len(server.received) == 2
