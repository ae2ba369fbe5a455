"""The demo's destination markets and sales channels, with the behaviour planted in their sales.

Each market carries the parameters the order-line simulation uses: its currency and a fixed
exchange rate, its price level relative to the US, its price elasticity, its year-on-year growth,
its size, and its hemisphere (outdoor goods peak in the local spring and summer).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Market:
    country: str
    currency: str
    per_usd: float  # units of currency per USD, fixed for the whole demo period
    price_level: float  # a SKU's price here relative to its US price
    elasticity: float  # d log(units) / d log(price)
    growth: float  # year-on-year growth of demand (0.5 = +50%)
    size: float  # relative demand
    languages: tuple[str, ...]  # buyers' languages, most common first
    southern: bool = False
    groups: tuple[str, ...] = ()


ASEAN = ("asean", "rcep", "belt_and_road")
RCEP = ("rcep",)
EU = ("eu",)
BRI = ("belt_and_road",)

MARKETS: dict[str, Market] = {
    m.country: m
    for m in [
        Market("US", "USD", 1.0, 1.00, -0.4, 0.08, 6.0, ("en",)),
        Market("CA", "CAD", 1.37, 0.98, -0.6, 0.07, 1.6, ("en", "fr")),
        Market("MX", "MXN", 18.5, 0.80, -1.8, 0.15, 1.5, ("es",)),
        Market("BR", "BRL", 5.4, 0.82, -1.9, 0.12, 1.8, ("pt",)),
        Market("CL", "CLP", 940.0, 0.85, -1.5, 0.10, 0.6, ("es",), southern=True, groups=BRI),
        Market("GB", "GBP", 0.79, 0.97, -0.7, -0.25, 3.0, ("en",)),
        Market("DE", "EUR", 0.92, 0.96, -0.8, 0.05, 3.2, ("de", "en"), groups=EU),
        Market("FR", "EUR", 0.92, 0.95, -0.8, 0.04, 2.2, ("fr", "en"), groups=EU),
        Market("ES", "EUR", 0.92, 0.90, -1.0, 0.06, 1.5, ("es", "en"), groups=EU),
        Market("IT", "EUR", 0.92, 0.92, -0.9, 0.03, 1.6, ("en",), groups=EU),
        Market("NL", "EUR", 0.92, 0.97, -0.7, 0.06, 1.0, ("en",), groups=EU),
        Market("PL", "PLN", 3.95, 0.80, -1.4, 0.12, 1.0, ("en",), groups=EU + BRI),
        Market("RU", "RUB", 92.0, 0.82, -1.5, 0.25, 2.2, ("ru",), groups=BRI),
        Market("KZ", "KZT", 470.0, 0.78, -1.6, 0.30, 0.7, ("ru",), groups=BRI),
        Market("UZ", "UZS", 12600.0, 0.72, -1.9, 0.32, 0.5, ("ru",), groups=BRI),
        Market("TR", "TRY", 33.0, 0.75, -1.7, -0.30, 1.0, ("en",), groups=BRI),
        Market("SA", "SAR", 3.75, 0.95, -0.9, 0.22, 1.4, ("en",), groups=BRI),
        Market("AE", "AED", 3.67, 1.00, -0.7, 0.20, 1.2, ("en",), groups=BRI),
        Market("NG", "NGN", 1500.0, 0.70, -2.4, 0.18, 1.2, ("en",), groups=BRI),
        Market("ZA", "ZAR", 18.2, 0.80, -1.8, 0.10, 0.9, ("en",), southern=True, groups=BRI),
        Market("IN", "INR", 83.5, 0.68, -2.3, 0.14, 1.2, ("en",)),
        Market("JP", "JPY", 150.0, 1.02, -0.7, 0.36, 2.8, ("ja",), groups=RCEP),
        Market("KR", "KRW", 1350.0, 0.98, -0.9, 0.38, 2.0, ("ko", "en"), groups=RCEP + BRI),
        Market("AU", "AUD", 1.52, 1.02, -0.6, 0.35, 1.6, ("en",), southern=True, groups=RCEP),
        Market("NZ", "NZD", 1.65, 1.00, -0.7, 0.35, 0.4, ("en",), southern=True, groups=RCEP + BRI),
        Market("ID", "IDR", 15700.0, 0.74, -2.5, 0.60, 4.0, ("id", "en"), groups=ASEAN),
        Market("MY", "MYR", 4.7, 0.80, -1.6, 0.50, 1.1, ("en", "zh"), groups=ASEAN),
        Market("TH", "THB", 36.0, 0.78, -1.8, 0.48, 1.2, ("en",), groups=ASEAN),
        Market("VN", "VND", 24500.0, 0.72, -2.1, 0.55, 1.1, ("en",), groups=ASEAN),
        Market("PH", "PHP", 56.0, 0.72, -2.2, 0.52, 1.2, ("en",), groups=ASEAN),
        Market("SG", "SGD", 1.35, 1.00, -0.8, 0.40, 0.8, ("en", "zh"), groups=ASEAN),
    ]
}

ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "IDR", "VND", "CLP", "UZS", "KZT", "NGN"})

# A B2C parcel is priced in the market's currency; wholesale channels quote USD.
CHANNELS: dict[str, dict[str, str]] = {
    "amazon": {"zh": "亚马逊", "en": "Amazon", "kind": "b2c"},
    "wayfair": {"zh": "Wayfair", "en": "Wayfair", "kind": "b2c"},
    "alibaba": {"zh": "阿里巴巴国际站", "en": "Alibaba.com", "kind": "b2b"},
    "temu": {"zh": "Temu", "en": "Temu", "kind": "b2c"},
    "aliexpress": {"zh": "速卖通", "en": "AliExpress", "kind": "b2c"},
    "tiktok_shop": {"zh": "TikTok Shop", "en": "TikTok Shop", "kind": "b2c"},
    "shein": {"zh": "希音", "en": "Shein", "kind": "b2c"},
    "independent_site": {"zh": "独立站", "en": "Independent site", "kind": "own_site"},
    "distributor": {"zh": "海外经销商", "en": "Distributor", "kind": "offline"},
}

# Where each platform sells. Alibaba.com, independent sites and distributors reach every market.
CHANNEL_COUNTRIES: dict[str, frozenset[str]] = {
    "amazon": frozenset(["US", "CA", "MX", "BR", "GB", "DE", "FR", "ES", "IT", "NL", "PL", "TR", "SA", "AE", "IN", "JP", "AU", "SG"]),
    "wayfair": frozenset(["US", "CA", "GB", "DE"]),
    "temu": frozenset(["US", "CA", "MX", "BR", "CL", "GB", "DE", "FR", "ES", "IT", "NL", "PL", "TR", "SA", "AE", "NG", "ZA", "JP", "KR", "AU", "NZ", "MY", "TH", "PH"]),
    "aliexpress": frozenset(["US", "CA", "MX", "BR", "CL", "GB", "DE", "FR", "ES", "IT", "NL", "PL", "RU", "KZ", "UZ", "TR", "SA", "AE", "NG", "ZA", "KR", "AU", "NZ"]),
    "tiktok_shop": frozenset(["US", "GB", "DE", "FR", "ES", "IT", "MX", "BR", "JP", "ID", "MY", "TH", "VN", "PH", "SG", "SA"]),
    "shein": frozenset(["US", "CA", "MX", "BR", "CL", "GB", "DE", "FR", "ES", "IT", "NL", "PL", "SA", "AE", "AU", "NZ"]),
}

# Channel price relative to the market's retail price: wholesale channels sell far cheaper and in bulk.
CHANNEL_PRICE_FACTOR: dict[str, float] = {
    "amazon": 1.00,
    "wayfair": 1.05,
    "alibaba": 0.45,
    "temu": 0.82,
    "aliexpress": 0.86,
    "tiktok_shop": 0.92,
    "shein": 0.88,
    "independent_site": 0.97,
    "distributor": 0.50,
}
WHOLESALE_CHANNELS = ("alibaba", "distributor")

# Customs supervision modes by channel, with their shares.
CUSTOMS_MODES: dict[str, tuple[tuple[str, float], ...]] = {
    "amazon": (("9810", 0.55), ("9610", 0.35), ("1210", 0.10)),
    "wayfair": (("9810", 0.85), ("9610", 0.15)),
    "temu": (("9610", 0.60), ("9810", 0.30), ("1210", 0.10)),
    "aliexpress": (("9610", 0.80), ("1210", 0.10), ("9810", 0.10)),
    "tiktok_shop": (("9610", 0.55), ("9810", 0.30), ("1210", 0.15)),
    "shein": (("9610", 0.70), ("9810", 0.20), ("1210", 0.10)),
    "independent_site": (("9610", 0.60), ("9810", 0.30), ("1210", 0.10)),
    "alibaba": (("9710", 0.55), ("0110", 0.35), ("9810", 0.10)),
    "distributor": (("0110", 0.60), ("9710", 0.25), ("9810", 0.15)),
}


def channels_in(country: str) -> list[str]:
    return [code for code in CHANNELS if code not in CHANNEL_COUNTRIES or country in CHANNEL_COUNTRIES[code]]
