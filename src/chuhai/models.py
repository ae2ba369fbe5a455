"""Imports every domain's models so that the metadata is complete (Alembic, tests)."""

from chuhai.accounts import models as accounts_models  # noqa: F401
from chuhai.catalog import models as catalog_models  # noqa: F401
from chuhai.database import Base
from chuhai.demand import models as demand_models  # noqa: F401
from chuhai.markets import models as markets_models  # noqa: F401

metadata = Base.metadata
