"""What the job runner's fork server loads once, so that every isolated child it forks starts warm.

Each isolated job (an import, the reverse search after one) runs in a child forked from multiprocessing's fork
server (`chuhai.jobs.runner`). Whatever the server has not done, every child does again: configuring the
SQLAlchemy mappers of every domain (~0.1 s: their relationships are resolved on the first query) and importing
the database driver and its dialect when the child opens its engine (~0.05 s), reading the translation
catalogs (~0.05 s: an import's report names categories in every language). A three-row import cost a child
~0.35 s, two thirds of it this; under load the imports' children took a large share of the two cores.
"""

from __future__ import annotations

# The drivers and dialects an engine of either backend loads (importing them is all that can be done before the
# fork: an engine's connections must not cross it).
import psycopg  # noqa: F401
import sqlalchemy.dialects.postgresql.psycopg
import sqlalchemy.dialects.sqlite.pysqlite  # noqa: F401
from sqlalchemy.orm import configure_mappers

import chuhai.models  # noqa: F401  (every domain's models: the mappers name classes of other domains)
from chuhai import i18n

configure_mappers()
for _locale in i18n.SUPPORTED_LOCALES:
    i18n.catalog(_locale)
