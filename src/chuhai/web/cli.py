"""`chuhai db …`, `chuhai users …` and `chuhai serve`."""

from __future__ import annotations

import typer

db_app = typer.Typer(help="Database schema (Alembic migrations) and reference data.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)

DatabaseUrl = typer.Option(None, "--database-url", envvar="CHUHAI_DATABASE_URL",
                           help="SQLAlchemy URL; default from settings (sqlite:///var/chuhai.db).")


@db_app.command("upgrade")
def upgrade(database_url: str | None = DatabaseUrl, revision: str = "heads") -> None:
    """Apply migrations and sync reference data (markets, channels). Safe to run again."""
    from chuhai import migrate
    from chuhai.config import get_settings
    from chuhai.database import session_scope
    from chuhai.markets.service import sync_reference_data

    url = database_url or get_settings().database_url
    migrate.upgrade(url, revision)
    with session_scope(url) as session:
        session.info["audit_disabled"] = True
        changed = sync_reference_data(session)
    typer.echo(f"database at {migrate.current(url)} · reference rows changed: {changed}")


@db_app.command("current")
def current(database_url: str | None = DatabaseUrl) -> None:
    """Print the applied migration revision."""
    from chuhai import migrate

    typer.echo(migrate.current(database_url) or "(empty database)")


@db_app.command("is-empty")
def is_empty(database_url: str | None = DatabaseUrl) -> None:
    """Exit 0 if the database holds no enterprises yet (used by `make run` to decide on demo data)."""
    from sqlalchemy import func, select

    from chuhai.catalog.models import Enterprise
    from chuhai.database import session_scope

    with session_scope(database_url) as session:
        raise typer.Exit(0 if not session.scalar(select(func.count(Enterprise.id))) else 1)


@users_app.command("create")
def create_user(email: str, role: str = typer.Option(..., help="operator, enterprise, buyer or provider"),
                name: str = typer.Option(..., help="Display name"),
                password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
                database_url: str | None = DatabaseUrl) -> None:
    """Create an active account (e.g. the first operator)."""
    from chuhai.accounts.service import create_user as create
    from chuhai.database import session_scope
    from chuhai.errors import ChuhaiError
    from chuhai.types import RoleCode

    try:
        with session_scope(database_url) as session:
            user = create(session, email=email, password=password, display_name=name, role=RoleCode(role))
            typer.echo(f"created user {user.id} <{user.email}> as {user.role}")
    except (ChuhaiError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


def serve_command(host: str = "127.0.0.1", port: int = 8000, reload: bool = False,
                  database_url: str | None = DatabaseUrl) -> None:
    """Serve the web app and the API."""
    import os

    import uvicorn

    if database_url:
        os.environ["CHUHAI_DATABASE_URL"] = database_url
    from chuhai.config import get_settings
    from chuhai.migrate import missing_heads

    url = database_url or get_settings().database_url
    behind = missing_heads(url)
    if behind:  # migrations are applied on purpose, never behind the operator's back
        typer.echo(f"The database is not up to date with this version of Chuhai (missing {', '.join(behind)}).\n"
                   "Run `chuhai db upgrade` first (back it up before, if it holds data).", err=True)
        raise typer.Exit(1)
    typer.echo(f"Chuhai is serving at http://{host}:{port}  (API docs: http://{host}:{port}/api/docs)")
    uvicorn.run("chuhai.web.main:app", host=host, port=port, reload=reload, proxy_headers=False)
