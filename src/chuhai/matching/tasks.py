"""The matching domain's background work on the platform's job runner (`chuhai.jobs`):

- `matching.fits`, every 5 minutes and right after an import of products or enterprises: the reverse search
  (which open demands fit a product) for the products never searched — those written in bulk by an import or
  the demo, whose writes do not search one product at a time. Until it has run, their enterprise's
  opportunities page searches them itself on every view (a few per view); after it, the page reads stored fits.
  Idempotent: a product searched is not searched again (a product or enterprise edit searches its own at once).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chuhai.database import session_scope
from chuhai.jobs.registry import JobContext, Kind, register
from chuhai.matching import service
from chuhai.matching.service import FITS_KIND

FITS_EVERY_S = 300
FITS_PER_RUN = 5000


def store_fits_of_new_products(ctx: JobContext) -> dict[str, Any]:
    with session_scope(ctx.database_url) as session:
        def committed(done: int, total: int) -> None:
            session.commit()  # the pages read each batch as soon as it is stored
            ctx.progress({"done": done, "total": total})

        searched, stored = service.store_unsearched_fits(session, Path(ctx.data_dir), limit=FITS_PER_RUN,
                                                         progress=committed)
    return {"products": searched, "fits": stored}


register(Kind(FITS_KIND, store_fits_of_new_products, timeout_s=1800, every_s=FITS_EVERY_S))
