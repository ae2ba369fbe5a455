"""The shipped reference data: complete, attributed and consistent with the seeds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from chuhai.planning.engine.reference import load_reference

ISSUE_COUNTRIES = [
    "US",
    "GB",
    "DE",
    "FR",
    "ES",
    "IT",
    "NL",
    "PL",
    "JP",
    "KR",
    "ID",
    "MY",
    "TH",
    "VN",
    "PH",
    "SG",
    "AU",
    "CA",
    "MX",
    "BR",
    "RU",
    "KZ",
    "UZ",
    "SA",
    "AE",
]
CHANNELS = [
    "amazon",
    "wayfair",
    "alibaba",
    "temu",
    "aliexpress",
    "tiktok_shop",
    "shein",
    "independent_site",
    "distributor",
]


def attributed(entry: dict) -> bool:
    return bool(entry.get("source")) and dt.date.fromisoformat(entry["as_of"]) <= dt.date(2026, 11, 23)


def test_every_figure_has_a_source_and_date():
    ref = load_reference()
    assert all(attributed(rate) for rate in ref["fx"]["rates"].values())
    for country in ref["countries"]["countries"].values():
        for part in ("customs_value_basis", "vat", "duty"):
            assert attributed(country[part])
        assert all(attributed(rule) for rule in country["de_minimis"])
        assert all(attributed(measure) and measure["note"] for measure in country["additional_duty"])
    assert all(attributed(route) for route in ref["routes"]["routes"].values())
    assert attributed(ref["routes"]["domestic_logistics"])
    assert all(attributed(mode) for mode in ref["customs_modes"]["modes"].values())
    assert all(attributed(channel) for channel in ref["platforms"]["channels"].values())
    assert attributed(ref["rebates"]["rebate"])
    defaults = ref["defaults"]
    assert all(attributed(defaults[k]) for k in defaults if k != "version")


def test_coverage_of_countries_channels_and_modes():
    ref = load_reference()
    assert set(ISSUE_COUNTRIES) <= set(ref["countries"]["countries"])
    assert set(CHANNELS) == set(ref["platforms"]["channels"])
    assert set(ref["customs_modes"]["modes"]) == {"9610", "9710", "9810", "1210", "0110"}
    for country in ref["countries"]["countries"].values():
        assert country["customs_value_basis"]["value"] in ("CIF", "FOB")
        assert country["currency"] in ref["fx"]["rates"]


def test_customs_value_basis_cif_for_eu_and_uk_fob_for_us():
    countries = load_reference()["countries"]["countries"]
    assert {countries[c]["customs_value_basis"]["value"] for c in ("DE", "FR", "ES", "IT", "NL", "PL", "GB")} == {"CIF"}
    assert countries["US"]["customs_value_basis"]["value"] == "FOB"


def test_tir_takes_about_half_the_rail_time():
    routes = load_reference()["routes"]["routes"]
    for country in routes["tir"]["lanes"]:
        tir = routes["tir"]["lanes"][country]["transit_days"][1]
        rail = routes["rail"]["lanes"][country]["transit_days"][1]
        assert 0.35 <= tir / rail <= 0.65


def test_seed_facts_in_defaults():
    defaults = load_reference()["defaults"]
    assert Decimal(defaults["marketing_rate"]["value"]) == Decimal("0.10")
    case = defaults["warehouse"]["seed_case"]
    assert (case["goods_value_cny"], case["retrieval_cost_cny"]) == ("160000", "60000")


def test_de_minimis_rules_have_valid_dates_and_effects():
    for country in load_reference()["countries"]["countries"].values():
        for rule in country["de_minimis"]:
            start = dt.date.fromisoformat(rule["effective_from"])
            if rule.get("effective_to"):
                assert dt.date.fromisoformat(rule["effective_to"]) > start
            assert rule["effect"] in ("exempt", "flat", "replace_rate")
            assert rule["applies_to"] in ("duty", "vat", "both")
            assert Decimal(rule["threshold"]) > 0
