"""`chuhai jobs work` (the worker process of a deployment), `chuhai jobs list`, `chuhai jobs rerun ID`."""

from __future__ import annotations

import logging

import typer

from chuhai.config import get_settings

app = typer.Typer(help="Background jobs: the worker process, and what it ran.", no_args_is_help=True)
DatabaseUrl = typer.Option(None, "--database-url", envvar="CHUHAI_DATABASE_URL",
                           help="SQLAlchemy URL; default from settings (sqlite:///var/chuhai.db).")
# The commands import the runner, the database and every domain's job kinds inside (deferred): `chuhai --help`
# and the other domains' commands do not load them.


def _settings(database_url: str | None):
    settings = get_settings()
    return settings.model_copy(update={"database_url": database_url}) if database_url else settings


@app.command("work")
def work(database_url: str | None = DatabaseUrl,
         concurrency: int = typer.Option(0, help="Jobs at once (0: the setting jobs_concurrency)."),
         periodic: bool = typer.Option(True, help="Also enqueue the periodic kinds.")) -> None:
    """Run background jobs until stopped (SIGTERM/SIGINT): the worker process beside the web workers."""
    from chuhai.accounts import audit  # deferred: the models, see above
    from chuhai.app import load_job_kinds  # deferred: every domain's job kinds, see above
    from chuhai.jobs.registry import KINDS  # deferred: see above
    from chuhai.jobs.runner import Runner  # deferred: see above

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    audit.install()
    load_job_kinds()
    runner = Runner(_settings(database_url), concurrency=concurrency or None, periodic=periodic)
    typer.echo(f"chuhai jobs worker {runner.worker}: {runner.concurrency} at once; kinds: {', '.join(sorted(KINDS))}",
               err=True)
    runner.run_forever()


@app.command("list")
def list_jobs(database_url: str | None = DatabaseUrl, limit: int = typer.Option(20, max=1000),
              kind: str | None = typer.Option(None, help="Only this kind.")) -> None:
    """The latest jobs: id, kind, state, attempts, created, error."""
    from chuhai.database import session_scope  # deferred: SQLAlchemy, see above
    from chuhai.jobs import service  # deferred: see above

    with session_scope(_settings(database_url).database_url) as session:
        for job in service.recent_jobs(session, kinds=[kind] if kind else None, limit=limit):
            error = (job.error_message or "") % (job.error_params or {}) if job.error_message else ""
            typer.echo(f"{job.id}\t{job.kind}\t{job.state}\t{job.attempts}/{job.max_attempts}\t"
                       f"{job.created_at:%Y-%m-%d %H:%M:%S}\t{error}")


@app.command("rerun")
def rerun(job_id: str, database_url: str | None = DatabaseUrl) -> None:
    """Queue a failed, interrupted or cancelled job again (a running worker picks it up)."""
    from chuhai.database import session_scope  # deferred: SQLAlchemy, see above
    from chuhai.errors import ChuhaiError  # deferred: see above
    from chuhai.jobs import service  # deferred: see above

    try:
        with session_scope(_settings(database_url).database_url) as session:
            session.info["audit_disabled"] = True
            job = service.rerun(session, job_id)
    except ChuhaiError as exc:
        typer.echo(f"error: {exc.english}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"{job.id} queued again")
