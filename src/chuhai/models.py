"""Imports every domain's models so that the metadata is complete (Alembic, tests).

A domain package with a `models.py` is picked up here without editing this file.
"""

from importlib import import_module
from pkgutil import iter_modules

import chuhai
from chuhai.database import Base


def _import_domain_models() -> None:
    for module in iter_modules(chuhai.__path__):
        if module.ispkg:
            try:
                import_module(f"chuhai.{module.name}.models")
            except ModuleNotFoundError as exc:
                if exc.name != f"chuhai.{module.name}.models":
                    raise


_import_domain_models()
metadata = Base.metadata
