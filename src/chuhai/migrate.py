"""Apply Alembic migrations programmatically (used by `chuhai db upgrade`, `make run` and tests)."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from chuhai.config import get_settings
from chuhai.database import make_engine


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("chuhai").joinpath("migrations")))
    config.set_main_option("sqlalchemy.url", url or get_settings().database_url)
    return config


def upgrade(url: str | None = None, revision: str = "heads") -> None:
    """Apply every domain's migrations (each domain's branch starts from the initial schema)."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def current(url: str | None = None) -> str | None:
    engine = make_engine(url or get_settings().database_url)
    with engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    engine.dispose()
    return ", ".join(sorted(heads)) or None


def missing_heads(url: str | None = None) -> list[str]:
    """The migration heads of this version that the database at `url` has not reached: empty when it
    is up to date (a database ahead of this code, or on other branches, counts as not up to date)."""
    script = ScriptDirectory.from_config(alembic_config(url))
    applied = set((current(url) or "").split(", ")) - {""}
    reached = set()
    for head in applied:
        reached |= {revision.revision for revision in script.iterate_revisions(head, "base")}
    return sorted(set(script.get_heads()) - reached)
