"""The platform's match indexes: one per database, kept in memory per process.

`MatchIndex` (products) lives on disk under `settings.data_dir / "match-index"`: loaded lazily on
first use (mapped from its files, so the web workers share it), built from the database when missing
or made for another database. A change is applied to this process's index in memory (a small delta
beside the mapped files) and not saved each time: every process would otherwise write its own copy
and map that, sharing nothing. After `SAVE_AFTER_CHANGES` changes a process saves the index (a new
`generation`) and maps the saved files; the others map them at their next full comparison, as they
do after `chuhai match reindex`. `DemandIndex` (open demands, for the reverse direction) is rebuilt
in memory only: open demands are few next to products.

Keeping them current without a rebuild:
- the code that changes products, enterprises or demands says so (`note_changes`, called from the
  catalog's and the demand's flows); once that session commits, those ids are synced (upsert or
  remove) before the next query;
- every `FULL_CHECK_S` a process reads the catalogue's stamp: the day (certifications expire overnight,
  deadlines pass), the data versions those flows raise once they commit (`products` for a product or an
  enterprise, `demands`; imports raise them too) and the stored exchange rates. Nothing moved: nothing is
  read. Only the version moved (another process wrote, or an import in this one): the products' fingerprints
  (`repository.matchable_fingerprints`: one narrow read of ids and last changes) tell which products to
  sync. The day or the rates moved: every product's item is compared with what the index holds (at a
  million products that reads every row, once a day). `chuhai match reindex` rebuilds. A write that goes
  around the flows (SQL typed by hand) is seen the next day, or at once when it raises the version too
  (`UPDATE data_versions SET version = version + 1 WHERE name = 'products'` or `'demands'`); every
  `SAFETY_CHECK_S` the fingerprints and open demands are compared whatever the stamp says.

The engine's options come from the settings (`match_lexical_only`, `match_query_encoder`,
`cache_dir`, `match_terms_path`: the term pairs `chuhai match mine-terms` mined from the platform's own
titles, read again at each rebuild), resolved here and passed into the engine.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from chuhai.config import Settings, get_settings
from chuhai.database import after_commit, new_session
from chuhai.imports.repository import data_versions, raise_data_versions
from chuhai.matching import repository
from chuhai.matching.engine.bilingual import use_platform_terms
from chuhai.matching.engine.embedders import default_embedder
from chuhai.matching.engine.fingerprints import Fingerprints, changed_ids
from chuhai.matching.engine.match_index import MatchIndex
from chuhai.matching.engine.reverse import DemandIndex
from chuhai.matching.engine.tokenizer import Tokenizer

log = logging.getLogger(__name__)

FULL_CHECK_S = 60.0
SAFETY_CHECK_S = 600.0  # the fingerprints (and open demands) are compared at least this often, stamp or not
STATE_FILE = "platform.json"
COMPARED_FILE = "compared-fingerprints.npy"  # (ids, fingerprints) of the catalogue it was last compared with
SAVE_AFTER_CHANGES = 1000


def database_key(session: Session) -> str:
    return session.get_bind().url.render_as_string(hide_password=True)


class PlatformIndex:
    def __init__(self, key: str, directory: Path, embedder: object = "auto", settings: Settings | None = None):
        """`embedder="auto"`: as the settings say (`match_lexical_only`, `match_query_encoder`);
        None: lexical-only; or an embedder."""
        settings = settings or get_settings()
        self.key, self.directory = key, directory
        self.cache_dir = settings.cache_dir
        self.terms_file = settings.match_terms_path
        self.term_pairs = use_platform_terms(self.terms_file)
        if embedder == "auto":
            embedder = default_embedder(settings.match_query_encoder, lexical_only=settings.match_lexical_only,
                                        cache_dir=self.cache_dir)
        self.embedder = embedder
        self.lock = threading.RLock()
        self.products = None  # MatchIndex (what it holds of each product: `MatchIndex.holds`, `product_ids`)
        self.demands = None  # DemandIndex
        self.queries: dict[str, object] = {}
        self.dirty_products: set[int] = set()
        self.dirty_enterprises: set[int] = set()
        self.dirty_demands: set[int] = set()
        self.products_checked_at = self.demands_checked_at = 0.0
        # The catalogue's stamp (`_stamp`) at the last whole comparison; None: compare at the next check.
        self.products_stamp: tuple | None = None
        self.demands_stamp: tuple | None = None
        # (ids, fingerprints) of the matchable products at the last comparison (numpy: 16 bytes a product).
        self.fingerprints: Fingerprints | None = None
        self.products_forced = self.demands_forced = False  # this process wrote in bulk: look at the next use
        self.looked_at: dict[str, float] = {}  # when each index was last compared with the database (monotonic)
        self.generation: str | None = None  # of the files `products` was loaded from or saved to
        self.unsaved = 0  # products changed in memory since

    # -- products ------------------------------------------------------------------------------

    def match_index(self, session: Session):
        """The product index, current with the database."""
        with self.lock:
            if self.products is None and not self._load():
                self.rebuild(session)
            elif (stamp := self._products_comparison_due(session)) is not None:
                same_day_and_rates = (self.products_stamp is not None and stamp[0] == self.products_stamp[0]
                                      and stamp[2:] == self.products_stamp[2:])
                if same_day_and_rates and self.fingerprints is not None:
                    self._sync_changed_products(session)  # only records were written: find which
                else:  # a certificate may have expired, a price moved with a rate: compare every item
                    self._sync_products(session, None)
                self.products_stamp = stamp
            elif self.dirty_products or self.dirty_enterprises:
                ids = set(self.dirty_products) | set(repository.product_ids_of(session, self.dirty_enterprises))
                self._sync_products(session, ids)
            return self.products

    def _products_comparison_due(self, session: Session) -> tuple | None:
        """The stamp to compare the whole catalog under, when that comparison is due; else None."""
        if time.monotonic() - self.products_checked_at <= FULL_CHECK_S:
            return None
        if self._saved_generation() not in (None, self.generation):
            self._load()  # another process saved it (or `chuhai match reindex` rebuilt it): map that, then compare
        return self._comparison_due(session, "products")

    def _comparison_due(self, session: Session, name: str) -> tuple | None:
        """The stamp to compare every one of `name` ("products", "demands") under, when that comparison is due
        (its data version, the day or the rates moved, it was forced, or the safety check is due); else None.
        Reads and sets the `<name>_checked_at`, `<name>_stamp` and `<name>_forced` of that index."""
        if time.monotonic() - getattr(self, f"{name}_checked_at") <= FULL_CHECK_S:
            return None
        stamp = _stamp(session, name)
        if (stamp == getattr(self, f"{name}_stamp") and not getattr(self, f"{name}_forced")
                and not self._safety_check_due(name)):
            setattr(self, f"{name}_checked_at", time.monotonic())
            return None
        setattr(self, f"{name}_forced", False)
        self.looked_at[name] = time.monotonic()
        return stamp

    def _safety_check_due(self, name: str) -> bool:
        return time.monotonic() - self.looked_at.get(name, time.monotonic()) > SAFETY_CHECK_S

    def rebuild(self, session: Session, progress=None) -> int:
        with self.lock:
            stamp = _stamp(session, "products")  # read first: what commits during the build is compared later
            self.fingerprints = repository.matchable_fingerprints(session)
            items = self._current_items(session, None, progress)
            self.term_pairs = use_platform_terms(self.terms_file)  # a new tokenizer: translations read afresh
            self.products = MatchIndex.build(list(items.values()), embedder=self.embedder,
                                             tokenizer=Tokenizer(cache_dir=self.cache_dir))
            self.products_checked_at, self.products_stamp = time.monotonic(), stamp
            self.looked_at["products"] = time.monotonic()
            self.dirty_products.clear()
            self.dirty_enterprises.clear()
            self._save()
            return len(items)

    def _current_items(self, session: Session, ids: set[int] | None, progress=None) -> dict[str, object]:
        today, rates = date.today(), repository.usd_rates(session)
        products = repository.matchable_products(session, ids)
        items = {}
        for n, product in enumerate(products, 1):
            items[str(product.id)] = repository.catalog_item(product, today, rates)
            if progress and n % 500 == 0:
                progress(n, len(products))
        return items

    def _sync_changed_products(self, session: Session) -> None:
        """Sync the products whose fingerprint (`repository.matchable_fingerprints`) moved since the last
        comparison, and drop those no longer matchable."""
        current = repository.matchable_fingerprints(session)
        self._sync_products(session, changed_ids(self.fingerprints, current))
        self.fingerprints = current
        self.products_checked_at = time.monotonic()

    def _sync_products(self, session: Session, ids: set[int] | None) -> None:
        if ids is None:  # what the whole comparison below starts from, for the next one to compare with
            self.fingerprints = repository.matchable_fingerprints(session)
        current = self._current_items(session, ids)
        if ids is None:  # every product the index holds
            gone = [pid for pid in self.products.product_ids() if pid not in current]
        else:
            held = self.products.corpus.slot_of
            gone = [pid for pid in map(str, ids) if pid not in current and pid in held]
        changed = [item for item in current.values() if not self.products.holds(item)]
        if gone:
            self.products.remove(gone)
        if changed:
            self.products.upsert(changed)
        if ids is None:
            self.products_checked_at = time.monotonic()
        self.dirty_products.clear()
        self.dirty_enterprises.clear()
        self.unsaved += len(gone) + len(changed)
        if self.unsaved >= SAVE_AFTER_CHANGES:
            self._save()
            self._load()  # the saved files, mapped: the processes that map them share them

    def _load(self) -> bool:
        for _attempt in range(5):  # another worker may be swapping in a directory it saved (a moment)
            if self.directory.exists() or not any(self.directory.parent.glob(f"{self.directory.name}.tmp-*")):
                break
            time.sleep(0.1)
        state_path = self.directory / STATE_FILE
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
            if state.get("database") != self.key:
                return False
            # Mapped from the files: the web workers of one server share the index's pages (`chuhai serve --workers`).
            index = MatchIndex.load(self.directory, embedder=self.embedder, cache_dir=self.cache_dir, mmap=True)
        except (OSError, ValueError, KeyError) as exc:
            log.info("match index at %s not loaded (%s): rebuilding", self.directory, exc)
            return False
        if index.lexical_only != (state.get("mode") == "lexical"):
            return False
        self.products = index
        self.generation, self.unsaved = state.get("generation"), 0
        # Compared with the database on first use: under the stamp and fingerprints the saving process had
        # compared it with (then only what changed since is read), or, without them, every product (at a million
        # products that read was minutes and gigabytes, in every worker, after every save).
        self.products_checked_at = 0.0
        self.products_stamp, self.fingerprints = self._saved_comparison(state)
        self.looked_at["products"] = time.monotonic()  # the fingerprint safety check: SAFETY_CHECK_S from now
        return True

    def _saved_comparison(self, state: dict) -> tuple[tuple | None, Fingerprints | None]:
        try:
            saved = np.load(self.directory / COMPARED_FILE, mmap_mode="r")  # shared by the workers
        except (OSError, ValueError):
            return None, None
        stamp = state.get("stamp")
        return (tuple(stamp), (saved[0], saved[1])) if stamp else (None, None)

    def _save(self) -> None:
        if self.directory is None:
            return
        # Names of this process's own (several workers save the same index; each swap is its own).
        tmp = self.directory.with_name(f"{self.directory.name}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        self.products.save(tmp)
        generation = uuid.uuid4().hex
        state = {"database": self.key, "mode": "lexical" if self.products.lexical_only else "hybrid",
                 "products": len(self.products), "generation": generation}
        if self.fingerprints is not None and self.products_stamp is not None:
            # What the index was last compared with (it holds at least that: fingerprints are read before items).
            np.save(tmp / COMPARED_FILE, np.stack(self.fingerprints))
            state["stamp"] = list(self.products_stamp)
        (tmp / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
        old = self.directory.with_name(f"{self.directory.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        if self.directory.exists():
            self.directory.rename(old)
        tmp.rename(self.directory)
        shutil.rmtree(old, ignore_errors=True)
        self.generation, self.unsaved = generation, 0

    def _saved_generation(self) -> str | None:
        """The generation of the index saved for this database (None: none readable)."""
        try:
            state = json.loads((self.directory / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return state.get("generation") if state.get("database") == self.key else None

    # -- open demands (reverse direction) ------------------------------------------------------

    def demand_index(self, session: Session):
        with self.lock:
            if self.demands is None:
                stamp = _stamp(session, "demands")
                self.queries = self._current_queries(session, None)
                self.demands = DemandIndex.build(list(self.queries.values()), embedder=self.embedder,
                                                 tokenizer=Tokenizer(cache_dir=self.cache_dir))
                self.demands_checked_at, self.demands_stamp = time.monotonic(), stamp
                self.looked_at["demands"] = time.monotonic()
                self.dirty_demands.clear()
            elif (stamp := self._comparison_due(session, "demands")) is not None:
                self._sync_demands(session, None)
                self.demands_stamp = stamp
            elif self.dirty_demands:
                self._sync_demands(session, set(self.dirty_demands))
            return self.demands

    def _current_queries(self, session: Session, ids: set[int] | None) -> dict[str, object]:
        today, rates = date.today(), repository.usd_rates(session)
        return {str(d.id): repository.demand_query(d, today, rates) for d in repository.open_demands(session, ids)}

    def _sync_demands(self, session: Session, ids: set[int] | None) -> None:
        current = self._current_queries(session, ids)
        scope = set(self.queries) if ids is None else {str(i) for i in ids}
        gone = [did for did in scope if did in self.queries and did not in current]
        changed = [q for did, q in current.items() if self.queries.get(did) != q]
        if gone:
            self.demands.remove(gone)
            for did in gone:
                del self.queries[did]
        if changed:
            self.demands.upsert(changed)
            self.queries.update({q.demand_id: q for q in changed})
        if ids is None:
            self.demands_checked_at = time.monotonic()
        self.dirty_demands.clear()


def _stamp(session: Session, name: str) -> tuple:
    """What tells a process that its `name` index ("products" or "demands") may differ from the database
    without reading every row: the day, the data version the writing flows raise (see `note_changes`) and the
    stored exchange rates."""
    # As text: a saved index keeps the stamp it was compared under (`_save`), in JSON.
    return tuple(str(part) for part in (date.today(), *data_versions(session, (name,)),
                                        *repository.rates_signature(session)))


# A process serves one database; tests open many, so only the most recently used few are kept.
MAX_STORES = 8
_STORES: OrderedDict[str, PlatformIndex] = OrderedDict()
_STORES_LOCK = threading.Lock()


def index_for(session: Session, data_dir: Path | None = None) -> PlatformIndex:
    """This process's index for the session's database (directory: `data_dir / "match-index"`)."""
    key = database_key(session)
    with _STORES_LOCK:
        store = _STORES.get(key)
        if store is None:
            settings = get_settings()
            data_dir = settings.data_dir if data_dir is None else data_dir
            store = _STORES[key] = PlatformIndex(key, Path(data_dir) / "match-index", settings=settings)
            while len(_STORES) > MAX_STORES:
                _STORES.popitem(last=False)
        _STORES.move_to_end(key)
        return store


def adopt(store: PlatformIndex) -> None:
    """Make `store` this process's index for its database (the CLI's freshly rebuilt one)."""
    with _STORES_LOCK:
        _STORES[store.key] = store


def forget(session: Session) -> None:
    """Drop this process's in-memory index for the session's database (the next use reloads it)."""
    with _STORES_LOCK:
        _STORES.pop(database_key(session), None)


# -- keeping current -------------------------------------------------------------------------------

def note_changes(session: Session, *, products: Iterable[int] = (), enterprises: Iterable[int] = (),
                 demands: Iterable[int] = (), everything: bool = False) -> None:
    """Once `session` commits, this process's index for its database syncs these products, the
    products of these enterprises and these demands before its next query (`everything`: compares
    itself with the whole database, for rows written in bulk), and the other processes learn of it from
    the data versions raised then (`_stamp`). Nothing happens on a rollback.

    The versions are raised after the commit, in a short transaction of their own: raised inside the
    request's transaction, a version's row stayed locked until that request committed, and a second
    request raising it waited — on the event loop, for an async view, which the first one needed to commit
    (a worker stopped). A process that dies between its commit and that moment leaves the others to find
    its change at their next fingerprint check (`SAFETY_CHECK_S`)."""
    key, engine = database_key(session), session.get_bind()
    changes = (set(products) - {None}, set(enterprises) - {None}, set(demands) - {None}, everything)
    names = tuple(name for name, changed in (("products", changes[0] or changes[1] or everything),
                                              ("demands", changes[2] or everything)) if changed)

    def committed() -> None:
        try:
            raise_data_versions(engine, names)
        except Exception:  # the database went away just now: the others look at SAFETY_CHECK_S anyway
            log.warning("could not raise the data versions %s", names, exc_info=True)
        _mark_dirty(key, *changes)

    after_commit(session, committed)


def _mark_dirty(key: str, products: set[int], enterprises: set[int], demands: set[int], everything: bool) -> None:
    store = _STORES.get(key)
    if store is None:  # not loaded in this process: it is read fresh when first used
        return
    with store.lock:
        store.dirty_products |= products
        store.dirty_enterprises |= enterprises
        store.dirty_demands |= demands
        if everything:  # the next query looks for what changed in the whole catalog and every open demand
            store.products_checked_at = store.demands_checked_at = float("-inf")
            store.products_forced = store.demands_forced = True


def warm(database_url: str) -> None:
    """Load (or build) this process's product index and build its open-demand index, so that the first matching
    request a web worker serves does not wait for them (tens of seconds with the embedding model on 2 cores)."""
    with new_session(database_url) as session:
        store = index_for(session)
        store.match_index(session)
        store.demand_index(session)
