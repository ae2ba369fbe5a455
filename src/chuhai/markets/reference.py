"""Reference data for markets and channels, synced into the database by `chuhai db upgrade`.

Market groups follow the pilot-zone statistics: RCEP (the 15 signatories), ASEAN (10 members),
EU (27 members), and Belt and Road (countries that signed cooperation documents with China, per
the Belt and Road portal yidaiyilu.gov.cn, as of 2025; Italy withdrew in 2023).
"""

from __future__ import annotations

from chuhai.i18n import N_
from chuhai.markets.names import CHANNELS as CHANNELS  # re-exported: the platform reads it here
from chuhai.types import CustomsMode

ASEAN = {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"}
RCEP = ASEAN | {"AU", "CN", "JP", "KR", "NZ"}
EU = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
}
BELT_AND_ROAD = (ASEAN - {"IN"}) | {
    "RU", "KZ", "UZ", "KG", "TJ", "TM", "MN", "PK", "BD", "LK", "NP", "MV", "AF", "IR", "IQ", "TR",
    "SA", "AE", "QA", "KW", "OM", "BH", "EG", "NG", "ZA", "KE", "ET", "TZ", "GH", "MA", "DZ", "TN",
    "PL", "HU", "CZ", "SK", "GR", "PT", "AT", "LU", "CY", "MT", "HR", "SI", "BG", "RO", "LV", "LT",
    "EE", "RS", "BY", "UA", "GE", "AM", "AZ", "NZ", "KR", "CL", "PE", "UY", "AR", "EC", "BO", "VE",
    "CU", "PA", "CR", "NI",
}

# Currency by country for the markets the belts sell to; anything else falls back to USD.
CURRENCIES = {
    "US": "USD", "CA": "CAD", "MX": "MXN", "BR": "BRL", "CL": "CLP", "AR": "ARS", "PE": "PEN",
    "GB": "GBP", "CH": "CHF", "NO": "NOK", "SE": "SEK", "DK": "DKK", "PL": "PLN", "CZ": "CZK",
    "HU": "HUF", "RO": "RON", "RU": "RUB", "KZ": "KZT", "UZ": "UZS", "TR": "TRY", "UA": "UAH",
    "JP": "JPY", "KR": "KRW", "ID": "IDR", "MY": "MYR", "TH": "THB", "VN": "VND", "PH": "PHP",
    "SG": "SGD", "AU": "AUD", "NZ": "NZD", "IN": "INR", "PK": "PKR", "BD": "BDT", "SA": "SAR",
    "AE": "AED", "QA": "QAR", "IL": "ILS", "EG": "EGP", "NG": "NGN", "ZA": "ZAR", "KE": "KES",
    "CN": "CNY", "HK": "HKD", "TW": "TWD",
}
EURO_COUNTRIES = {
    "AT", "BE", "HR", "CY", "EE", "FI", "FR", "DE", "GR", "IE", "IT", "LV", "LT", "LU", "MT", "NL",
    "PT", "SK", "SI", "ES",
}


def market_groups(country: str) -> list[str]:
    groups = []
    if country in BELT_AND_ROAD:
        groups.append("belt_and_road")
    if country in RCEP:
        groups.append("rcep")
    if country in ASEAN:
        groups.append("asean")
    if country in EU:
        groups.append("eu")
    return groups


def currency_of(country: str) -> str:
    if country in EURO_COUNTRIES:
        return "EUR"
    return CURRENCIES.get(country, "USD")


# Market group code -> its name, a message id (translated where it is shown).
MARKET_GROUP_NAMES = {
    "belt_and_road": N_("Belt and Road"),
    "rcep": N_("RCEP"),
    "asean": N_("ASEAN"),
    "eu": N_("EU"),
}

# The channels (code, English, Chinese, kind) live with the names people write for them.

# Customs mode code -> its name, a message id (`CustomsMode.label`).
CUSTOMS_MODES = {mode.value: mode.label for mode in CustomsMode}
