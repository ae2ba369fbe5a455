"""Names as users write them → the platform's codes: countries, channels, customs modes, routes.

Every contract and import accepts "Amazon", "TikTok Shop", "tiktok-shop", "UK", "United Kingdom", "英国",
"9610 跨境电商B2C直邮" and the like, case-, width-, space- and punctuation-insensitively, and refuses what it
does not know with the list of known values (the caller raises its own error; these functions return None).

Pure: plain data in and out (pycountry and the standard library only), so engines may use it.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

import pycountry

CHANNELS = [
    # code, English, Chinese, kind
    ("amazon", "Amazon", "亚马逊", "b2c"),
    ("wayfair", "Wayfair", "Wayfair", "b2c"),
    ("alibaba", "Alibaba.com", "阿里巴巴国际站", "b2b"),
    ("temu", "Temu", "Temu", "b2c"),
    ("aliexpress", "AliExpress", "速卖通", "b2c"),
    ("tiktok_shop", "TikTok Shop", "TikTok Shop", "b2c"),
    ("shein", "Shein", "希音", "b2c"),
    ("independent_site", "Independent site", "独立站", "own"),
    ("distributor", "Distributor", "海外经销商", "b2b"),
]
CHANNEL_ALIASES = {
    "阿里国际站": "alibaba", "阿里巴巴": "alibaba", "alibabacom": "alibaba", "tiktok": "tiktok_shop",
    "抖音": "tiktok_shop", "tiktokshop": "tiktok_shop", "经销商": "distributor", "自建站": "independent_site",
    "independent": "independent_site", "ownsite": "independent_site", "ownwebsite": "independent_site",
    "shopify": "independent_site", "dtc": "independent_site", "wholesale": "distributor",
}
# chuhai.types.CustomsMode's values (tests/markets/test_names.py keeps the two equal).
CUSTOMS_MODE_CODES = ("9610", "9710", "9810", "1210", "0110")
COUNTRY_ALIASES = {
    "uk": "GB", "greatbritain": "GB", "england": "GB", "britain": "GB", "usa": "US", "us": "US",
    "unitedstates": "US", "america": "US", "uae": "AE", "emirates": "AE", "ksa": "SA", "russia": "RU",
    "korea": "KR", "southkorea": "KR", "vietnam": "VN", "turkey": "TR", "türkiye": "TR", "iran": "IR",
    "czechia": "CZ", "czechrepublic": "CZ", "holland": "NL", "taiwan": "TW", "hongkong": "HK",
    "laos": "LA", "moldova": "MD", "syria": "SY", "tanzania": "TZ", "bolivia": "BO", "venezuela": "VE",
    "россия": "RU", "рф": "RU", "сша": "US", "оаэ": "AE", "англия": "GB", "корея": "KR", "eeuu": "US",
    "eua": "US", "俄罗斯": "RU", "韩国": "KR", "阿联酋": "AE", "沙特": "SA", "越南": "VN",
}

# Transport routes of the planner's reference (sea, air, rail, tir, express, postal) as people name them.
ROUTE_ALIASES = {
    "ocean": "sea", "seafreight": "sea", "oceanfreight": "sea", "fcl": "sea", "lcl": "sea", "海运": "sea",
    "airfreight": "air", "aircargo": "air", "空运": "air", "railway": "rail", "railfreight": "rail",
    "chinaeuroperailway": "rail", "铁路": "rail", "中欧班列": "rail", "truck": "tir", "road": "tir",
    "roadfreight": "tir", "tirtruck": "tir", "公路": "tir", "卡车": "tir", "courier": "express",
    "dhl": "express", "fedex": "express", "ups": "express", "快递": "express", "国际快递": "express",
    "post": "postal", "mail": "postal", "chinapost": "postal", "epacket": "postal", "邮政": "postal",
    "邮政小包": "postal",
}

_PUNCTUATION = re.compile(r"[\s\-_.,/&'’()·・]+")


def fold(name: str) -> str:
    """A name as compared for look-ups: width-, case-, space- and punctuation-insensitive
    ("TikTok Shop", "tiktok_shop" and "TIKTOK-SHOP" fold alike)."""
    return _PUNCTUATION.sub("", unicodedata.normalize("NFKC", name).casefold())


def lookup(value: str, known: Iterable[str], aliases: Mapping[str, str] | None = None) -> str | None:
    """The code among `known` that `value` names (by its folded form or an alias), else None."""
    table = {fold(code): code for code in known}
    key = fold(value)
    found = table.get(key)
    if found is None and aliases:
        alias = {fold(name): code for name, code in aliases.items()}.get(key)
        found = table.get(fold(alias)) if alias else None
    return found


@lru_cache(maxsize=1)
def _channel_table() -> dict[str, str]:
    names = {}
    for code, name_en, name_zh, _kind in CHANNELS:
        for name in (code, name_en, name_zh):
            names[fold(name)] = code
    names.update({fold(alias): code for alias, code in CHANNEL_ALIASES.items()})
    return names


@lru_cache(maxsize=512)
def channel_code(value: str) -> str | None:
    """A channel code (amazon, tiktok_shop, …) from a code or a name; Amazon.de and amazon.co.jp too."""
    key = fold(value)
    if key.startswith(("amazon", "亚马逊")):
        return "amazon"
    if key.startswith("aliexpress"):
        return "aliexpress"
    return _channel_table().get(key) or _channel_table().get(key.removesuffix("com"))


def channel_codes() -> list[str]:
    return [code for code, *_ in CHANNELS]


@lru_cache(maxsize=1)
def _country_table() -> dict[str, str]:
    names: dict[str, str] = {}
    translations = [gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
                    for language in ("zh_CN", "ru", "es")]
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
            if name:
                names.setdefault(fold(name), country.alpha_2)
                for translation in translations:
                    names.setdefault(fold(translation.gettext(name)), country.alpha_2)
        names[fold(country.alpha_3)] = country.alpha_2
    for alias, code in COUNTRY_ALIASES.items():
        names[fold(alias)] = code
    return names


@lru_cache(maxsize=2048)
def country_code(value: str) -> str | None:
    """ISO 3166-1 alpha-2 from an alpha-2 or alpha-3 code or a name in English, Chinese, Russian or
    Spanish (pycountry's own translations), or a usual alias (UK, USA, UAE, KSA)."""
    code = value.strip().upper()
    if len(code) == 2 and code.isascii() and pycountry.countries.get(alpha_2=code):
        return code
    return _country_table().get(fold(value))


_CUSTOMS_MODE = re.compile(r"^\s*(\d{3,4})(?!\d)")


def customs_mode_code(value: str) -> str | None:
    """9610, 9710, 9810, 1210 or 0110; "9610 跨境电商B2C直邮" too, and 110 (a spreadsheet ate the zero)."""
    match = _CUSTOMS_MODE.match(unicodedata.normalize("NFKC", value))
    code = match.group(1).zfill(4) if match else ""
    return code if code in CUSTOMS_MODE_CODES else None
