"""Matching in the platform: short lists for demands, opportunities for enterprises, the operator's
unmet demand, acceptance (which shares contacts both ways), and in-app notifications.

A posted demand is matched by an explicit call (`match_posted_demand`, from `chuhai.demand.flows`):
the top matches are stored in `demand_matches` and the users of each enterprise with a good match
are notified once. Changes to products, enterprises and demands reach the match index the same way
(`keep_index_current`, from the catalog's and the demand's flows). Reasons are stored as codes with
parameters; `chuhai.matching.reasons` renders them at the edge.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import case, func, select, type_coerce, update
from sqlalchemy.orm import Session

from chuhai.accounts.models import Notification, User
from chuhai.accounts.principal import Principal
from chuhai.catalog.models import Enterprise, Product
from chuhai.compliance import service as compliance
from chuhai.database import utcnow
from chuhai.demand import service as demand_service
from chuhai.demand.models import Demand
from chuhai.errors import Conflict, Forbidden, NotFound, ValidationFailed
from chuhai.i18n import N_
from chuhai.jobs import service as jobs
from chuhai.mail import service as mail
from chuhai.mail.models import MailKind
from chuhai.matching import index_store, repository
from chuhai.matching.engine.records import Reason
from chuhai.matching.models import DECISIONS, DemandMatch, FitScan, MatchStatus, ProductFit
from chuhai.pagination import Page, paginate
from chuhai.types import DemandStatus, RoleCode, UserStatus

log = logging.getLogger(__name__)

TOP = 10
# Below this score a match is not worth a buyer's or an enterprise's time (scores are rank-fused
# relevance in [0, 1] times the soft-constraint penalties).
GOOD_SCORE = 0.3
MAX_PRODUCTS_PER_OPPORTUNITY_QUERY = 30
# The engine ranks on text; a buyer who named a category wants nothing from another one, so more
# candidates are asked for and those of another category dropped.
CANDIDATES_PER_PLACE = 3
TEXT_EVIDENCE = ("matched_terms", "semantic_match")
# A product lacking n of its destination's mandatory requirements scores 1 / (1 + weight × n) of its match.
COMPLIANCE_GAP_WEIGHT = 0.15


def same_category(demand_category: str | None, product_category: str | None) -> bool:
    return not demand_category or demand_category == product_category


def is_good(score: float, reasons: list[dict], threshold: float = GOOD_SCORE) -> bool:
    """Fused scores are rank-based (the best of poor candidates still scores high), so a good
    match also needs text evidence: shared terms, or a close meaning."""
    return score >= threshold and any(r.get("code") in TEXT_EVIDENCE for r in reasons)


# ----- computing and storing matches -------------------------------------------------------------

def compute_matches(session: Session, demands: list[Demand], top: int = TOP,
                    data_dir: Path | None = None) -> dict[int, list[DemandMatch]]:
    """Match `demands` against the catalog and store each one's short list.

    Accepted and declined rows are kept (their status is the buyer's decision); proposed rows no
    longer in the top are dropped."""
    out = {}
    for demand, short_list in _short_lists(session, demands, top, data_dir).items():
        existing = {row.product_id: row for row in session.scalars(
            select(DemandMatch).where(DemandMatch.demand_id == demand.id))}
        rows = []
        for product, match in short_list:
            row = existing.pop(product.id, None) or DemandMatch(demand_id=demand.id, product_id=product.id,
                                                                enterprise_id=product.enterprise_id)
            row.score, row.rank = match.score, len(rows) + 1
            row.reasons = [reason.as_dict() for reason in match.reasons]
            if row.id is None:
                session.add(row)
            rows.append(row)
        for row in existing.values():
            if not row.status.is_decided:
                session.delete(row)
            else:
                row.rank = top + row.rank  # decided rows stay, after the current short list
        out[demand.id] = rows
    session.flush()
    return out


def _short_lists(session: Session, demands: list[Demand], top: int, data_dir: Path | None) -> dict[Demand, list]:
    """Each demand's top (product, match) pairs from the index, products of another category left out; stores
    nothing."""
    if not demands:
        return {}
    store = index_store.index_for(session, data_dir)
    today, rates = date.today(), repository.usd_rates(session)
    queries = [repository.demand_query(d, today, rates) for d in demands]
    requirements = compliance.reference(session)
    for query in queries:  # requirement codes a buyer asks for are checked on the short list, not as certificates
        asked = compliance.asked_requirements(requirements, query.required_certifications)
        if asked:
            query.required_certifications = tuple(c for c in query.required_certifications
                                                  if c.strip().upper() not in asked)
    with store.lock:  # another thread of this process may be syncing the index (it changes in place)
        index = store.match_index(session)
        found = index.match_batch(queries, top=top * CANDIDATES_PER_PLACE) if len(index) else [[] for _ in queries]
    products = repository.products_by_id(session, {int(m.product_id) for ms in found for m in ms})
    held = compliance.held_certifications_of(session, list(products.values()), today)
    checker = compliance.Checker(requirements, today)
    out = {}
    for demand, matches in zip(demands, found, strict=True):
        pairs = []
        for match in matches:
            product = products.get(int(match.product_id))
            if product is None or not same_category(demand.category, product.category):
                continue
            pairs.append((product, match))
        out[demand] = _market_requirements(checker, demand, pairs, held)[:top]
    return out


def _market_requirements(checker: compliance.Checker, demand: Demand, pairs: list,
                         held: dict[int, list[str]]) -> list:
    """The destination's requirements (chuhai.compliance) on a short list: a product lacking mandatory ones is
    ranked lower with a reason; one lacking a requirement the buyer asked for by its code (e.g. US_CPSIA_CPC
    among the required certifications) is left out."""
    asked = compliance.asked_requirements(checker.ref, demand.required_certifications or [])
    kept = []
    for product, match in pairs:
        check = checker.check(product.hs_code, product.category, demand.destination_country,
                              held.get(product.id, []), asked)
        if check is not None and check.unmet_asked:
            continue
        if check is not None and check.missing:
            match.score *= 1.0 / (1.0 + COMPLIANCE_GAP_WEIGHT * len(check.missing))
            match.reasons.append(Reason("market_requirements_missing", "gap",
                                        {"market": demand.destination_country, "requirements": check.missing}))
        elif check is not None and check.applicable:
            match.reasons.append(Reason("market_requirements_met", "fit", {"market": demand.destination_country}))
        kept.append((product, match))
    kept.sort(key=lambda pair: -pair[1].score)  # stable: the engine's order among equal scores
    return kept


def notify_matched_enterprises(session: Session, demand: Demand, rows: list[DemandMatch]) -> int:
    """One notification per user of each enterprise with a good match for `demand`, and its e-mail."""
    best: dict[int, DemandMatch] = {}
    for row in rows:
        if is_good(row.score, row.reasons) and row.enterprise_id not in best:
            best[row.enterprise_id] = row
    if not best:
        return 0
    users = list(session.scalars(select(User).where(User.enterprise_id.in_(list(best)),
                                                    User.status == UserStatus.ACTIVE).order_by(User.id)))
    sent = 0
    for user in users:
        row = best[user.enterprise_id]
        session.add(Notification(user_id=user.id, kind="demand_match", payload={
            "demand_id": demand.id, "demand_ref": demand.ref, "product_id": row.product_id,
            "score": round(row.score, 3), "excerpt": demand.text[:140]}))
        sent += 1
    session.flush()
    _email_fitting_demand(session, demand, users)
    return sent


def _email_fitting_demand(session: Session, demand: Demand, users: list[User]) -> None:
    """The same news by e-mail (`chuhai.mail`), in each member's language, as their preferences say."""
    notice = mail.Notice(kind=MailKind.DEMAND_MATCH, topic="demand_match", key=f"demand_match:{demand.id}",
                         subject=N_("New demand %(ref)s fits your products"),
                         lines=(N_("A buyer's demand fits your products: %(excerpt)s"),),
                         params={"ref": demand.ref, "excerpt": demand.text[:300]}, link=f"/demands/{demand.id}")
    mail.notify(session, notice, mail.recipients_of(users))


def match_posted_demand(session: Session, demand: Demand, data_dir: Path | None = None) -> int:
    """Match a demand just posted and notify the enterprises with a good match; returns how many users
    were notified. A matching failure must not lose the buyer's demand: it is logged, what matching
    added is dropped, and the short list is computed when the demand's page is first shown."""
    if not demand.status.is_open:
        return 0
    try:
        rows = compute_matches(session, [demand], data_dir=data_dir).get(demand.id, [])
        return notify_matched_enterprises(session, demand, rows)
    except Exception:
        log.exception("matching new demand %s failed", demand.id)
        for obj in list(session.new):
            if isinstance(obj, (DemandMatch, Notification)):
                session.expunge(obj)
        return 0


def keep_index_current(session: Session, *, products: Iterable[int] = (), enterprises: Iterable[int] = (),
                       demands: Iterable[int] = (), everything: bool = False) -> None:
    """After `session` commits, the match index picks up these changed products, enterprises (their
    products) and demands, or compares itself with the whole database (`everything`: bulk writes)."""
    index_store.note_changes(session, products=products, enterprises=enterprises, demands=demands,
                             everything=everything)


# ----- the buyer's short list ---------------------------------------------------------------------

def _may_decide(actor: Principal, demand: Demand) -> bool:
    return actor.is_operator or actor.owns_buyer(demand.buyer_id)


def demand_matches(session: Session, actor: Principal, demand_id: int, *, refresh: bool = False,
                   data_dir: Path | None = None) -> list[DemandMatch]:
    """The buyer (and the operator) see the whole short list, computed on first view; an enterprise
    sees only its own products' rows; other roles see none."""
    demand = demand_service.get_demand(session, actor, demand_id)
    if _may_decide(actor, demand):
        rows = repository.matches_of_demand(session, demand.id)
        if refresh or (not rows and demand.status.is_open):
            compute_matches(session, [demand], data_dir=data_dir)
            rows = repository.matches_of_demand(session, demand.id)
        return rows
    if actor.role == RoleCode.ENTERPRISE and actor.enterprise_id:
        return repository.matches_of_demand(session, demand.id, enterprise_id=actor.enterprise_id)
    return []


def decide(session: Session, actor: Principal, match_id: int, status: str) -> DemandMatch:
    if status not in DECISIONS:
        raise ValidationFailed("Choose accept or decline.", details={"field": "status"})
    row = repository.match(session, match_id)
    if row is None:
        raise NotFound("No such match.")
    if not _may_decide(actor, row.demand):
        if actor.role == RoleCode.BUYER:
            raise NotFound("No such match.")
        raise Forbidden("Only the buyer who posted the demand decides on its matches.")
    if not row.demand.status.takes_decisions:
        raise Conflict("This demand is closed.")
    was = row.status
    row.status, row.decided_at = MatchStatus(status), utcnow()
    if row.status.shares_contacts and not was.shares_contacts:
        users = list(session.scalars(select(User).where(User.enterprise_id == row.enterprise_id,
                                                        User.status == UserStatus.ACTIVE).order_by(User.id)))
        for user in users:
            session.add(Notification(user_id=user.id, kind="match_accepted", payload={
                "demand_id": row.demand_id, "demand_ref": row.demand.ref, "product_id": row.product_id,
                "buyer": row.demand.buyer.company}))
        mail.notify(session, mail.Notice(
            kind=MailKind.DEMAND_MATCH, topic="match_accepted", key=f"match_accepted:{row.id}",
            subject=N_("%(buyer)s accepted your match for demand %(ref)s: contact details are shared"),
            params={"buyer": row.demand.buyer.company, "ref": row.demand.ref}, link=f"/demands/{row.demand_id}"),
            mail.recipients_of(users))
    session.flush()
    return row


# ----- contacts -----------------------------------------------------------------------------------

def contacts_shared(session: Session, demand_id: int, enterprise_id: int) -> bool:
    """True once the demand's buyer accepted a match with one of the enterprise's products."""
    return repository.accepted_exists(session, enterprise_id=enterprise_id, demand_id=demand_id)


def may_see_buyer_contacts(session: Session, actor: Principal, demand: Demand) -> bool:
    if actor.may_see_buyer_private(demand.buyer_id):
        return True
    return (actor.role == RoleCode.ENTERPRISE and actor.enterprise_id is not None
            and contacts_shared(session, demand.id, actor.enterprise_id))


def may_see_enterprise_contacts(session: Session, actor: Principal, enterprise_id: int) -> bool:
    if actor.may_see_enterprise_private(enterprise_id):
        return True
    return (actor.role == RoleCode.BUYER and actor.buyer_id is not None
            and repository.accepted_exists(session, enterprise_id=enterprise_id, buyer_id=actor.buyer_id))


# ----- the enterprise's opportunities -------------------------------------------------------------

@dataclass
class Opportunity:
    demand: Demand
    score: float
    product: Product
    reasons: list[dict] = field(default_factory=list)
    status: MatchStatus | None = None  # the stored match's status; None when found by the reverse search


def opportunities(session: Session, actor: Principal, enterprise_id: int | None = None, limit: int = 50,
                  data_dir: Path | None = None) -> list[Opportunity]:
    """Open demands that fit the enterprise's products and are not past their deadline: stored short
    lists plus a reverse search over the open demands (which also finds demands posted before the
    product)."""
    if actor.role == RoleCode.ENTERPRISE:
        enterprise_id = actor.enterprise_id
    elif not actor.is_operator:
        raise Forbidden("Opportunities are for enterprises.")
    if enterprise_id is None:
        raise ValidationFailed("Choose the enterprise.", details={"field": "enterprise_id"})
    best: dict[int, tuple[float, int, list[dict], str | None]] = {}
    today = date.today()
    for row in repository.enterprise_matches(session, enterprise_id, today):
        if is_good(row.score, row.reasons) and row.score > best.get(row.demand_id, (-1,))[0]:
            best[row.demand_id] = (row.score, row.product_id, row.reasons, row.status)
    fits = [(fit.product_id, fit.demand_id, fit.score, fit.reasons)
            for fit in repository.stored_fits(session, enterprise_id, today)]
    # Products never searched (written in bulk since the last `chuhai match reindex --rematch`): searched now,
    # at most a few, and nothing stored (a read).
    unsearched = repository.matchable_products(session, repository.unsearched_product_ids(session, enterprise_id))
    fits += [(product.id, demand_id, score, reasons) for product, demand_id, score, reasons
             in reverse_fits(session, unsearched[:MAX_PRODUCTS_PER_OPPORTUNITY_QUERY], today, data_dir)]
    for product_id, demand_id, score, reasons in fits:
        stored = best.get(demand_id)
        if stored is None or (stored[3] is None and score > stored[0]):
            best[demand_id] = (score, product_id, reasons, None)
    demands = repository.demands_by_id(session, best)
    all_products = repository.products_by_id(session, {v[1] for v in best.values()})
    out = [Opportunity(demands[d], score, all_products[pid], reasons, status)
           for d, (score, pid, reasons, status) in best.items()
           if d in demands and demands[d].is_answerable(today) and pid in all_products]
    out.sort(key=lambda o: (-o.score, -o.demand.id))
    return out[:limit]


def product_fits(session: Session, product: Product, today: date,
                 data_dir: Path | None = None) -> Iterator[tuple[int, float, list[dict]]]:
    """The open demands that fit one matchable product, as (demand id, score, reasons): what was stored for it
    when it was last written or searched, else the reverse search now (a product written in bulk and not yet
    searched by `matching.fits`)."""
    stored = repository.stored_fits_of_product(session, product.id, today)
    if stored is not None:
        yield from ((fit.demand_id, fit.score, fit.reasons) for fit in stored)
        return
    yield from ((demand_id, score, reasons)
                for _product, demand_id, score, reasons in reverse_fits(session, [product], today, data_dir))


REVERSE_CANDIDATES = 30
FITS_BATCH = 50  # products per committed batch: short write transactions beside the web workers' (SQLite)
FITS_KIND = "matching.fits"  # the job kind storing the fits of products written in bulk (matching/tasks.py)
# The same for a few products (a small import from the page), on a runner thread of a process whose indexes are
# loaded already (a web worker warms both as it starts): searching a few products there takes milliseconds,
# while an isolated child first builds the demands' index (embedding every open demand) and maps the products'.
FEW_FITS_KIND = "matching.fits_few"
FEW_FITS = 20
FITS_KINDS = (FITS_KIND, FEW_FITS_KIND)


def search_new_products_soon(session: Session) -> None:
    """After a bulk write of products (an import): a background job stores the fits of those never searched,
    once `session` commits (`matching.fits`, or `matching.fits_few` for at most FEW_FITS; several bulk writes in
    a row share the one still queued)."""
    few = len(repository.unsearched_products(session, FEW_FITS + 1)) <= FEW_FITS
    kind = FEW_FITS_KIND if few else FITS_KIND
    if not jobs.has_queued(session, kind):
        jobs.enqueue(session, kind)


def store_unsearched_fits(session: Session, data_dir: Path | None = None, limit: int = 2000,
                          progress: Callable[[int, int], None] | None = None) -> tuple[int, int]:
    """Store the fits of up to `limit` products never searched (written in bulk since the last full run), by
    batches the caller may commit as they come (`progress(done, total)` after each): until then their
    enterprise's opportunities page searches them on every view. Returns (products searched, fits stored)."""
    ids = repository.unsearched_products(session, limit)
    stored = 0
    for start in range(0, len(ids), FITS_BATCH):
        stored += store_fits(session, products=ids[start:start + FITS_BATCH], data_dir=data_dir)
        if progress is not None:
            progress(min(start + FITS_BATCH, len(ids)), len(ids))
    return len(ids), stored


def store_fits(session: Session, *, products: Iterable[int] = (), enterprises: Iterable[int] = (),
               data_dir: Path | None = None) -> int:
    """Run the reverse search for these products and every product of these enterprises, and store what fits
    (`ProductFit`) in place of what was stored for them; returns how many fits were stored. Called by the
    catalog's flows when a product or its enterprise's terms change, and by `chuhai match reindex --rematch`
    for all. A product that is no longer matchable keeps nothing. The search runs before anything is written:
    when it fails, the stored fits stay as they were (and the caller's change is kept)."""
    ids = set(products) | set(repository.product_ids_of(session, set(enterprises)))
    ids.discard(None)
    if not ids:
        return 0
    matchable = repository.matchable_products(session, ids)
    found = list(reverse_fits(session, matchable, date.today(), data_dir))
    repository.forget_fits(session, ids)
    now = utcnow()
    session.add_all(FitScan(product_id=p.id, enterprise_id=p.enterprise_id, scanned_at=now) for p in matchable)
    session.add_all(ProductFit(product_id=product.id, demand_id=demand_id, enterprise_id=product.enterprise_id,
                               score=score, reasons=reasons) for product, demand_id, score, reasons in found)
    session.flush()
    return len(found)


def keep_fits_current(session: Session, *, products: Iterable[int] = (), enterprises: Iterable[int] = (),
                      data_dir: Path | None = None) -> None:
    """`store_fits` for a change made by a user: a failing search is logged and must not lose the change."""
    try:
        store_fits(session, products=products, enterprises=enterprises, data_dir=data_dir)
    except Exception:
        log.exception("storing the fits of products %s / enterprises %s failed", list(products), list(enterprises))


def reverse_fits(session: Session, products: list, today: date, data_dir: Path | None = None,
                 top: int = REVERSE_CANDIDATES) -> Iterator[tuple[Product, int, float, list[dict]]]:
    """The reverse search: for each (matchable) product, the open demands of its category that fit it
    well (`is_good`), as (product, demand id, score, reasons). Deadlines are the caller's to check."""
    if not products:
        return
    store = index_store.index_for(session, data_dir)
    categories = repository.open_demand_categories(session)
    rates = repository.usd_rates(session)
    items = [(product, repository.catalog_item(product, today, rates)) for product in products]
    found = []
    with store.lock:  # another thread of this process may be syncing the indexes (they change in place)
        index = store.demand_index(session)
        # The product index holds each indexed product's vector: the search reuses it instead of embedding the
        # product's text again (a product the index does not hold yet, e.g. created in this transaction, is
        # embedded).
        vectors = store.match_index(session) if index.corpus.dense is not None else None
        for product, item in items:
            indexed_as_is = vectors is not None and vectors.holds(item)  # not changed since
            vector = vectors.vector_of(item.product_id) if indexed_as_is else None
            found += [(product, fit) for fit in index.demands_for(item, top=top, vector=vector)]
    for product, fit in found:
        demand_id, reasons = int(fit.demand_id), [r.as_dict() for r in fit.reasons]
        if same_category(categories.get(demand_id), product.category) and is_good(fit.score, reasons):
            yield product, demand_id, fit.score, reasons


# ----- the operator's unmet demand ----------------------------------------------------------------

@dataclass
class UnmatchedGroup:
    category: str | None
    destination_country: str | None
    demands: list[tuple[Demand, float | None]]


class Scored(NamedTuple):
    score: float
    reasons: list[dict]


def unmatched(session: Session, actor: Principal, threshold: float = GOOD_SCORE,
              data_dir: Path | None = None) -> list[UnmatchedGroup]:
    """Open demands whose best match scores below `threshold` (or that have none after the hard
    constraints), grouped by category and destination: the unmet-demand signal."""
    actor.require(RoleCode.OPERATOR)
    open_demands = repository.open_demands(session)
    stored: dict[int, list[Scored]] = {}
    # Every stored match of every open demand is read (tens of thousands at full scale): as columns, not records,
    # and with the reasons only where the score could make the match good (below the cutoff it cannot be).
    cutoff = min(threshold, GOOD_SCORE)
    reasons_if_high = type_coerce(case((DemandMatch.score >= cutoff, DemandMatch.reasons), else_=None),
                                  DemandMatch.reasons.type)
    for demand_id, score, reasons in session.execute(
            select(DemandMatch.demand_id, DemandMatch.score, reasons_if_high)
            .join(Demand, Demand.id == DemandMatch.demand_id).where(Demand.status == DemandStatus.OPEN)):
        stored.setdefault(demand_id, []).append(Scored(score, reasons or []))
    never = [d for d in open_demands if d.id not in stored]  # e.g. imported: scored here, stored on first view
    for demand, short_list in _short_lists(session, never, TOP, data_dir).items():  # a read: nothing stored
        stored[demand.id] = [Scored(match.score, [reason.as_dict() for reason in match.reasons])
                             for _product, match in short_list]
    # The best score with text evidence; None when no product passed the hard constraints.
    scored = {demand_id: max((r.score for r in rows if is_good(r.score, r.reasons)),
                             default=max((r.score for r in rows), default=None))
              for demand_id, rows in stored.items()}
    weak = [d for d in open_demands if not any(is_good(r.score, r.reasons, threshold) for r in stored.get(d.id, []))]
    weak.sort(key=lambda d: (d.category or "", d.destination_country or "", -d.id))
    with_buyers = repository.demands_by_id(session, [d.id for d in weak])
    return [UnmatchedGroup(category, country, [(with_buyers[d.id], scored.get(d.id)) for d in group])
            for (category, country), group in groupby(weak, key=lambda d: (d.category, d.destination_country))]


# ----- notifications ------------------------------------------------------------------------------

def notifications(session: Session, actor: Principal, page: int = 1, size: int = 25) -> Page[Notification]:
    query = (select(Notification).where(Notification.user_id == actor.user_id)
             .order_by(Notification.created_at.desc(), Notification.id.desc()))
    return paginate(session, query, page, size)


def unread_count(session: Session, actor: Principal) -> int:
    return session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == actor.user_id, Notification.read_at.is_(None))) or 0


def mark_read(session: Session, actor: Principal, notification_id: int | None = None) -> int:
    """Mark one notification (or all of the actor's) read; returns how many changed."""
    query = update(Notification).where(Notification.user_id == actor.user_id, Notification.read_at.is_(None))
    if notification_id is not None:
        if session.scalar(select(Notification.id).where(Notification.id == notification_id,
                                                       Notification.user_id == actor.user_id)) is None:
            raise NotFound("No such notification.")
        query = query.where(Notification.id == notification_id)
    changed = session.execute(query.values(read_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    return changed or 0


def pair_scores(session: Session, buyer_ids: list[int], enterprise_ids: list[int]) -> dict[tuple[int, int], float]:
    """(buyer id, enterprise id) → the best stored match score between the buyer's demands and the
    enterprise's products; pairs never matched are absent (callers fall back to their own rule)."""
    if not buyer_ids or not enterprise_ids:
        return {}
    rows = session.execute(
        select(Demand.buyer_id, DemandMatch.enterprise_id, func.max(DemandMatch.score))
        .join(Demand, Demand.id == DemandMatch.demand_id)
        .where(Demand.buyer_id.in_(buyer_ids), DemandMatch.enterprise_id.in_(enterprise_ids),
               DemandMatch.status != MatchStatus.DECLINED)
        .group_by(Demand.buyer_id, DemandMatch.enterprise_id))
    return {(buyer, enterprise): float(score) for buyer, enterprise, score in rows}


def enterprise_names(session: Session, ids: set[int]) -> dict[int, Enterprise]:
    if not ids:
        return {}
    return {e.id: e for e in session.scalars(select(Enterprise).where(Enterprise.id.in_(list(ids))))}
