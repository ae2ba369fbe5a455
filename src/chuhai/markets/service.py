"""Markets and channels: reference-data sync and look-ups."""

from __future__ import annotations

from functools import lru_cache

import pycountry
from babel import Locale, UnknownLocaleError
from sqlalchemy import select
from sqlalchemy.orm import Session

from chuhai.markets.models import Channel, Market
from chuhai.markets.reference import CHANNELS, currency_of, market_groups

_ZH = Locale.parse("zh_CN")


def country_name(country: str, locale: str) -> str:
    """The country's name in the reader's language (Babel's CLDR data; English for a locale it lacks)."""
    return _territories("zh_CN" if locale.startswith("zh") else locale).get(country, country)


@lru_cache(maxsize=32)
def _territories(locale: str) -> dict[str, str]:
    """The territory names of a locale, parsed once (a page names many countries)."""
    try:
        return Locale.parse(locale.replace("-", "_")).territories
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en").territories


def sync_reference_data(session: Session) -> int:
    """Insert or update every ISO 3166 country as a market, and the channels. Idempotent."""
    existing = {market.country: market for market in session.scalars(select(Market))}
    changed = 0
    for entry in pycountry.countries:
        code = entry.alpha_2
        values = {
            "name_en": country_name(code, "en") if code in _ZH.territories else entry.name,
            "name_zh": country_name(code, "zh"),
            "currency": currency_of(code),
            "groups": market_groups(code),
        }
        market = existing.get(code)
        if market is None:
            session.add(Market(country=code, **values))
            changed += 1
        elif any(getattr(market, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(market, key, value)
            changed += 1
    channels = {channel.code: channel for channel in session.scalars(select(Channel))}
    for code, name_en, name_zh, kind in CHANNELS:
        if code not in channels:
            session.add(Channel(code=code, name_en=name_en, name_zh=name_zh, kind=kind))
            changed += 1
    session.flush()
    return changed


def is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code.upper()) is not None
