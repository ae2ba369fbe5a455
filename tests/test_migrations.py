"""The Alembic migrations build exactly the models' schema, and go down and up again, on the test backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

from chuhai.database import make_engine
from chuhai.migrate import downgrade, upgrade
from chuhai.models import metadata


def test_migrated_schema_matches_the_models(db_url):
    engine = make_engine(db_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), metadata)
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
