"""What an import sets off in other domains. The import routes (the background job of the page and the
API, and `chuhai import`) call `import_file` instead of `imports.service.run_import`, which knows only
the import itself.

Imports write with Core bulk statements; when a file created or changed enterprises, products or
demands, the match index compares itself with the database once the transaction commits (the
catalog's and the demand's flows for rows written in bulk). Imported demands are not matched one by
one here: each is matched when first shown, or by `chuhai match reindex --rematch`.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from chuhai.catalog import flows as catalog_flows
from chuhai.demand import flows as demand_flows
from chuhai.imports import service
from chuhai.imports.report import ImportReport

CATALOG_KINDS = ("enterprises", "products")


def import_file(session: Session, kind: str, source, **options) -> ImportReport:
    """`imports.service.run_import(session, kind, source, **options)`, then its consequences."""
    report = service.run_import(session, kind, source, **options)
    if report.created or report.updated:
        if report.kind in CATALOG_KINDS:
            catalog_flows.catalog_written_in_bulk(session)
        elif report.kind == "demands":
            demand_flows.demands_written_in_bulk(session)
    return report
