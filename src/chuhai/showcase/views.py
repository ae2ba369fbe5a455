"""The public showcase's pages (no sign-in): browse by belt and category, search, product and enterprise
pages; sitemap.xml and robots.txt; the operator's hiding. Every page is also served under a language
prefix (`/es/showcase/…`, chuhai.web.middleware), which its canonical URL and hreflang alternates name."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from chuhai import i18n
from chuhai.catalog.categories import CATEGORIES, category_name
from chuhai.errors import NotFound
from chuhai.i18n import gettext as _
from chuhai.i18n import pick
from chuhai.pagination import PageNumber
from chuhai.showcase import service
from chuhai.showcase.engine.sitemap import Entry, sitemap_xml
from chuhai.showcase.engine.slugs import parse_ref, ref
from chuhai.types import RoleCode
from chuhai.web.deps import DbSession, MaybeUser, Operator, csrf_token, verify_csrf
from chuhai.web.middleware import URL_LOCALE_KEY
from chuhai.web.redirects import safe_next
from chuhai.web.templating import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])
PAGE_SIZE = 24
Query200 = Annotated[str, Query(max_length=200)]
Code = Annotated[str, Query(max_length=64)]
PUBLIC_MAX_AGE_S = 300
OG_LOCALES = {"zh_CN": "zh_CN", "en": "en_US", "es": "es_ES", "ru": "ru_RU"}


@dataclass(frozen=True)
class Links:
    """URLs of the page being answered: in-site links keep its language prefix; canonical and alternates
    are absolute (the prefixed URL of each language; x-default without a prefix)."""

    origin: str  # scheme://host plus the deployment's root path
    prefix: str  # "/es" where the page was opened under a prefix, else ""

    @classmethod
    def of(cls, request: Request) -> Links:
        """The origin is the setting `public_base_url` where the deployment sets it (a request's Host header
        never decides the canonical URL then); unset (the embedded default), the request's own base."""
        root = request.scope.get("root_path", "")
        url_locale = request.scope.get(URL_LOCALE_KEY)
        prefix = "/" + i18n.URL_PREFIXES[url_locale] if url_locale else ""
        if prefix and root.endswith(prefix):
            root = root[: -len(prefix)]
        settings = request.app.state.settings
        if "public_base_url" in settings.model_fields_set:  # set in the environment, .env or by the caller
            return cls(origin=settings.public_base_url.rstrip("/"), prefix=prefix)
        return cls(origin=f"{request.url.scheme}://{request.url.netloc}{root}", prefix=prefix)

    def href(self, path: str, **params) -> str:
        query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
        return self.prefix + path + ("?" + query if query else "")

    def canonical(self, path: str) -> str:
        return f"{self.origin}/{i18n.URL_PREFIXES[i18n.get_locale()]}{path}"

    def alternates(self, path: str) -> list[tuple[str, str]]:
        return [*((i18n.HTML_LANGS[locale], f"{self.origin}/{prefix}{path}")
                  for locale, prefix in i18n.URL_PREFIXES.items()), ("x-default", self.origin + path)]


def product_path(product) -> str:
    return f"/showcase/products/{ref(product.id, product.slug)}"


def enterprise_path(enterprise) -> str:
    return f"/showcase/enterprises/{ref(enterprise.id, enterprise.slug)}"


def _page(request: Request, template: str, path: str, *, title: str, description: str = "",
          og_type: str = "website", image: str | None = None, json_ld: dict | None = None, **context):
    links = Links.of(request)
    signed_in = getattr(request.state, "principal", None) is not None
    if signed_in:
        csrf_token(request)  # the operator's hide buttons; a visitor's page starts no session (nor a cookie)
    response = render(request, template, links=links, u=links.href, canonical=links.canonical(path),
                      alternates=links.alternates(path), page_title=title, meta_description=description[:300],
                      og_type=og_type, og_image=image, og_locale=OG_LOCALES[i18n.get_locale()],
                      og_alternate_locales=[og for lc, og in OG_LOCALES.items() if lc != i18n.get_locale()],
                      json_ld=json_ld, product_path=product_path, enterprise_path=enterprise_path,
                      category_names=CATEGORIES, **context)
    if not signed_in and "chuhai_session" not in request.cookies:
        # the same page for every visitor in this language: shared caches may keep it a few minutes
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE_S}"
        response.headers["Vary"] = "Cookie, Accept-Language"
    else:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _belt_id(db, code: str) -> int | None:
    return service.get_belt(db, code).id if code else None


@router.get("/showcase")
def home(request: Request, db: DbSession, principal: MaybeUser):
    latest = service.featured_products(db)
    return _page(request, "showcase/home.html", "/showcase", title=_("Made in the industrial belts"),
                 description=_("Verified manufacturers of Shandong's industrial belts and their products: wigs, "
                               "false eyelashes, furniture, playground equipment, auto parts and more."),
                 belts=service.belts(db), categories=service.categories(db), products=latest,
                 covers=service.cover_photos(db, [p.id for p in latest]))


@router.get("/showcase/search")
def search(request: Request, db: DbSession, principal: MaybeUser, q: Query200 = "", belt: Code = "",
           category: Code = "", page: PageNumber = 1):
    belt_id = _belt_id(db, belt)
    if category:
        service.check_category(category)
    if q.strip():
        result = service.search_products(db, q.strip(), belt_id=belt_id, category=category or None, page=page,
                                         size=PAGE_SIZE, cache_dir=request.app.state.settings.cache_dir)
    else:
        result = service.list_products(db, belt_id=belt_id, category=category or None, page=page, size=PAGE_SIZE)
    return _page(request, "showcase/search.html", "/showcase/search",
                 title=_("Search products") + (f": {q.strip()}" if q.strip() else ""), result=result,
                 q=q.strip(), belt=belt, category=category, belts=service.belts(db),
                 categories=service.categories(db, belt_id),
                 covers=service.cover_photos(db, [p.id for p in result.items]))


@router.get("/showcase/belts/{code}")
def belt(request: Request, code: str, db: DbSession, principal: MaybeUser, page: PageNumber = 1):
    record = service.get_belt(db, code)
    products = service.list_products(db, belt_id=record.id, page=page, size=PAGE_SIZE)
    enterprises = service.list_enterprises(db, belt_id=record.id, size=60)
    name = pick(record.name_zh, record.name_en)
    return _page(request, "showcase/belt.html", f"/showcase/belts/{record.code}", title=name,
                 description=pick(record.description_zh, record.description_en) or name, belt=record,
                 public_belt=service.public_belt(record), enterprises=enterprises.items, result=products,
                 categories=service.categories(db, record.id),
                 covers=service.cover_photos(db, [p.id for p in products.items]))


@router.get("/showcase/categories/{code}")
def category(request: Request, code: str, db: DbSession, principal: MaybeUser, page: PageNumber = 1):
    service.check_category(code)
    products = service.list_products(db, category=code, page=page, size=PAGE_SIZE)
    return _page(request, "showcase/category.html", f"/showcase/categories/{code}", title=category_name(code),
                 description=category_name(code), code=code, result=products, belts=service.belts(db),
                 covers=service.cover_photos(db, [p.id for p in products.items]))


def _record_id(segment: str) -> tuple[int, str]:
    parsed = parse_ref(segment)
    if parsed is None:
        raise NotFound("Page not found.")
    return parsed


@router.get("/showcase/products/{product_ref}")
def product(request: Request, product_ref: str, db: DbSession, principal: MaybeUser):
    product_id, slug = _record_id(product_ref)
    record = service.get_product(db, product_id)
    path = product_path(record)
    if slug != record.slug:  # an old or missing slug: the canonical URL
        return RedirectResponse(Links.of(request).href(path), status_code=301)
    photos = service.product_photos(db, record.id)
    links = Links.of(request)
    title = pick(record.title_zh, record.title_en) or record.sku
    image = links.origin + photos[0].display_url if photos else None
    more = service.list_products(db, enterprise_id=record.enterprise.id, size=5)
    return _page(request, "showcase/product.html", path, title=title, og_type="product", image=image,
                 description=_product_description(record), json_ld=_product_json_ld(record, links, path, photos),
                 product=record, photos=photos, principal=principal,
                 more=[p for p in more.items if p.id != record.id][:4],
                 covers=service.cover_photos(db, [p.id for p in more.items]))


@router.get("/showcase/enterprises/{enterprise_ref}")
def enterprise(request: Request, enterprise_ref: str, db: DbSession, principal: MaybeUser, page: PageNumber = 1):
    enterprise_id, slug = _record_id(enterprise_ref)
    record, product_count = service.get_enterprise(db, enterprise_id)
    path = enterprise_path(record)
    if slug != record.slug:
        return RedirectResponse(Links.of(request).href(path), status_code=301)
    products = service.list_products(db, enterprise_id=record.id, page=page, size=PAGE_SIZE)
    links = Links.of(request)
    name = pick(record.name_zh, record.name_en)
    photos = service.enterprise_photos(db, record.id)
    return _page(request, "showcase/enterprise.html", path, title=name,
                 description=pick(record.description_zh, record.description_en) or name,
                 image=links.origin + photos[0].display_url if photos else None,
                 json_ld=_organization_json_ld(record, links, path, photos), enterprise=record, result=products,
                 photos=photos,
                 product_count=product_count, covers=service.cover_photos(db, [p.id for p in products.items]),
                 principal=principal)


@router.get("/showcase/inquiry/{product_id}")
def inquiry(request: Request, product_id: int, db: DbSession, principal: MaybeUser):
    """"Send an inquiry": a buyer goes to the demand form started from the product; anyone else signed in
    back to the product; a visitor to sign-up as a buyer, the product kept in the session until sign-in."""
    record = service.get_product(db, product_id)
    links = Links.of(request)
    if principal is not None and principal.role == RoleCode.BUYER:
        return RedirectResponse(f"/demands/new?product={record.id}", status_code=303)
    if principal is not None:
        request.session["flash"] = {"kind": "ok", "message": _("Inquiries are sent by buyers' accounts.")}
        return RedirectResponse(links.href(product_path(record)), status_code=303)
    request.session[service.INQUIRY_KEY] = record.id
    return RedirectResponse(links.href("/signup", role="buyer", inquiry=record.id), status_code=303)


# ----- for search engines -----

@router.get("/sitemap.xml")
def sitemap(request: Request, db: DbSession) -> Response:
    links = Links.of(request)
    body = service.sitemap_document(db, links.origin, lambda: _sitemap(db, links))
    return Response(body, media_type="application/xml",
                    headers={"Cache-Control": f"public, max-age={PUBLIC_MAX_AGE_S}"})


def _sitemap(db, links: Links) -> str:
    products, enterprises = service.sitemap_records(db)

    def entry(path: str, updated=None) -> Entry:
        return Entry(loc=links.origin + path, alternates=tuple(links.alternates(path)),
                     lastmod=updated.date() if updated else None)

    pages = [entry("/showcase")]
    pages += [entry(f"/showcase/belts/{belt.code}") for belt, _c, _e, _p in service.belts(db)]
    pages += [entry(f"/showcase/categories/{code}") for code, _count in service.categories(db)]
    pages += [entry(f"/showcase/enterprises/{ref(eid, slug)}", updated) for eid, slug, updated in enterprises]
    pages += [entry(f"/showcase/products/{ref(pid, slug)}", updated) for pid, slug, updated in products]
    return sitemap_xml(pages)


@router.get("/robots.txt")
def robots(request: Request) -> Response:
    links = Links.of(request)
    # the pages, and the photos and styles they show (a crawler renders them)
    allowed = ["/showcase", *(f"/{prefix}/showcase" for prefix in i18n.URL_PREFIXES.values()), "/media/", "/static/"]
    lines = ["User-agent: *", *(f"Allow: {path}" for path in allowed),
             "Disallow: /showcase/inquiry/", *(f"Disallow: /{p}/showcase/inquiry/" for p in i18n.URL_PREFIXES.values()),
             "Disallow: /", "", f"Sitemap: {links.origin}/sitemap.xml", ""]
    return Response("\n".join(lines), media_type="text/plain")


# ----- the operator -----

def _flag(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "on", "yes")


@router.post("/showcase/visibility/enterprises/{enterprise_id}")
def hide_enterprise(request: Request, enterprise_id: int, db: DbSession, principal: Operator,
                    hidden: str = Form(""), next: str = Form("")):
    record = service.set_enterprise_hidden(db, principal, enterprise_id, _flag(hidden))
    request.session["flash"] = {"kind": "ok", "message": _("Hidden from the public showcase.") if record.showcase_hidden
                                else _("Shown on the public showcase.")}
    return RedirectResponse(safe_next(next, f"/enterprises/{enterprise_id}"), status_code=303)


@router.post("/showcase/visibility/products/{product_id}")
def hide_product(request: Request, product_id: int, db: DbSession, principal: Operator,
                 hidden: str = Form(""), next: str = Form("")):
    record = service.set_product_hidden(db, principal, product_id, _flag(hidden))
    request.session["flash"] = {"kind": "ok", "message": _("Hidden from the public showcase.") if record.showcase_hidden
                                else _("Shown on the public showcase.")}
    return RedirectResponse(safe_next(next, f"/products/{product_id}"), status_code=303)


@router.get("/showcase/hidden")
def hidden(request: Request, db: DbSession, principal: Operator):
    enterprises, products = service.hidden_records(db, principal)
    return render(request, "showcase/hidden.html", enterprises=enterprises, products=products)


# ----- structured data -----

def _product_description(record) -> str:
    parts = [pick(record.title_zh, record.title_en), category_name(record.category),
             _("MOQ %(moq)s", moq=i18n.fmt_number(record.moq))]
    if record.price_min is not None:
        low, high = (i18n.fmt_money(value, record.currency) for value in (record.price_min, record.price_max))
        parts.append(f"{low}–{high}")
    parts.append(pick(record.enterprise.name_zh, record.enterprise.name_en))
    return " · ".join(part for part in parts if part)


def _organization_json_ld(record, links: Links, path: str, photos) -> dict:
    data = {"@context": "https://schema.org", "@type": "Organization", "@id": links.origin + path + "#organization",
            "name": pick(record.name_zh, record.name_en), "url": links.canonical(path)}
    alternate = record.name_en if i18n.is_zh() else record.name_zh
    if alternate and alternate != data["name"]:
        data["alternateName"] = alternate
    description = pick(record.description_zh, record.description_en)
    if description:
        data["description"] = description
    if record.belt:
        data["address"] = {"@type": "PostalAddress", "addressLocality": record.belt.city,
                           "addressRegion": record.belt.province, "addressCountry": "CN"}
    if record.export_markets:
        data["areaServed"] = list(record.export_markets)
    if photos:
        data["image"] = [links.origin + photo.display_url for photo in photos]
    return data


def _amount(value) -> str:
    return str(value.quantize(Decimal("0.01")))


def _product_json_ld(record, links: Links, path: str, photos) -> dict:
    data = {"@context": "https://schema.org", "@type": "Product", "name": pick(record.title_zh, record.title_en),
            "sku": record.sku, "category": category_name(record.category), "url": links.canonical(path),
            "manufacturer": {"@type": "Organization",
                             "name": pick(record.enterprise.name_zh, record.enterprise.name_en),
                             "url": links.canonical(enterprise_path(record.enterprise))}}
    if record.description and (i18n.is_zh() or not record.description_is_chinese):
        data["description"] = record.description
    if photos:
        data["image"] = [links.origin + photo.display_url for photo in photos]
    if record.price_min is not None:
        data["offers"] = {"@type": "AggregateOffer", "priceCurrency": record.currency,
                          "lowPrice": _amount(record.price_min), "highPrice": _amount(record.price_max),
                          "offerCount": len(record.tiers),
                          "eligibleQuantity": {"@type": "QuantitativeValue", "minValue": record.moq}}
    properties = [{"@type": "PropertyValue", "name": key, "value": value} for key, value in record.attributes]
    if properties:
        data["additionalProperty"] = properties
    return data
