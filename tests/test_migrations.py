"""The Alembic migrations build exactly the models' schema, and go down and up again, on the test backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

from chuhai.database import make_engine
from chuhai.migrate import downgrade, upgrade
from chuhai.models import metadata


def _declared_for(dialect: str):
    """Alembic's `include_object`: leaves out what the models declare for another database only
    (`.ddl_if(dialect=...)`, such as PostgreSQL's trigram indexes), which the migrations do not create there."""

    def include(obj, _name, _type, reflected, _compare_to) -> bool:
        ddl_if = getattr(obj, "_ddl_if", None)
        if reflected or ddl_if is None or ddl_if.dialect is None:
            return True
        wanted = (ddl_if.dialect,) if isinstance(ddl_if.dialect, str) else tuple(ddl_if.dialect)
        return dialect in wanted

    return include


def test_migrated_schema_matches_the_models(db_url):
    engine = make_engine(db_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": _declared_for(connection.dialect.name)})
        differences = compare_metadata(context, metadata)
    engine.dispose()
    assert differences == []


def test_downgrade_to_base_and_upgrade_again(db_url):
    downgrade(db_url, "base")
    engine = make_engine(db_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade(db_url)
    engine = make_engine(db_url)
    from chuhai.accounts.models import Role

    with engine.connect() as connection:
        roles = set(connection.scalars(select(Role.code)))
    engine.dispose()
    assert roles == {"operator", "enterprise", "buyer", "provider"}
