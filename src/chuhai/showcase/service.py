"""The public showcase: listed enterprises and products as public records (only the fields anyone may
see: never a contact, credit code, certificate number or website), product search, the sitemap's
entries, and the operator's hiding of an enterprise or a product.

What is listed is decided by `repository.listed_enterprise` / `listed_product`. The records handed to the
pages are the dataclasses below, built field by field, so a template cannot reach a private column.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from chuhai.accounts.principal import Principal
from chuhai.catalog.categories import CATEGORIES
from chuhai.catalog.models import Enterprise, IndustrialBelt, Product
from chuhai.database import session_scope
from chuhai.errors import NotFound
from chuhai.matching.engine.fingerprints import Fingerprints, changed_ids
from chuhai.matching.engine.tokenizer import Tokenizer
from chuhai.media import service as media
from chuhai.media.models import MediaKind
from chuhai.media.service import ImageRef
from chuhai.pagination import Page, paginate
from chuhai.showcase import repository
from chuhai.showcase.engine.search import ProductSearch
from chuhai.showcase.engine.slugs import slugify
from chuhai.trade.engine.contacts import mask_contacts
from chuhai.types import RoleCode

PUBLIC_ENTERPRISE_KINDS = (MediaKind.FACTORY, MediaKind.SHOWROOM)
SEARCH_CANDIDATES = 1000  # ranked ids a search considers before the listing filter and the page
# The session key of the product an anonymous visitor asked about ("Send an inquiry"): kept through sign-up,
# read at sign-in (chuhai.accounts.views), where a buyer lands on the demand form started from it.
INQUIRY_KEY = "inquiry_product"


@dataclass(frozen=True, slots=True)
class PublicBelt:
    code: str
    name_zh: str
    name_en: str
    province: str
    city: str


@dataclass(frozen=True, slots=True)
class PublicCertification:
    name: str
    valid_from: date | None
    valid_until: date | None

    def is_valid_on(self, day: date) -> bool:
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_until is None or day <= self.valid_until))


@dataclass(frozen=True, slots=True)
class PublicEnterprise:
    id: int
    slug: str
    name_zh: str
    name_en: str | None
    kind: str
    belt: PublicBelt | None
    capabilities: tuple[str, ...] = ()
    monthly_capacity: int | None = None
    export_markets: tuple[str, ...] = ()
    export_channels: tuple[str, ...] = ()
    description_zh: str | None = None
    description_en: str | None = None
    certifications: tuple[PublicCertification, ...] = ()
    verified_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class PublicProduct:
    id: int
    slug: str
    sku: str
    title_zh: str | None
    title_en: str | None
    category: str
    hs_code: str
    moq: int
    enterprise: PublicEnterprise
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    currency: str | None = None
    tiers: tuple[tuple[int, Decimal, str], ...] = ()
    description: str | None = None
    attributes: tuple[tuple[str, str], ...] = ()
    certifications: tuple[str, ...] = ()
    weight_kg: Decimal | None = None
    dimensions_cm: tuple[Decimal, Decimal, Decimal] | None = None
    lead_time_days: int | None = None
    updated_at: datetime | None = None
    photos: tuple[Any, ...] = field(default=())

    @property
    def description_is_chinese(self) -> bool:
        """Most of the description is Han characters (shown to Chinese readers only; the others read the key
        points)."""
        text = self.description or ""
        han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        return han * 2 > len(text.strip())

    @property
    def gist_text(self) -> str:
        """What the key points are read from (the glossary's concepts, in any language of the data)."""
        values = " ".join(str(value) for _key, value in self.attributes)
        return " ".join(part for part in (self.title_en, self.title_zh, values) if part)


def _masked(text: str | None) -> str | None:
    """Free text written by an enterprise, with any contact detail in it masked (as in trade messages)."""
    return mask_contacts(text)[0] if text else text


def public_belt(belt: IndustrialBelt | None) -> PublicBelt | None:
    if belt is None:
        return None
    return PublicBelt(code=belt.code, name_zh=belt.name_zh, name_en=belt.name_en, province=belt.province,
                      city=belt.city)


def enterprise_slug(enterprise_id: int, name_en: str | None, name_zh: str | None) -> str:
    return slugify(name_en, name_zh) or f"enterprise-{enterprise_id}"


def product_slug(product_id: int, title_en: str | None, title_zh: str | None) -> str:
    return slugify(title_en, title_zh) or f"product-{product_id}"


def public_enterprise(enterprise: Enterprise, with_details: bool = False) -> PublicEnterprise:
    """The public record of an enterprise (`with_details`: certifications, loaded by the query)."""
    certifications = ()
    if with_details:
        certifications = tuple(PublicCertification(c.name, c.valid_from, c.valid_until)
                               for c in sorted(enterprise.certifications, key=lambda c: c.name))
    return PublicEnterprise(
        id=enterprise.id, slug=enterprise_slug(enterprise.id, enterprise.name_en, enterprise.name_zh),
        name_zh=enterprise.name_zh, name_en=enterprise.name_en, kind=enterprise.kind,
        belt=public_belt(enterprise.belt), capabilities=tuple(enterprise.capabilities or ()),
        monthly_capacity=enterprise.monthly_capacity, export_markets=tuple(enterprise.export_markets or ()),
        export_channels=tuple(enterprise.export_channels or ()),
        description_zh=_masked(enterprise.description_zh), description_en=_masked(enterprise.description_en),
        certifications=certifications, verified_at=enterprise.verified_at, updated_at=enterprise.updated_at)


def public_product(product: Product, with_details: bool = False, photos: tuple = ()) -> PublicProduct:
    tiers = tuple((t.min_quantity, t.unit_price, t.currency) for t in product.price_tiers)
    currency = tiers[0][2] if tiers else None
    prices = [price for _quantity, price, tier_currency in tiers if tier_currency == currency]
    dimensions = None
    if product.length_cm is not None and product.width_cm is not None and product.height_cm is not None:
        dimensions = (product.length_cm, product.width_cm, product.height_cm)
    attributes = tuple((str(key), str(value)) for key, value in (product.attributes or {}).items()
                       if value not in (None, "", [], {}))
    return PublicProduct(
        id=product.id, slug=product_slug(product.id, product.title_en, product.title_zh), sku=product.sku,
        title_zh=product.title_zh, title_en=product.title_en, category=product.category, hs_code=product.hs_code,
        moq=product.moq, enterprise=public_enterprise(product.enterprise, with_details),
        price_min=min(prices) if prices else None, price_max=max(prices) if prices else None, currency=currency,
        tiers=tiers, description=_masked(product.description) if with_details else None,
        attributes=attributes, certifications=tuple(product.certifications or ()), weight_kg=product.weight_kg,
        dimensions_cm=dimensions, lead_time_days=product.lead_time_days, updated_at=product.updated_at,
        photos=photos)


# ----- reading -----

def get_product(session: Session, product_id: int) -> PublicProduct:
    product = repository.product(session, product_id)
    if product is None:
        raise NotFound("No such product.")
    return public_product(product, with_details=True)


def get_enterprise(session: Session, enterprise_id: int) -> tuple[PublicEnterprise, int]:
    """The enterprise's public record and how many products it lists."""
    enterprise = repository.enterprise(session, enterprise_id)
    if enterprise is None:
        raise NotFound("No such enterprise.")
    return public_enterprise(enterprise, with_details=True), repository.product_count(session, enterprise_id)


def get_belt(session: Session, code: str) -> IndustrialBelt:
    belt = repository.belt_by_code(session, code)
    if belt is None:
        raise NotFound("No such industrial belt.")
    return belt


def check_category(code: str) -> str:
    if code not in CATEGORIES:
        raise NotFound("No such category.")
    return code


# ----- what is listed, counted: kept until a product, an enterprise or a belt changes -----

@dataclass
class _Listing:
    """The showcase's counts and newest products for one state of the catalogue (`signature`). Every showcase
    page shows the belts and categories with their counts; counting them is a join and aggregate over every
    listed product, the same for every visitor until something changes."""
    signature: tuple
    made_at: float = field(default_factory=time.monotonic)
    belts: list | None = None
    categories: dict[int | None, list[tuple[str, int]]] = field(default_factory=dict)
    featured: dict[int, list] = field(default_factory=dict)


LISTING_TTL_S = 600  # also picks up a belt renamed (the signature sees belts added, removed or recoded)
LISTINGS_KEPT = 4  # one per database a process serves (tests open many)
_listings: OrderedDict[str, _Listing] = OrderedDict()
_listings_lock = threading.Lock()


def catalogue_signature(session: Session) -> tuple:
    """What the showcase's kept figures depend on (`repository.search_signature`, `repository.belts_signature`),
    read once per transaction: a search page asks for it three times (the search, the belts, the categories)."""
    memo = session.info.get("showcase_signature")
    if memo is not None and memo[0] is session.get_transaction():
        return memo[1]
    signature = (*repository.search_signature(session), *repository.belts_signature(session))
    session.info["showcase_signature"] = (session.get_transaction(), signature)
    return signature


def _listing(session: Session) -> _Listing:
    signature = catalogue_signature(session)
    key = str(session.get_bind().url)
    with _listings_lock:
        entry = _listings.get(key)
        if entry is None or entry.signature != signature or time.monotonic() - entry.made_at > LISTING_TTL_S:
            entry = _listings[key] = _Listing(signature)
        _listings.move_to_end(key)
        while len(_listings) > LISTINGS_KEPT:
            _listings.popitem(last=False)
        return entry


def belts(session: Session) -> list[tuple[PublicBelt, tuple[str, ...], int, int]]:
    """(belt, its categories, listed enterprises, listed products) of every belt with something listed."""
    entry = _listing(session)
    if entry.belts is None:
        entry.belts = [(public_belt(belt), tuple(belt.categories or ()), enterprises, products)
                       for belt, enterprises, products in repository.belts_with_counts(session)
                       if products or enterprises]
    return list(entry.belts)


def categories(session: Session, belt_id: int | None = None) -> list[tuple[str, int]]:
    """(category, listed products) of the whole showcase or of one belt, most products first."""
    entry = _listing(session)
    counts = entry.categories.get(belt_id or None)
    if counts is None:
        counts = entry.categories[belt_id or None] = repository.category_counts(session, belt_id)
    return list(counts)


def list_products(session: Session, *, belt_id: int | None = None, category: str | None = None,
                  enterprise_id: int | None = None, page: int = 1, size: int = 24) -> Page[PublicProduct]:
    result = paginate(session, repository.products_query(belt_id=belt_id, category=category,
                                                         enterprise_id=enterprise_id), page, size)
    return Page(items=[public_product(p) for p in result.items], total=result.total, page=result.page,
                size=result.size)


def list_enterprises(session: Session, *, belt_id: int | None = None, page: int = 1,
                     size: int = 24) -> Page[PublicEnterprise]:
    result = paginate(session, repository.enterprises_query(belt_id=belt_id), page, size)
    return Page(items=[public_enterprise(e) for e in result.items], total=result.total, page=result.page,
                size=result.size)


def featured_products(session: Session, size: int = 12) -> list[PublicProduct]:
    """The newest listed products, one category after another (the belts' range at a glance, not the last
    enterprise's catalogue)."""
    entry = _listing(session)
    featured = entry.featured.get(size)
    if featured is None:
        ids = [product_id for _category, _rank, product_id in repository.newest_per_category(session, 2)][:size]
        products = repository.products_by_id(session, ids)
        featured = entry.featured[size] = [public_product(products[product_id]) for product_id in ids
                                           if product_id in products]
    return list(featured)


# ----- search -----

@dataclass
class _SearchEntry:
    signature: tuple
    search: ProductSearch
    listed: dict[int, tuple[int | None, str]]  # product id → (belt id, category) of the listed products
    fingerprints: Fingerprints  # of every product when last brought up to date (`repository.search_fingerprints`)


# Past this share of the catalogue changed at once (a large import), or of slots added since the build, the search
# is rebuilt rather than brought up to date: cheaper than reading so many products one by one, and searched faster.
REBUILD_SHARE = 0.2
SEARCH_TOKENS_KEPT = 50_000  # texts whose tokens the tokenizer may keep after a build (queries, changed products)


class _SearchCache:
    """One ProductSearch per database over its active products, with what is listed. When a product or an
    enterprise changes (`catalogue_signature`), the products' fingerprints say which ones: only those are read
    and re-indexed (a rebuild reads and tokenises every product: 155 s at a million products). An update copies
    the id map and the listing (~0.1 s at a million), so searches on the old entry in other threads are undisturbed."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: dict[str, _SearchEntry] = {}

    def get(self, session: Session, cache_dir: Path | None) -> _SearchEntry:
        key = str(session.get_bind().url)
        signature = catalogue_signature(session)
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                entry = self.entries[key] = self._build(session, signature, cache_dir)
            elif entry.signature != signature:
                current = repository.search_fingerprints(session)
                changed = changed_ids(entry.fingerprints, current)
                if (len(changed) > REBUILD_SHARE * max(len(entry.search), 1)
                        or entry.search.changed_share > REBUILD_SHARE):
                    entry = self.entries[key] = self._build(session, signature, cache_dir, current)
                else:  # a new entry: a search running on the old one in another thread finishes on it
                    entry = self.entries[key] = self._brought_up_to_date(session, entry, changed, signature,
                                                                          current)
            return entry

    @staticmethod
    def _build(session: Session, signature: tuple, cache_dir: Path | None,
               fingerprints: Fingerprints | None = None) -> _SearchEntry:
        fingerprints = fingerprints if fingerprints is not None else repository.search_fingerprints(session)
        documents = [(row[0], _search_text(*row[1:])) for row in repository.search_documents(session)]
        tokenizer = _tokenizer(cache_dir)
        search = ProductSearch(documents, tokenizer)
        # The tokenizer kept every document's tokens (up to a million texts) for texts seen again, held for nothing
        # once the index is built: 200,000 products' search took 281 MB with them, 65 MB without.
        tokenizer.trim_cache(keep=SEARCH_TOKENS_KEPT)
        return _SearchEntry(signature, search, repository.listed_facets(session), fingerprints)

    @staticmethod
    def _brought_up_to_date(session: Session, entry: _SearchEntry, changed: set[int], signature: tuple,
                            fingerprints: Fingerprints) -> _SearchEntry:
        documents = [(row[0], _search_text(*row[1:])) for row in repository.search_documents(session, changed)]
        active = {doc_id for doc_id, _ in documents}
        search = entry.search.updated(documents, removed=changed - active)  # archived or deleted: out of it
        listed = {product_id: facets for product_id, facets in entry.listed.items() if product_id not in changed}
        listed.update(repository.listed_facets(session, changed))
        return _SearchEntry(signature, search, listed, fingerprints)


_tokenizers: dict[str, Tokenizer] = {}


def _tokenizer(cache_dir: Path | None) -> Tokenizer:
    key = str(cache_dir)
    if key not in _tokenizers:
        _tokenizers[key] = Tokenizer(cache_dir=cache_dir)
    return _tokenizers[key]


def _search_text(title_zh: str | None, title_en: str | None, attributes: dict | None, category: str,
                 enterprise_en: str | None) -> str:
    values = " ".join(str(value) for value in (attributes or {}).values())
    return " ".join(part for part in (title_zh, title_en, values, CATEGORIES.get(category, category), enterprise_en)
                    if part)


_search_cache = _SearchCache()


def search_products(session: Session, query: str, *, belt_id: int | None = None, category: str | None = None,
                    page: int = 1, size: int = 24, cache_dir: Path | None = None) -> Page[PublicProduct]:
    """Listed products matching `query` in any language (best first), filtered by belt and category."""
    entry = _search_cache.get(session, cache_dir)
    ranked = entry.search.search(query, SEARCH_CANDIDATES)
    ordered = [product_id for product_id in ranked if (facets := entry.listed.get(product_id)) is not None
               and (not belt_id or facets[0] == belt_id) and (not category or facets[1] == category)]
    start = (page - 1) * size
    shown = ordered[start:start + size]
    products = repository.products_by_id(session, shown) if shown else {}
    return Page(items=[public_product(products[i]) for i in shown if i in products], total=len(ordered), page=page,
                size=size)


# ----- the sitemap -----

def sitemap_records(session: Session) -> tuple[list[tuple[int, str, datetime | None]],
                                               list[tuple[int, str, datetime | None]]]:
    """(id, slug, last change) of every listed product and every listed enterprise."""
    products = [(pid, product_slug(pid, en, zh), updated)
                for pid, en, zh, updated in repository.sitemap_products(session)]
    enterprises = [(eid, enterprise_slug(eid, en, zh), updated)
                   for eid, en, zh, updated in repository.sitemap_enterprises(session)]
    return products, enterprises


SITEMAP_TTL_S = 600
SITEMAP_ORIGINS = 4  # documents kept: one per database and public origin (a forged Host must not grow the cache)
_sitemaps: OrderedDict[str, tuple[tuple, float, str]] = OrderedDict()
_sitemaps_lock = threading.Lock()


def sitemap_document(session: Session, origin: str, build: Callable[[], str]) -> str:
    """The sitemap for `origin`, built by `build` when no product, enterprise or belt changed since the last one
    (`catalogue_signature`) and it is younger than SITEMAP_TTL_S: it lists every listed product, so
    building it costs a few hundred milliseconds at full demo scale, and crawlers ask often."""
    signature = catalogue_signature(session)
    key = f"{session.get_bind().url}|{origin}"
    with _sitemaps_lock:
        hit = _sitemaps.get(key)
        if hit is not None and hit[0] == signature and time.monotonic() - hit[1] < SITEMAP_TTL_S:
            _sitemaps.move_to_end(key)
            return hit[2]
    body = build()
    with _sitemaps_lock:
        _sitemaps[key] = (signature, time.monotonic(), body)
        _sitemaps.move_to_end(key)
        while len(_sitemaps) > SITEMAP_ORIGINS:
            _sitemaps.popitem(last=False)
    return body


# ----- the operator's hiding -----

def set_enterprise_hidden(session: Session, actor: Principal, enterprise_id: int, hidden: bool) -> Enterprise:
    """Keep an enterprise (and so its products) off the showcase, or list it again. The audit log records
    the change (every ORM write)."""
    actor.require(RoleCode.OPERATOR)
    enterprise = session.get(Enterprise, enterprise_id)
    if enterprise is None:
        raise NotFound("No such enterprise.")
    enterprise.showcase_hidden = hidden
    session.flush()
    return enterprise


def set_product_hidden(session: Session, actor: Principal, product_id: int, hidden: bool) -> Product:
    actor.require(RoleCode.OPERATOR)
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound("No such product.")
    product.showcase_hidden = hidden
    session.flush()
    return product


def hidden_records(session: Session, actor: Principal) -> tuple[list[Enterprise], list[Product]]:
    actor.require(RoleCode.OPERATOR)
    return repository.hidden_enterprises(session), repository.hidden_products(session)


# ----- photos -----
# From chuhai.media (its read API): ImageRef objects with `thumb_url`, `display_url`, `alt`, `width`, `height`.
# Callers pass only listed products and enterprises. Certificates are never shown as files (a scan carries
# the certificate's number, a private field): the showcase lists their names and validity instead.

def cover_photos(session: Session, product_ids: list[int]) -> dict[int, ImageRef]:
    """The cover photo of each product that has one."""
    return media.cover_images(session, product_ids)


def product_photos(session: Session, product_id: int) -> list[ImageRef]:
    """A product's photos, cover first."""
    return media.product_images(session, product_id)


def enterprise_photos(session: Session, enterprise_id: int) -> list[ImageRef]:
    """An enterprise's factory and showroom photos (images only)."""
    return [image for image in media.enterprise_images(session, enterprise_id, PUBLIC_ENTERPRISE_KINDS)
            if not image.is_document]


def warm_search(database_url: str, cache_dir: Path | None = None) -> None:
    """Build the search index ahead of the first search (a server's start: seconds at full scale)."""
    with session_scope(database_url) as session:
        _search_cache.get(session, cache_dir)
