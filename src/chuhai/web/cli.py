"""`chuhai db …`, `chuhai users …` (create, create-operator, reactivate, set-password) and `chuhai serve`."""

from __future__ import annotations

from pathlib import Path

import typer

from chuhai.config import get_settings
from chuhai.errors import ChuhaiError
from chuhai.types import RoleCode

db_app = typer.Typer(help="Database schema (Alembic migrations) and reference data.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)

DatabaseUrl = typer.Option(None, "--database-url", envvar="CHUHAI_DATABASE_URL",
                           help="SQLAlchemy URL; default from settings (sqlite:///var/chuhai.db).")
DataDir = typer.Option(None, "--data-dir", envvar="CHUHAI_DATA_DIR",
                       help="The data folder (uploaded files); default from settings (var/).")
# The commands import the database, the models and the web server inside (deferred): `chuhai --help` and
# the other domains' commands do not load them.


@db_app.command("upgrade")
def upgrade(database_url: str | None = DatabaseUrl, revision: str = "heads") -> None:
    """Apply migrations and sync reference data (markets, channels). Safe to run again."""
    from chuhai import migrate  # deferred: Alembic and the models, see above
    from chuhai.database import session_scope  # deferred: SQLAlchemy, see above
    from chuhai.markets.service import sync_reference_data  # deferred: the models, see above

    url = database_url or get_settings().database_url
    migrate.upgrade(url, revision)
    with session_scope(url) as session:
        session.info["audit_disabled"] = True
        changed = sync_reference_data(session)
    typer.echo(f"database at {migrate.current(url)} · reference rows changed: {changed}")


@db_app.command("current")
def current(database_url: str | None = DatabaseUrl) -> None:
    """Print the applied migration revision."""
    from chuhai import migrate  # deferred: Alembic and the models, see above

    typer.echo(migrate.current(database_url) or "(empty database)")


@db_app.command("is-empty")
def is_empty(database_url: str | None = DatabaseUrl) -> None:
    """Exit 0 if the database holds no enterprises yet (used by `make run` to decide on demo data)."""
    from sqlalchemy import func, select  # deferred: SQLAlchemy, see above

    from chuhai.catalog.models import Enterprise  # deferred: the models, see above
    from chuhai.database import session_scope  # deferred: SQLAlchemy, see above

    with session_scope(database_url) as session:
        raise typer.Exit(0 if not session.scalar(select(func.count(Enterprise.id))) else 1)


@db_app.command("backup")
def backup_command(out: str = typer.Argument(..., help="The archive to write, e.g. chuhai-2026-01-31.tar.gz"),
                   database_url: str | None = DatabaseUrl, data_dir: str | None = DataDir) -> None:
    """Back up the database (consistent while the app serves) and the data folder into one archive."""
    from chuhai import backup  # deferred: SQLAlchemy, see above

    settings = get_settings()
    try:
        summary = backup.backup(database_url or settings.database_url, Path(data_dir or settings.data_dir),
                                Path(out))
    except ChuhaiError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"backed up {summary.backend} at {summary.revision}: {len(summary.tables)} tables, "
               f"{summary.rows} rows, {len(summary.files)} files → {out}")


@db_app.command("restore")
def restore_command(archive: str = typer.Argument(..., help="An archive written by `chuhai db backup`"),
                    force: bool = typer.Option(False, "--force", help="Replace a database that is not empty."),
                    database_url: str | None = DatabaseUrl, data_dir: str | None = DataDir) -> None:
    """Restore a backup into an empty database (stop the app first) and its files into the data folder."""
    from chuhai import backup  # deferred: SQLAlchemy, see above

    settings = get_settings()
    try:
        summary = backup.restore(database_url or settings.database_url, Path(data_dir or settings.data_dir),
                                 Path(archive), force=force)
    except ChuhaiError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"restored {summary.backend} at {summary.revision}: {len(summary.tables)} tables, "
               f"{summary.rows} rows, {len(summary.files)} files (run `chuhai db upgrade` if this version "
               "of Chuhai is newer)")


@users_app.command("create")
def create_user(email: str, role: str = typer.Option(..., help="operator, enterprise, buyer or provider"),
                name: str = typer.Option(..., help="Display name"),
                password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
                database_url: str | None = DatabaseUrl) -> None:
    """Create an active account (e.g. the first operator)."""
    from chuhai.accounts.service import create_user as create  # deferred: the models, see above
    from chuhai.database import session_scope  # deferred: SQLAlchemy, see above

    try:
        with session_scope(database_url) as session:
            user = create(session, email=email, password=password, display_name=name, role=RoleCode(role))
            typer.echo(f"created user {user.id} <{user.email}> as {user.role}")
    except (ChuhaiError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


@users_app.command("create-operator")
def create_operator(email: str, name: str = typer.Option(..., help="Display name"),
                    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
                    database_url: str | None = DatabaseUrl) -> None:
    """Create an active operator on the server (the first one, or a new one when none can sign in)."""
    create_user(email, role=RoleCode.OPERATOR.value, name=name, password=password, database_url=database_url)


@users_app.command("reactivate")
def reactivate(email: str, database_url: str | None = DatabaseUrl) -> None:
    """Make an account active again (e.g. an operator rejected by mistake)."""
    from chuhai.accounts.service import reactivate as activate  # deferred: the models, see above

    _on_the_server(database_url, lambda session: activate(session, email), "reactivated")


@users_app.command("set-password")
def set_password(email: str,
                 password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
                 database_url: str | None = DatabaseUrl) -> None:
    """Give an account a new password; every session of it is signed out."""
    from chuhai.accounts.service import reset_password  # deferred: the models, see above

    _on_the_server(database_url, lambda session: reset_password(session, email, password), "has a new password")


def _on_the_server(database_url: str | None, change, done: str) -> None:
    from chuhai.database import session_scope  # deferred: SQLAlchemy, see above

    try:
        with session_scope(database_url) as session:
            session.info["actor_id"] = None  # the audit log: a change made on the server, by nobody signed in
            user = change(session)
            typer.echo(f"user {user.id} <{user.email}> {done} ({user.role}, {user.status})")
    except ChuhaiError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


def serve_command(host: str = "127.0.0.1", port: int = 8000, reload: bool = False,
                  workers: int = typer.Option(1, "--workers", min=1, max=64,
                                              help="Worker processes (on PostgreSQL; SQLite takes one writer)."),
                  database_url: str | None = DatabaseUrl) -> None:
    """Serve the web app and the API (`--workers N`: N processes forked from one that has loaded the app and its
    read-only data, sharing the port, the database and that data's memory)."""
    import uvicorn  # deferred: the web server, see above

    from chuhai.migrate import missing_heads  # deferred: Alembic and the models, see above

    settings = get_settings()
    if database_url and database_url != settings.database_url:
        if reload:  # the reloader imports the app afresh, from the CHUHAI_ environment
            typer.echo("--reload reads the settings from the environment: set CHUHAI_DATABASE_URL instead of "
                       "passing --database-url.", err=True)
            raise typer.Exit(2)
        settings = settings.model_copy(update={"database_url": database_url})
    behind = missing_heads(settings.database_url)
    if behind:  # migrations are applied on purpose, never behind the operator's back
        typer.echo(f"The database is not up to date with this version of Chuhai (missing {', '.join(behind)}).\n"
                   "Run `chuhai db upgrade` first (back it up before, if it holds data).", err=True)
        raise typer.Exit(1)
    if workers > 1 and settings.database_url.startswith("sqlite"):
        typer.echo("Several workers need PostgreSQL (CHUHAI_DATABASE_URL=postgresql://…): SQLite has one writer.",
                   err=True)
        raise typer.Exit(2)
    typer.echo(f"Chuhai is serving at http://{host}:{port}  (API docs: http://{host}:{port}/api/docs)")
    if reload:  # the reloader's process imports the app afresh, from the CHUHAI_ environment
        settings.resolved_secret_key()  # generated (when unset) once, before the server reads it
        uvicorn.run("chuhai.app:create_app", factory=True, host=host, port=port, reload=True, proxy_headers=False)
        return
    from chuhai.app import create_app, preload  # deferred: the whole application, only for serving

    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, proxy_headers=False)
        return
    from chuhai.web import workers as forked  # deferred: only for several workers

    # One process imports the app and loads the read-only data once; the workers are forked from it and share
    # that memory (chuhai.web.workers). The secret key is made (when unset) before they start: one for all.
    settings.resolved_secret_key()
    app = create_app(settings)
    status = forked.serve(app, host, port, workers, preload=lambda: preload(settings),
                          graceful_s=settings.jobs_shutdown_s + 10)
    raise typer.Exit(status)
