"""The deterministic demo-data generator: belts, enterprises, products, buyers, demands, providers.

`generate(scale, seed)` builds plain records (dicts) from the facts in PRODUCT.md; the same
(scale, seed) gives the same data on every machine. Order lines are too many to hold as records:
`iter_order_chunks(data)` (in `chuhai.demo.orders`) streams them as DataFrames. What the generator
plants for the analytics to find is in PLANTED.md and `planted_facts(data)`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

import numpy as np

from chuhai.catalog.categories import category_names
from chuhai.catalog.credit_code import CHARSET, check_character
from chuhai.demo import names, rfq
from chuhai.demo.affinity import (
    CAPABILITIES,
    CHANNEL_AFFINITY,
    DEFAULT_MARKET_WEIGHT,
    ENTERPRISE_CERTS,
    MARKET_AFFINITY,
    REQUIRED_CERTS,
)
from chuhai.demo.belts import BELTS, CATEGORIES, DISTRICTS
from chuhai.demo.facts import planted_facts
from chuhai.demo.markets import CHANNEL_COUNTRIES, CHANNELS, MARKETS, ZERO_DECIMAL_CURRENCIES
from chuhai.demo.orders import iter_order_chunks, order_lines_frame
from chuhai.demo.providers import SERVICE_PROVIDERS
from chuhai.demo.vocabulary import PRODUCT_TYPES, UNMET_TYPES, ProductSpec, make_product, slide_house_900

__all__ = [
    "CATEGORIES", "CHANNELS", "DEMO_BUYER_KEY", "DEMO_ENTERPRISE_CREDIT_CODE", "DEMO_ENTERPRISE_CREDIT_CODES",
    "DemoData", "generate", "iter_order_chunks", "order_lines_frame", "planted_facts",
]

Scale = Literal["small", "full"]

TODAY = date(2026, 11, 1)  # the demo's "now": order lines end on 2026-10-31
FIRST_DAY = date(2024, 11, 1)
MONTHS = 24
CNY_PER_USD = Decimal("7.10")

SIZES = {
    # enterprises are per belt (BELTS[..]["enterprises"] / divisor), the rest are totals.
    "full": {"enterprise_divisor": 1, "products": 5000, "buyers": 1000, "demands": 2000, "order_lines": 1_150_000,
             "slow_movers": 40},
    "small": {"enterprise_divisor": 10, "products": 300, "buyers": 60, "demands": 120, "order_lines": 60_000,
              "slow_movers": 6},
}

SKU_PREFIX = {
    "jiaozhou-wigs": "JZW", "pingdu-eyelashes": "PDE", "pingdu-seasonings": "PDS", "pingdu-smart-home": "PDH",
    "pingdu-food-beverage": "PDF", "qingdao-furniture": "QDF", "qingdao-playground": "QDP",
    "weifang-auto-parts": "WFA", "weifang-textiles": "WFT", "weifang-agri-produce": "WFG",
    "weifang-instruments": "WFI",
}

# The demo logins' records are fixed, whatever the seed, so that the README can name them.
DEMO_BUYER_KEY = "B-00001"

RISING_GROUP = "asean"
UNMET_CLUSTERS: list[tuple[str, tuple[str, ...]]] = [
    ("solar_panels", ("DE", "NL", "AU", "ZA", "NG")),
    ("pet_beds", ("US", "GB", "DE")),
    ("yoga_mats", ("US", "AU", "JP")),
    ("camping_tents", ("DE", "FR", "CA")),
    ("e_bikes", ("NL", "DE")),
    ("phone_cases", ("BR", "MX")),
]
UNMET_SHARE = 0.07
UNMET_PRICE_USD = {"solar_panels": (60, 120), "pet_beds": (15, 60), "yoga_mats": (4, 15), "camping_tents": (30, 90),
                   "e_bikes": (350, 700), "phone_cases": (0.8, 4)}


@dataclass
class SalesPlan:
    """Per-SKU inputs of the order-line simulation (indices follow `DemoData.products`)."""

    retail_usd: np.ndarray  # reference US retail price per SKU
    popularity: np.ndarray
    moq: np.ndarray
    launch_month: np.ndarray  # month index (0 = 2024-11) the SKU starts selling
    markets: list[list[str]]  # where each SKU sells
    channels: list[list[str]]  # through which channels its enterprise sells
    slow_mover: np.ndarray  # bool
    repriced: dict  # the slide-house repricing, see PLANTED.md


@dataclass
class DemoData:
    scale: str
    seed: int
    belts: list[dict]
    enterprises: list[dict]
    products: list[dict]
    buyers: list[dict]
    demands: list[dict]
    service_providers: list[dict]
    # ref → the structured spec an RFQ was written from (relevance labels for the matching team).
    demand_specs: dict[str, dict] = field(default_factory=dict)
    sales: SalesPlan | None = None
    target_order_lines: int = 0


def _money(value: float, places: str = "0.01") -> Decimal:
    return Decimal(repr(round(value, 4))).quantize(Decimal(places))


def _quantity(value: float, places: str = "0.001") -> Decimal:
    return Decimal(repr(round(value, 3))).quantize(Decimal(places))


def _weighted_sample(rng: random.Random, options: list[str], weights: list[float], k: int) -> list[str]:
    """k distinct options drawn with probability proportional to weight, in option order."""
    keys = [(rng.random() ** (1.0 / w), o) for o, w in zip(options, weights, strict=True) if w > 0]
    keys.sort(reverse=True)
    chosen = {o for _, o in keys[:k]}
    return [o for o in options if o in chosen]


# ---------------------------------------------------------------- credit codes
_ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _org_code_check(body8: str) -> str:
    """GB 11714 check character of an organisation code's first 8 characters."""
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in body8]
    total = sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _credit_code(region: str, body8: str) -> str:
    first17 = "91" + region + body8 + _org_code_check(body8)
    assert all(c in CHARSET for c in first17)
    return first17 + check_character(first17)


# A Jiaozhou wig maker whose member account is the enterprise demo login.
DEMO_ENTERPRISE_CREDIT_CODE = _credit_code("370281", "MA3C7KQ2")
DEMO_ENTERPRISE_CREDIT_CODES = (DEMO_ENTERPRISE_CREDIT_CODE,)


def make_credit_code(rng: random.Random, region: str) -> str:
    if rng.random() < 0.6:
        body = "MA" + "".join(rng.choice(_ORG_CHARS) for _ in range(6))
    else:
        body = "".join(rng.choice("0123456789") for _ in range(8))
    return _credit_code(region, body)


# ---------------------------------------------------------------- belts and enterprises
def _belts() -> list[dict]:
    keep = ("code", "name_zh", "name_en", "province", "city", "county", "categories", "description_zh",
            "description_en", "key_facts")
    return [{k: belt[k] for k in keep} for belt in BELTS]


def _certificates(rng: random.Random, category: str) -> list[dict]:
    pool = ENTERPRISE_CERTS[category]
    chosen = rng.sample(pool, k=min(len(pool), rng.randint(2, 5)))
    certs = []
    for name in sorted(chosen, key=pool.index):
        start = date(2021, 1, 1) + timedelta(days=rng.randrange(0, 5 * 365))
        years = rng.choice([1, 2, 3, 3, 5])
        until = start + timedelta(days=365 * years - 1)
        if until < TODAY and rng.random() < 0.8:  # most firms renewed; the rest show an expired certificate
            start = TODAY - timedelta(days=rng.randint(30, 700))
            until = start + timedelta(days=365 * 3 - 1)
        slug = "".join(ch for ch in name.upper() if ch.isalnum())[:10]
        certs.append({"name": name, "number": f"{slug}-{start.year}-{rng.randint(10000, 99999)}",
                      "valid_from": start, "valid_until": until})
    return certs


def _enterprise_markets(rng: random.Random, category: str) -> list[str]:
    countries = list(MARKETS)
    weights = [MARKET_AFFINITY[category].get(c, DEFAULT_MARKET_WEIGHT) * MARKETS[c].size ** 0.5 for c in countries]
    return _weighted_sample(rng, countries, weights, rng.randint(5, 12))


def _enterprise_channels(rng: random.Random, category: str) -> list[str]:
    affinity = CHANNEL_AFFINITY[category]
    options = [c for c in CHANNELS if c in affinity]
    chosen = _weighted_sample(rng, options, [affinity[c] for c in options], rng.randint(2, min(5, len(options))))
    if not any(c not in CHANNEL_COUNTRIES for c in chosen):  # keep one channel that reaches every market
        universal = [c for c in options if c not in CHANNEL_COUNTRIES]
        chosen = [c for c in CHANNELS if c in chosen or c == max(universal, key=affinity.get)]
    return chosen


CAPACITY = {"wigs": (2_000, 30_000), "eyelashes": (50_000, 1_000_000), "furniture": (300, 5_000),
            "playground": (100, 3_000), "auto_parts": (10_000, 300_000), "textiles": (20_000, 500_000),
            "instruments": (500, 20_000), "seasonings": (20_000, 800_000), "agri_produce": (5_000, 200_000),
            "smart_home": (5_000, 200_000), "food_beverage": (10_000, 500_000)}


def _enterprises(rng: random.Random, divisor: int) -> list[dict]:
    # Long: one pass over the seeded random stream; splitting it would reorder the draws and change the demo.
    enterprises: list[dict] = []
    used_names: set[str] = set()
    used_codes: set[str] = {DEMO_ENTERPRISE_CREDIT_CODE}
    for belt in BELTS:
        category = belt["categories"][0]
        count = max(2, round(belt["enterprises"] / divisor))
        city_zh, city_en = names.COUNTY_PREFIX.get(belt["county"]) or names.CITY_PREFIX[belt["city"]]
        for index in range(count):
            demo = belt["code"] == "jiaozhou-wigs" and index == 0
            kind = "manufacturer" if demo else rng.choices(["manufacturer", "trading", "provider"], [85, 12, 3])[0]
            while True:
                trade_zh, trade_en = (("恒发", "Hengfa") if demo else rng.choice(names.TRADE_NAMES))
                word_zh, word_en = rng.choice(names.INDUSTRY_WORDS[category])
                if kind == "trading":
                    word_zh, word_en = word_zh + "进出口", word_en + " Import & Export"
                elif kind == "provider":
                    word_zh, word_en = word_zh + "供应链管理", word_en + " Supply Chain Management"
                name_zh = f"{city_zh}{trade_zh}{word_zh}有限公司"
                if name_zh not in used_names:
                    break
            used_names.add(name_zh)
            name_en = f"{city_en} {trade_en} {word_en} Co., Ltd."
            if demo:
                code = DEMO_ENTERPRISE_CREDIT_CODE
            else:
                region = rng.choice(DISTRICTS.get(belt["region"], (belt["region"],)))
                code = make_credit_code(rng, region)
                while code in used_codes:
                    code = make_credit_code(rng, region)
                used_codes.add(code)
            person_zh, person_en = names.chinese_person(rng)
            domain = f"{trade_en.lower()}{rng.choice(['', 'group', 'intl', 'global', str(rng.randint(1, 99))])}"
            domain += ".com" if rng.random() < 0.7 else ".cn"
            low, high = CAPACITY[category]
            status = "verified" if demo else rng.choices(["verified", "pending", "rejected"], [80, 15, 5])[0]
            markets = _enterprise_markets(rng, category)
            if demo:
                markets = sorted(set(markets) | {"US", "NG", "GB"}, key=list(MARKETS).index)
            channels = _enterprise_channels(rng, category)
            if category == "playground" and index == 0:  # the slide-house maker sells retail in the US and ID
                channels = [c for c in CHANNELS if c in set(channels) | {"amazon", "wayfair", "tiktok_shop",
                                                                            "independent_site"}]
                markets = sorted(set(markets) | {"US", "ID"}, key=list(MARKETS).index)
            if demo:
                channels = [c for c in CHANNELS if c in set(channels) | {"amazon", "independent_site", "tiktok_shop"}]
            caps = rng.sample(CAPABILITIES["_all"], k=rng.randint(2, 4)) + rng.sample(
                CAPABILITIES[category], k=rng.randint(1, 2))
            year = rng.randint(1996, 2021)
            enterprises.append({
                "credit_code": code,
                "belt_code": belt["code"],
                "name_zh": name_zh,
                "name_en": name_en,
                "kind": kind,
                "capabilities": caps,
                "certifications": _certificates(rng, category),
                "monthly_capacity": int(round(np.exp(rng.uniform(np.log(low), np.log(high))), -2)),
                "export_markets": markets,
                "export_channels": channels,
                "verification_status": status,
                "contact_name": person_zh if rng.random() < 0.7 else person_en,
                "contact_phone": f"+86 1{rng.choice('3578')}{rng.randint(0, 9)} {rng.randint(1000, 9999)} "
                                 f"{rng.randint(1000, 9999)}",
                "contact_email": f"{rng.choice(['sales', 'export', 'info', person_en.split()[0].lower()])}@{domain}",
                "website": f"https://www.{domain}",
                "description_zh": f"{name_zh}成立于{year}年，位于{belt['name_zh']}，主营{category_names(category)[0]}，"
                                  f"产品出口{len(markets)}个国家和地区。",
                "description_en": f"Founded in {year} in the {belt['name_en']}, {name_en} makes "
                                  f"{category_names(category)[1].lower()} and exports to {len(markets)} markets.",
                "_category": category,
            })
    return enterprises


# ---------------------------------------------------------------- products
def _price_tiers(rng: random.Random, spec: ProductSpec) -> list[dict]:
    fob = spec.retail_usd * rng.uniform(0.35, 0.5)
    in_cny = rng.random() < 0.25
    tiers = []
    for multiple, discount in ((1, 1.0), (5, 0.93), (20, 0.86)):
        price = _money(fob * discount)
        if in_cny:
            price = (price * CNY_PER_USD).quantize(Decimal("0.01"))
        tiers.append({"min_quantity": spec.moq * multiple, "unit_price": price, "currency": "CNY" if in_cny else "USD"})
    return tiers


def _product_record(rng: random.Random, sku: str, enterprise: dict, spec: ProductSpec) -> dict:
    title_en, title_zh = spec.title_en, spec.title_zh
    roll = rng.random()
    if roll < 0.06:
        title_zh = None
    elif roll < 0.12:
        title_en = None
    if title_en is None:
        description = spec.description_zh
    elif title_zh is None:
        description = spec.description_en
    else:
        description = spec.description_en if rng.random() < 0.6 else spec.description_zh
    held = {c["name"] for c in enterprise["certifications"]}
    length, width, height = spec.dims_cm
    return {
        "sku": sku,
        "enterprise_credit_code": enterprise["credit_code"],
        "title_zh": title_zh,
        "title_en": title_en,
        "description": description,
        "category": enterprise["_category"],
        "hs_code": spec.hs_code,
        "attributes": spec.attributes,
        "moq": spec.moq,
        "price_tiers": _price_tiers(rng, spec),
        "weight_kg": _quantity(spec.weight_kg),
        "length_cm": _quantity(length, "0.1"),
        "width_cm": _quantity(width, "0.1"),
        "height_cm": _quantity(height, "0.1"),
        "lead_time_days": spec.lead_time_days,
        "certifications": [c for c in spec.certifications if c in held],
    }


def _products(rng: random.Random, np_rng: np.random.Generator, enterprises: list[dict], total: int):
    """Products plus the per-SKU sales inputs."""
    weights = np_rng.lognormal(0.0, 0.6, size=len(enterprises))
    weights[[i for i, e in enumerate(enterprises) if e["kind"] == "provider"]] *= 0.3
    counts = np.maximum(3, np.floor(weights / weights.sum() * total)).astype(int)
    order = np.argsort(-weights, kind="stable")
    i = 0
    while counts.sum() < total:  # top up the largest firms so that the total is exact
        counts[order[i % len(order)]] += 1
        i += 1
    products, retail, moq, markets, channels = [], [], [], [], []
    slide_house_index = None
    for e_index, (enterprise, count) in enumerate(zip(enterprises, counts, strict=True)):
        prefix = SKU_PREFIX[enterprise["belt_code"]]
        first_playground = enterprise["_category"] == "playground" and slide_house_index is None
        for p_index in range(int(count)):
            if first_playground and p_index == 0:
                spec = slide_house_900()
                slide_house_index = len(products)
            else:
                spec = make_product(enterprise["_category"], rng)
            sku = f"{prefix}-{e_index + 1:05d}-{p_index + 1:03d}"
            products.append(_product_record(rng, sku, enterprise, spec))
            retail.append(spec.retail_usd)
            moq.append(spec.moq)
            own = enterprise["export_markets"]
            k = min(len(own), rng.randint(2, 5))
            sku_markets = _weighted_sample(rng, own, [MARKETS[c].size ** 0.5 for c in own], k)
            if len(products) - 1 == slide_house_index:
                sku_markets = sorted(set(sku_markets) | {"US", "ID"}, key=list(MARKETS).index)
            markets.append(sku_markets)
            channels.append(enterprise["export_channels"])
    return products, np.array(retail), np.array(moq), markets, channels, slide_house_index


# ---------------------------------------------------------------- buyers
BUYER_KINDS = ["importer", "distributor", "retailer", "salon", "platform_seller"]


def _person_language(country: str, language: str) -> str:
    if language in ("ru", "ja", "ko", "zh", "es", "pt", "de", "fr", "id"):
        return language
    return {"IT": "en", "BR": "pt"}.get(country, "en")


SALON_WORDS = ("hair", "beauty", "beauté", "belleza", "salon", "cantik")


def _company(rng: random.Random, country: str, kind: str, used: set[str]) -> str:
    language = names.COUNTRY_WORDS.get(country, "en")
    words = names.COMPANY_WORDS[language] + [
        w for w in names.PEOPLE.get(language, names.PEOPLE["en"])[1] if language in ("en", "de", "fr", "es", "pt")]
    patterns = names.COMPANY_PATTERNS[country]
    salon_patterns = [p for p in patterns if any(w in p.lower() for w in SALON_WORDS)]
    if kind == "salon":
        patterns = salon_patterns or ["{w} Hair & Beauty Salon"]
    else:
        patterns = [p for p in patterns if p not in salon_patterns] or patterns
    for attempt in range(200):
        word = rng.choice(words) if attempt < 20 else f"{rng.choice(words)} {rng.choice(words)}"
        company = rng.choice(patterns).format(w=word)
        if company not in used:
            return company
    raise RuntimeError("ran out of company names")


def _buyers(rng: random.Random, count: int) -> list[dict]:
    countries = list(MARKETS)
    sizes = [MARKETS[c].size for c in countries]
    chosen = ["US", *countries, *rng.choices(countries, sizes, k=max(0, count - 1 - len(countries)))]
    buyers = [{"key": DEMO_BUYER_KEY, "company": "Crown Beauty Hair Studio", "country": "US", "kind": "salon",
               "contact_name": "Jasmine Walker", "contact_email": "jasmine@crownbeautyhair.com",
               "contact_phone": "+1 404 555 0142", "language": "en"}]
    used = {buyers[0]["company"]}
    for index, country in enumerate(chosen[1:count], start=1):
        market = MARKETS[country]
        if rng.random() < 0.05:
            language = "zh"  # an overseas Chinese trading house
        elif rng.random() < 0.8 or len(market.languages) == 1:
            language = market.languages[0]
        else:
            language = market.languages[1]
        salon_share = 12 if country in ("US", "NG", "ZA", "GB", "BR", "FR") else 3
        kind = rng.choices(BUYER_KINDS, [30, 25, 20, salon_share, 20])[0]
        company = _company(rng, country, kind, used)
        used.add(company)
        given, family = names.PEOPLE[_person_language(country, language)]
        first, last = rng.choice(given), rng.choice(family)
        contact = f"{last}{first}" if language in ("ja", "ko", "zh") else f"{first} {last}"
        slug = names.ascii_slug(company.replace("Co.", "").replace("Ltd", ""))[:18]
        if sum(ch.isalpha() for ch in slug) < 4:
            slug = rng.choice(names.ASCII_DOMAINS) + str(rng.randint(1, 99))
        local = names.ascii_slug(first)
        if not local.isalpha():
            local = rng.choice(["info", "purchase", "import", "sales"])
        buyers.append({
            "key": f"B-{index + 1:05d}",
            "company": company,
            "country": country,
            "kind": kind,
            "contact_name": contact,
            "contact_email": f"{local}@{slug}.{names.TLD[country]}",
            "contact_phone": names.phone(rng, country),
            "language": language,
        })
    return buyers


# ---------------------------------------------------------------- demands
SPEC_UNITS = {
    "length_in": " inch", "length_mm": " mm", "size_in": " inch", "diameter_ft": " ft", "width_cm": " cm",
    "height_cm": " cm tall", "weight_g": " g", "net_weight_g": " g", "net_weight_kg": " kg", "volume_ml": " ml",
    "gsm": " gsm", "suction_pa": " Pa", "power_w": " W", "thread_count": " TC", "keys": " keys", "seats": " seats",
    "pieces": " pcs", "pairs": " pairs", "carton_kg": " kg/carton", "bag_kg": " kg/bag", "slide_length_cm": " cm slide",
    "cadr_m3h": " m3/h CADR", "lumens": " lm", "diameter_mm": " mm", "max_load_kg": " kg max", "doors": " doors",
    "max_users": " users", "rows": " rows", "clusters": " clusters", "magnets": " magnets", "mesh": " mesh",
    "scoville": " SHU", "abv": "% ABV", "max_current_a": " A", "bundles": " bundles", "count_per_carton": " count",
    "packs_per_carton": " packs/carton", "pack_g": " g", "thickness_mm": " mm", "age_range": " years",
    "polyphony": "-note polyphony", "frets": " frets", "area_m": " m", "weight_g_total": " g",
}
SPEC_WORDS = {"texture", "color", "material", "lace", "density", "fitment", "oe_number", "position", "socket",
              "size", "season", "style", "curl", "variety", "grade", "flavor", "resolution", "unlock", "upholstery",
              "bed_size", "weave", "gauge", "pickups", "body_style", "connectivity", "base", "garment", "form",
              "heat", "technology", "pack", "top", "fit", "base_size_in", "length_mm", "count_per_oz", "origin"}


def _spec_text(attributes: dict) -> str:
    """The specs a buyer would write, from a product's attributes (numbers with their units)."""
    parts = []
    for key, value in attributes.items():
        if isinstance(value, bool) or value is None:
            continue
        if key in SPEC_UNITS:
            unit = SPEC_UNITS[key]
            parts.append(str(value) if unit.strip() in str(value) else f"{value}{unit}")
        elif key in SPEC_WORDS:
            parts.append("OE " + str(value) if key == "oe_number" else str(value))
    return ", ".join(parts[:5])


def _demand_category(rng: random.Random, buyer: dict) -> str:
    cats = list(CATEGORIES)
    weights = [MARKET_AFFINITY[c].get(buyer["country"], DEFAULT_MARKET_WEIGHT) for c in cats]
    if buyer["kind"] == "salon":
        weights = [8 if c in ("wigs", "eyelashes") else 0.1 for c in cats]
    return rng.choices(cats, weights)[0]


def _demands(rng: random.Random, buyers: list[dict], count: int) -> tuple[list[dict], dict[str, dict]]:
    # Long: one pass over the seeded random stream; splitting it would reorder the draws and change the demo.
    by_country: dict[str, list[dict]] = {}
    for buyer in buyers:
        by_country.setdefault(buyer["country"], []).append(buyer)
    unmet_plan: list[tuple[str, str]] = []
    n_unmet = max(len(UNMET_CLUSTERS) * 2, round(count * UNMET_SHARE))
    cluster_slots = [(hint, country) for hint, countries in UNMET_CLUSTERS for country in countries]
    for i in range(n_unmet):
        unmet_plan.append(cluster_slots[i % len(cluster_slots)])
    demo_buyer = buyers[0]
    plan: list[tuple[dict, str | None]] = [(demo_buyer, "wigs")] * 3
    plan += [(rng.choice(by_country[country]), f"unmet:{hint}") for hint, country in unmet_plan]
    while len(plan) < count:
        buyer = rng.choice(buyers)
        plan.append((buyer, None))
    rng.shuffle(plan)
    demands, specs = [], {}
    window = (TODAY - date(2025, 5, 1)).days
    for index, (buyer, forced) in enumerate(plan[:count]):
        ref = f"RFQ-{index + 1:05d}"
        language = buyer["language"]
        if language not in rfq.LANGUAGES or (language != "en" and rng.random() < 0.15):
            language = "en"
        country = buyer["country"]
        created = datetime.combine(date(2025, 5, 1) + timedelta(days=rng.randrange(window)), datetime.min.time())
        created += timedelta(minutes=rng.randrange(8 * 60, 20 * 60))
        deadline = created.date() + timedelta(days=rng.randint(21, 120))
        verified_only = rng.random() < 0.3
        if forced and forced.startswith("unmet:"):
            hint = forced.split(":", 1)[1]
            category, product, specs_text = None, UNMET_TYPES[hint][language], ""
            qty = rng.choice([200, 500, 1000, 2000, 5000])
            price_usd = rng.uniform(*UNMET_PRICE_USD[hint])
            certs = ["CE"] if country in ("DE", "NL", "FR") and rng.random() < 0.5 else []
            spec_attrs = {"type": hint, "unmet": True}
            specs_text = {"solar_panels": "450W, mono PERC", "pet_beds": "memory foam, L/XL",
                          "yoga_mats": "183x61 cm", "camping_tents": "waterproof 3000 mm",
                          "e_bikes": "36V 10Ah", "phone_cases": "iPhone 15/16"}[hint]
        else:
            category = forced or _demand_category(rng, buyer)
            spec = make_product(category, rng)
            product = PRODUCT_TYPES[spec.type][language]
            specs_text = spec.title_zh if language == "zh" else _spec_text(spec.attributes)
            qty = int(spec.moq * rng.choice([1, 2, 3, 5, 10, 20]))
            price_usd = spec.retail_usd * rng.uniform(0.3, 0.5)
            required = REQUIRED_CERTS.get((country, category), [])
            certs = [rng.choice(required)] if required and rng.random() < 0.6 else []
            spec_attrs = dict(spec.attributes)
        currency = "USD"
        if rng.random() < 0.2 and MARKETS[country].currency != "USD":
            currency = MARKETS[country].currency
        price = price_usd * (MARKETS[country].per_usd if currency != "USD" else 1.0)
        price_dec = _money(price, "1" if currency in ZERO_DECIMAL_CURRENCIES else "0.01")
        text = rfq.render(language, product, specs_text, qty, str(price_dec), currency, country, buyer["kind"],
                          certs, verified_only, rng)
        if deadline < TODAY:
            status = "closed" if category is None or rng.random() < 0.55 else "matched"
        else:
            status = "open" if category is None or rng.random() < 0.75 else "matched"
        demands.append({
            "ref": ref,
            "buyer_key": buyer["key"],
            "text": text,
            "language": language,
            "quantity": qty,
            "target_price": price_dec,
            "currency": currency,
            "destination_country": country,
            "required_certifications": certs,
            "verified_only": verified_only,
            "category": category,
            "deadline": deadline,
            "status": status,
            "created_at": created,
        })
        specs[ref] = spec_attrs
    return demands, specs


# ---------------------------------------------------------------- service providers
def _service_providers() -> list[dict]:
    return [dict(provider) for provider in SERVICE_PROVIDERS]


# ---------------------------------------------------------------- assembly
def generate(scale: Scale = "small", seed: int = 7) -> DemoData:
    if scale not in SIZES:
        raise ValueError(f"scale must be 'small' or 'full', not {scale!r}")
    size = SIZES[scale]
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    enterprises = _enterprises(rng, size["enterprise_divisor"])
    products, retail, moq, markets, channels, slide_index = _products(rng, np_rng, enterprises, size["products"])
    buyers = _buyers(rng, size["buyers"])
    demands, demand_specs = _demands(rng, buyers, size["demands"])

    n = len(products)
    popularity = np_rng.lognormal(0.0, 1.2, size=n)
    launch = np.where(np_rng.random(n) < 0.15, np_rng.integers(1, 19, size=n), 0)
    slow = np.zeros(n, dtype=bool)
    categories = np.array([p["category"] for p in products])
    eligible = np.flatnonzero((launch == 0) & (np.arange(n) != slide_index))
    furniture = eligible[categories[eligible] == "furniture"]
    heavy = furniture[np.argsort(-retail[furniture], kind="stable")][: max(1, size["slow_movers"] // 2)]
    slow[heavy] = True
    rest = np.setdiff1d(eligible, heavy)
    slow[np_rng.choice(rest, size=size["slow_movers"] - len(heavy), replace=False)] = True
    popularity[slow] = np.maximum(popularity[slow], 1.5)  # they sold well before they stalled
    popularity[slide_index] = 6.0
    launch[slide_index] = 0
    sales = SalesPlan(
        retail_usd=retail, popularity=popularity, moq=moq, launch_month=launch, markets=markets,
        channels=channels, slow_mover=slow,
        repriced={"index": slide_index, "country": "ID", "month": 10, "price_before_usd": 900.0,
                  "price_after_usd": 520.0},
    )
    for enterprise in enterprises:
        enterprise.pop("_category")
    return DemoData(scale, seed, _belts(), enterprises, products, buyers, demands, _service_providers(),
                    demand_specs, sales, size["order_lines"])
