"""Cell parsers: text as people type it in a spreadsheet → a typed value, or `BadValue(reason)`.

Each parser takes the stripped, non-empty cell text. Reasons are written for the person who will
fix the file: they quote the value and say what was expected. A reason is a message id with its
parameters (`chuhai.imports.report.ImportProblem`), shown in the reader's language on the page.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import pycountry

from chuhai.catalog.credit_code import credit_code_issue
from chuhai.imports.report import ImportProblem
from chuhai.markets import names as market_names
from chuhai.markets.reference import CHANNELS, CUSTOMS_MODES
from chuhai.planning.engine.nomenclature import is_valid_hs6, normalise_hs_code


class BadValue(ImportProblem):
    """A cell whose text is not a value of its column: `BadValue("%(value)s is not a number", value="'x'")`."""


LIST_SEPARATORS = re.compile(r"[;,，；、|\n]")
MONEY_SCALE = Decimal("0.0001")  # chuhai.types.Money is Numeric(14, 4)
QUANTITY_SCALE = Decimal("0.001")  # chuhai.types.Quantity is Numeric(12, 3)
_MONEY_LIMIT = Decimal(10) ** 10
_QUANTITY_LIMIT = Decimal(10) ** 9
_PLAIN_DECIMAL = re.compile(r"^\d+(\.\d+)?$")
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def text(value: str, max_length: int) -> str:
    if len(value) > max_length:
        raise BadValue("is %(length)s characters long; at most %(max_length)s fit", length=len(value),
                       max_length=max_length)
    return value


def _number_text(value: str) -> str:
    if not value.isascii():
        value = unicodedata.normalize("NFKC", value).replace("\u00a0", "")
    value = value.replace(" ", "")
    if _THOUSANDS.match(value):
        value = value.replace(",", "")
    return value


def decimal(value: str, *, scale: Decimal = MONEY_SCALE, limit: Decimal = _MONEY_LIMIT) -> Decimal:
    """A non-negative amount, rounded to the scale the database keeps (so re-imports compare equal)."""
    cleaned = value if _PLAIN_DECIMAL.match(value) else _number_text(value)
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise BadValue("%(value)s is not a number (write it like 1234.50)", value=repr(value)) from None
    if not number.is_finite():
        raise BadValue("%(value)s is not a number", value=repr(value))
    if number < 0:
        raise BadValue("%(value)s is negative; amounts must be ≥ 0", value=repr(value))
    if number >= limit:
        raise BadValue("%(value)s is too large", value=repr(value))
    return number.quantize(scale, rounding=ROUND_HALF_UP)


def quantity(value: str) -> Decimal:
    return decimal(value, scale=QUANTITY_SCALE, limit=_QUANTITY_LIMIT)


def integer(value: str, *, minimum: int = 0) -> int:
    if value.isascii() and value.isdigit() and len(value) < 10:
        number = int(value)
        if number < minimum:
            raise BadValue("%(value)s is less than %(minimum)s", value=repr(value), minimum=minimum)
        return number
    cleaned = _number_text(value)
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise BadValue("%(value)s is not a whole number", value=repr(value)) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise BadValue("%(value)s is not a whole number", value=repr(value))
    if number < minimum:
        raise BadValue("%(value)s is less than %(minimum)s", value=repr(value), minimum=minimum)
    if number >= 2**31:
        raise BadValue("%(value)s is too large", value=repr(value))
    return int(number)


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d")
_CHINESE_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}")


@lru_cache(maxsize=4096)
def parse_date(value: str) -> date:
    """ISO dates, also with / or . separators, 2024年3月5日, and ISO timestamps (Amazon's).

    Day-first and month-first forms (05/03/2024) are refused: the same text means two dates.
    """
    iso = _ISO_DATETIME.match(value)
    if iso:
        value = iso.group(1)
    match = _CHINESE_DATE.match(value)
    if match:
        year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise BadValue("%(value)s is not a real date", value=repr(value)) from None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise BadValue("%(value)s is not a date; write it as YYYY-MM-DD (for example 2026-03-15)", value=repr(value))


def fold(name: str) -> str:
    """A name as compared for look-ups (`chuhai.markets.names.fold`)."""
    return market_names.fold(name)


def country(value: str) -> str:
    """ISO 3166-1 alpha-2 from an alpha-2 or alpha-3 code or a name as people write it (UK, 英国, Германия)."""
    found = market_names.country_code(value)
    if found:
        return found
    raise BadValue("%(value)s is not an ISO 3166 country (use a 2-letter code such as US, DE, ID)", value=repr(value))


_CURRENCY_ALIASES = {
    "RMB": "CNY", "人民币": "CNY", "元": "CNY", "美元": "USD", "欧元": "EUR", "日元": "JPY",
    "英镑": "GBP", "港币": "HKD", "港元": "HKD", "韩元": "KRW", "卢布": "RUB", "US$": "USD",
    "$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "￥": "CNY",
}


@lru_cache(maxsize=256)
def currency(value: str) -> str:
    """ISO 4217 code (CNY also from RMB/人民币)."""
    code = _CURRENCY_ALIASES.get(value.strip(), value.strip()).upper()
    code = _CURRENCY_ALIASES.get(code, code)
    if len(code) == 3 and pycountry.currencies.get(alpha_3=code):
        return code
    raise BadValue("%(value)s is not an ISO 4217 currency code (such as USD, EUR, CNY)", value=repr(value))


@lru_cache(maxsize=4096)
def hs_code(value: str) -> str:
    digits = normalise_hs_code(value)
    if len(digits) != 6:
        if len(digits) == 5 and value.strip().isdigit():
            raise BadValue("HS code %(value)s is not a 6-digit HS 2022 code (it has %(digits)s digits) — if Excel "
                           "dropped a leading zero, format the column as text", value=value, digits=len(digits))
        raise BadValue("HS code %(value)s is not a 6-digit HS 2022 code (it has %(digits)s digits)", value=value,
                       digits=len(digits))
    # Chapter 99 is kept for national use; the nomenclature file lists 999999 only as a
    # statistics bucket ("commodities not specified"), never a product's code.
    if digits.startswith("99") or not is_valid_hs6(digits):
        raise BadValue("HS code %(value)s is not a 6-digit HS 2022 code (no such subheading in HS 2022)",
                       value=value)
    return digits


def credit_code(value: str) -> str:
    code = unicodedata.normalize("NFKC", value).strip().upper()
    issue = credit_code_issue(code)
    if issue is None:
        return code
    kind, params = issue
    if kind == "length":
        raise BadValue("credit code %(value)s is not a valid unified social credit code: must be 18 characters, "
                       "got %(length)s", value=value, **params)
    if kind == "character":
        raise BadValue("credit code %(value)s is not a valid unified social credit code: character %(char)s is not "
                       "allowed (I, O, Z, S, V are never used)", value=value, **params)
    if kind == "region":
        raise BadValue("credit code %(value)s is not a valid unified social credit code: characters 3–8 must be the "
                       "6-digit administrative region code", value=value, **params)
    raise BadValue("credit code %(value)s is not a valid unified social credit code: check character should be "
                   "%(expected)s, not %(found)s", value=value, **params)


def customs_mode(value: str) -> str:
    """9610, 9710, 9810, 1210 or 0110; "9610 跨境电商B2C直邮" too, and 110 (Excel ate the zero)."""
    code = market_names.customs_mode_code(value)
    if code in CUSTOMS_MODES:
        return code
    raise BadValue("%(value)s is not a customs mode; use one of %(modes)s", value=repr(value),
                   modes=", ".join(CUSTOMS_MODES))


def channel(value: str) -> str:
    """A channel code (amazon, temu, …) from a code or a name; Amazon.de, TikTok Shop, 抖音 too."""
    found = market_names.channel_code(value)
    if found:
        return found
    known = ", ".join(code for code, *_ in CHANNELS)
    raise BadValue("%(value)s is not a known channel; use one of %(known)s", value=repr(value), known=known)


_TRUE = {"1", "true", "yes", "y", "是", "对", "√", "x"}
_FALSE = {"0", "false", "no", "n", "否", "不"}


def boolean(value: str) -> bool:
    key = value.strip().casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise BadValue("%(value)s is not yes/no (write true or false, 是 or 否)", value=repr(value))


def _split(separators: str | re.Pattern, value: str, maxsplit: int = 0) -> list[str]:
    """`value` split at the separators, each piece stripped. In linear time: `\\s*[;,]\\s*` backtracked over
    every run of spaces from each of its starting points (minutes on a cell of 200,000 spaces)."""
    return [item.strip() for item in re.split(separators, value, maxsplit=maxsplit)]


def split_list(value: str) -> list[str]:
    return [item for item in _split(LIST_SEPARATORS, value) if item]


def choice(value: str, options: dict[str, str], message: str) -> str:
    """One of a fixed set, by code or by an English or Chinese alias. `message` is the id of the reason
    when it is none of them, with the placeholders %(value)s and %(codes)s."""
    found = options.get(fold(value))
    if found:
        return found
    codes = sorted(set(options.values()))
    raise BadValue(message, value=repr(value), codes=", ".join(codes))


def aliases(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """{code: (alias, …)} → {normalised alias or code: code}, for `choice`."""
    options = {}
    for code, names in table.items():
        options[fold(code)] = code
        for name in names:
            options[fold(name)] = code
    return options


def price_tiers(value: str) -> list[tuple[int, Decimal]]:
    """"100:12.50;500:11.80" → [(100, 12.50), (500, 11.80)], by minimum quantity."""
    tiers: dict[int, Decimal] = {}
    for item in _split(r"[;；\n|]", value.strip()):
        if not item:
            continue
        parts = _split(r"[:：=]", item)
        if len(parts) != 2:
            raise BadValue("price tier %(item)s should look like MIN_QUANTITY:PRICE, e.g. 100:12.50;500:11.80",
                           item=repr(item))
        minimum = integer(parts[0], minimum=1)
        if minimum in tiers:
            raise BadValue("price tiers repeat the minimum quantity %(minimum)s", minimum=minimum)
        tiers[minimum] = decimal(parts[1])
    if not tiers:
        raise BadValue("no price tiers given")
    return sorted(tiers.items())


def dimensions(value: str) -> tuple[Decimal, Decimal, Decimal]:
    """"60x40x30" (also × * ×) → length, width, height in cm."""
    parts = _split(r"[xX×*＊]", unicodedata.normalize("NFKC", value).strip().removesuffix("cm").strip())
    if len(parts) != 3:
        raise BadValue("%(value)s should be length×width×height in cm, e.g. 60x40x30", value=repr(value))
    length, width, height = (quantity(part) for part in parts)
    return length, width, height


def attributes(value: str) -> dict[str, Any]:
    """A JSON object, or "colour: black; length: 18 inch"."""
    stripped = value.strip()
    if stripped.startswith("{"):
        try:
            parsed = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise BadValue("attributes are not valid JSON (%(error)s)", error=exc.msg) from None
        if not isinstance(parsed, dict):
            raise BadValue("attributes must be a JSON object")
        return parsed
    result: dict[str, Any] = {}
    for item in _split(r"[;；\n]", stripped):
        if not item:
            continue
        parts = _split(r"[:：=]", item, maxsplit=1)
        if len(parts) != 2 or not parts[0]:
            raise BadValue("attribute %(item)s should look like name: value", item=repr(item))
        result[parts[0]] = parts[1]
    return result


def certifications(value: str) -> list[tuple[str, date | None]]:
    """"CE:2027-06-30; ISO 9001" → names with an optional valid-until date."""
    found: dict[str, date | None] = {}
    for item in _split(r"[;；、\n|]", value.strip()):
        if not item:
            continue
        name, _, until = item.partition(":") if ":" in item else item.partition("：")
        name = name.strip()
        if not name:
            raise BadValue("certification %(item)s has no name", item=repr(item))
        text(name, 50)
        found[name] = parse_date(until.strip()) if until.strip() else None
    return sorted(found.items(), key=lambda entry: entry[0])


@lru_cache(maxsize=256)
def language(value: str) -> str:
    """An ISO 639-1 code (en, zh, es…), also from zh-CN, English names and 中文 names."""
    key = fold(value)
    named = {"中文": "zh", "汉语": "zh", "英语": "en", "英文": "en", "西班牙语": "es", "法语": "fr",
             "德语": "de", "日语": "ja", "韩语": "ko", "俄语": "ru", "阿拉伯语": "ar", "葡萄牙语": "pt",
             "印尼语": "id", "泰语": "th", "越南语": "vi", "马来语": "ms", "意大利语": "it"}
    if key in named:
        return named[key]
    code = re.split(r"[-_]", key)[0]
    if len(code) == 2 and pycountry.languages.get(alpha_2=code):
        return code
    found = pycountry.languages.get(name=value.strip().title()) if len(code) > 3 else None
    if found is not None and getattr(found, "alpha_2", None):
        return found.alpha_2
    raise BadValue("%(value)s is not a language code (such as en, zh, es)", value=repr(value))
