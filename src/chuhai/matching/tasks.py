"""The matching domain's background work on the platform's job runner (`chuhai.jobs`):

- `matching.fits`, queued by a bulk write of products or enterprises (an import, the demo), in an isolated child
  process at a lower CPU priority: the reverse search
  (which open demands fit a product) for the products never searched — those written in bulk by an import or
  the demo, whose writes do not search one product at a time. Until it has run, their enterprise's
  opportunities page searches them itself on every view (a few per view); after it, the page reads stored fits.
  Idempotent: a product searched is not searched again (a product or enterprise edit searches its own at once);
  a run queued while an earlier one searches waits for it (it may have missed this one's products).
- `matching.fits_few`, the same for at most `FEW_FITS` products (a small import from the page), on a thread of
  the runner's own process: there the indexes are loaded already (a web worker warms them as it starts), and
  searching a few products takes milliseconds, where a child would first build the demands' index (embedding
  every open demand: seconds of CPU for every small import). Any more found meanwhile are left to `matching.fits`.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

from chuhai.database import session_scope
from chuhai.jobs import service as jobs
from chuhai.jobs.registry import JobContext, Kind, RetryLater, register
from chuhai.matching import service
from chuhai.matching.service import FEW_FITS, FEW_FITS_KIND, FITS_KIND, FITS_KINDS

BACKGROUND_NICENESS = 10
WAIT_FOR_EARLIER_S = 30
FITS_PER_RUN = 5000


def store_fits_of_new_products(ctx: JobContext) -> dict[str, Any]:
    few = ctx.kind == FEW_FITS_KIND
    # In the runner's isolated child only (not a test calling it, never the runner's own process for a few:
    # a niced web worker would stay so): after a large import it may search for minutes; the web workers first.
    if not few and multiprocessing.parent_process() is not None:
        os.nice(BACKGROUND_NICENESS)
    with session_scope(ctx.database_url) as session:
        if jobs.another_running(session, ctx.job_id, FITS_KINDS):  # two imports in a row: search after the
            raise RetryLater(after_s=WAIT_FOR_EARLIER_S)  # earlier run, which may have missed this one's products

        def committed(done: int, total: int) -> None:
            session.commit()  # the pages read each batch as soon as it is stored
            ctx.progress({"done": done, "total": total})

        searched, stored = service.store_unsearched_fits(session, Path(ctx.data_dir),
                                                         limit=FEW_FITS if few else FITS_PER_RUN, progress=committed)
        if few and searched == FEW_FITS:  # more were written meanwhile: the right kind of job for them
            service.search_new_products_soon(session)
    return {"products": searched, "fits": stored}


# Isolated: a child process with its own interpreter (the search would otherwise hold the web process's index
# lock and interpreter for as long as it runs); it maps the saved index and compares it with the database
# first, as any process does. Its memory limit leaves room for the embedding model and the mapped index.
# Not periodic: every bulk write queues it, and a periodic run would start a child at every server start
# (`chuhai match fits` searches everything again on demand).
register(Kind(FITS_KIND, store_fits_of_new_products, isolated=True, timeout_s=3600, cpu_s=3000, memory_mb=8192,
              max_attempts=100, backoff_s=WAIT_FOR_EARLIER_S))
# Not isolated: it runs on a thread of the runner's process, with that process's loaded indexes (see above).
register(Kind(FEW_FITS_KIND, store_fits_of_new_products, timeout_s=600, max_attempts=100,
              backoff_s=WAIT_FOR_EARLIER_S))
