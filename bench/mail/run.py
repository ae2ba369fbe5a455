"""Benchmark of the e-mail worker's sustained throughput against a local SMTP server, with its anchor.

    .venv/bin/python bench/mail/run.py             # 2,000 messages
    .venv/bin/python bench/mail/run.py --quick     # 300 messages
    .venv/bin/python bench/mail/run.py --database-url postgresql://postgres@127.0.0.1:5432/postgres

An aiosmtpd server on 127.0.0.1 (in this process, accepting everything) receives, in the same run:
1. the worker: `chuhai mail send-pending` (a subprocess, as an operator or the job runner runs it) over a
   freshly migrated database holding N queued messages (rendered-size text and HTML bodies); its own timing of
   the pass (claim in batches, commit each hand-over and outcome, send over one connection) gives messages/s;
2. the anchor: the same N messages sent with raw smtplib over one connection, nothing recorded anywhere.
The ratio says what the outbox's bookkeeping (its crash-safe commits) costs over bare SMTP. The benchmark
calls the platform only through its command line (benchmarks import engines only).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import smtplib
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results" / "mail.json"
CHUHAI = [sys.executable, "-m", "chuhai.cli"]

TEXT = ("Hello Jane Doe,\n\nNew quotation for your demand RFQ-{n}: 100 upholstered armchairs, EXW Qingdao.\n\n"
        "Open in Chuhai: https://chuhai.example/demands/{n}#quotations\n\n-- \nYou receive this e-mail for your "
        "Chuhai notifications: Quotations.\nE-mail preferences: https://chuhai.example/account/mail\n"
        "Unsubscribe from these e-mails: https://chuhai.example/mail/unsubscribe/{token}\n")
HTML = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>New quotation</title></head><body>"
        + "<table role=\"presentation\" width=\"100%\"><tr><td style=\"padding:24px;font-size:15px\">" * 3
        + "<p>Hello Jane Doe,</p><p>New quotation for your demand RFQ-{n}.</p><p><a href=\"https://chuhai.example/"
        "demands/{n}#quotations\" style=\"display:inline-block;padding:10px 18px;background:#0b6e4f;color:#fff\">"
        "Open in Chuhai</a></p>" + "</td></tr></table>" * 3 + "<p style=\"font-size:12px;color:#7b8794\">"
        "You receive this e-mail for your Chuhai notifications: Quotations. <a href=\"https://chuhai.example/mail/"
        "unsubscribe/{token}\">Unsubscribe</a></p></body></html>")


class Sink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.count += 1
        return "250 2.0.0 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _rows(n: int) -> list[tuple]:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = []
    for i in range(n):
        token = uuid.uuid4().hex * 2
        key = f"bench:{i}:buyer{i}@example.com"
        rows.append(("quotation", "quotation_received", f"buyer{i}@example.com", "Jane Doe", "en",
                     f"New quotation for your demand RFQ-{i}", TEXT.format(n=i, token=token),
                     HTML.format(n=i, token=token), f"https://chuhai.example/demands/{i}#quotations",
                     f"https://chuhai.example/mail/unsubscribe/{token}", "immediate", "queued", 0, now, key,
                     f"<{uuid.uuid5(uuid.NAMESPACE_URL, key).hex}@chuhai.example>", now))
    return rows


COLUMNS = ("kind, topic, to_email, to_name, locale, subject, body_text, body_html, link, unsubscribe_url, delivery, "
           "state, attempts, next_attempt_at, idempotency_key, message_id, created_at")


def _prepare(url: str, rows: list[tuple], env: dict) -> None:
    subprocess.run([*CHUHAI, "db", "upgrade"], env=env, check=True, capture_output=True)
    placeholders = ", ".join(["?"] * len(COLUMNS.split(",")))
    if url.startswith("sqlite"):
        with sqlite3.connect(url.split("///", 1)[1]) as db:
            db.execute("DELETE FROM mail_messages")
            db.executemany(f"INSERT INTO mail_messages ({COLUMNS}) VALUES ({placeholders})", rows)
    else:
        import psycopg  # the PostgreSQL driver, only for a run against PostgreSQL

        with psycopg.connect(url) as db:
            db.execute("DELETE FROM mail_messages")
            with db.cursor() as cursor:
                cursor.executemany(f"INSERT INTO mail_messages ({COLUMNS}) VALUES "
                                   f"({', '.join(['%s'] * len(COLUMNS.split(',')))})", rows)


def _worker(env: dict, n: int) -> dict:
    done = subprocess.run([*CHUHAI, "mail", "send-pending", "--max", str(n)], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _anchor(rows: list[tuple], port: int) -> float:
    """Build each MIME message (as the worker does from its row) and send it; the clock covers both."""
    started = time.perf_counter()
    messages = []
    for row in rows:
        email = EmailMessage()
        email["From"], email["To"], email["Subject"] = "Chuhai <noreply@chuhai.example>", row[2], row[5]
        email["Message-ID"] = row[15]
        email["List-Unsubscribe"], email["List-Unsubscribe-Post"] = f"<{row[9]}>", "List-Unsubscribe=One-Click"
        email.set_content(row[6])
        email.add_alternative(row[7], subtype="html")
        messages.append(email)
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        for email in messages:
            smtp.send_message(email)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--messages", type=int)
    parser.add_argument("--database-url", help="a PostgreSQL database to use (its mail_messages table is emptied)")
    args = parser.parse_args()
    n = args.messages or (300 if args.quick else 2000)
    sink, port = Sink(), _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            url = args.database_url or f"sqlite:///{tmp}/bench.db"
            env = os.environ | {"CHUHAI_DATABASE_URL": url, "CHUHAI_DATA_DIR": tmp, "CHUHAI_SMTP_HOST": "127.0.0.1",
                                "CHUHAI_SMTP_PORT": str(port), "CHUHAI_SMTP_SECURITY": "none",
                                "CHUHAI_MAIL_SENDER": "Chuhai <noreply@chuhai.example>"}
            rows = _rows(n)
            _prepare(url, rows, env)
            report = _worker(env, n)
            assert report["sent"] == n and sink.count == n, (report, sink.count)
            anchor_s = _anchor(rows, port)
            assert sink.count == 2 * n
    finally:
        controller.stop()
    worker_rate, anchor_rate = n / report["seconds"], n / anchor_s
    result = {
        "benchmark": "mail worker: sustained messages per second to a local SMTP server (aiosmtpd, 127.0.0.1)",
        "command": "python bench/mail/run.py" + (" --quick" if args.quick else "")
        + (" --database-url …" if args.database_url else ""),
        "date": dt.date.today().isoformat(),
        "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count(), "platform": platform.platform()},
        "database": "postgresql" if args.database_url else "sqlite",
        "messages": n,
        "worker": {"seconds": report["seconds"], "messages_per_s": round(worker_rate, 1),
                   "what": "chuhai mail send-pending: claim in batches of 50, commit each hand-over with the previous "
                           "outcome, one SMTP connection"},
        "anchor_raw_smtplib": {"seconds": round(anchor_s, 4), "messages_per_s": round(anchor_rate, 1),
                               "what": "the same messages built (EmailMessage, text + HTML) and sent over one smtplib "
                                       "connection, nothing recorded"},
        "worker_over_anchor": round(worker_rate / anchor_rate, 3),
    }
    print(json.dumps(result, indent=2))
    if not args.quick:
        key = "postgresql" if args.database_url else "sqlite"
        stored = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        stored[key] = result
        RESULTS.write_text(json.dumps(stored, indent=2) + "\n")


if __name__ == "__main__":
    main()
