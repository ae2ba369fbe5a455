"""`chuhai mail ...`: drive the outbox by hand (the job runner's `mail.deliver` and `mail.daily` do it on
schedule). Messages stay in English (operators' tooling)."""

from __future__ import annotations

import json
import time
from datetime import date
from typing import Annotated

import typer

from chuhai.config import get_settings
from chuhai.database import new_session, session_scope
from chuhai.mail.delivery import deliver_pending, delivery_status, pending_count
from chuhai.mail.flows import run_daily

app = typer.Typer(help="E-mail: the outbox and its SMTP delivery.", no_args_is_help=True)


@app.callback()
def mail() -> None:
    """E-mail: the outbox and its SMTP delivery."""


@app.command("send-pending")
def send_pending(
    loop: Annotated[bool, typer.Option("--loop", help="Keep running, one pass every --interval seconds.")] = False,
    interval: Annotated[float, typer.Option("--interval", min=0.1)] = 10.0,
    max_messages: Annotated[int | None, typer.Option("--max", min=1, help="Stop after this many.")] = None,
) -> None:
    """Send the queued e-mails over SMTP (settings CHUHAI_SMTP_*); prints each pass's report as JSON."""
    settings = get_settings()
    while True:
        started = time.perf_counter()
        report = deliver_pending(settings.database_url, settings, max_messages=max_messages)
        seconds = round(time.perf_counter() - started, 4)
        typer.echo(json.dumps({k: v for k, v in vars(report).items() if k != "errors"}
                              | {"seconds": seconds, "errors": report.errors[:5]}))
        if not report.configured:
            typer.echo("no SMTP server configured (CHUHAI_SMTP_HOST): e-mails stay on the outbox page", err=True)
            raise typer.Exit(1)
        if not loop:
            return
        time.sleep(interval)


@app.command("daily")
def daily(day: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: today).")] = None) -> None:
    """Write the day's reminders (deadlines in 3 days, certificates expiring in 30) and the digests."""
    with session_scope(get_settings().database_url) as session:
        report = run_daily(session, date.fromisoformat(day) if day else None)
    typer.echo(json.dumps(vars(report)))


@app.command("status")
def status() -> None:
    """Where e-mail goes (the SMTP server, or the outbox page only) and how many wait to be sent."""
    settings = get_settings()
    session = new_session(settings.database_url)
    try:
        waiting = pending_count(session)
    except Exception:  # a database not migrated yet: say where e-mail goes all the same
        waiting = None
    finally:
        session.close()
    typer.echo(delivery_status(settings) + ("" if waiting is None else f"; {waiting} waiting"))
