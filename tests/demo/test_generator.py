"""The generated records: determinism, sizes, validity of codes, internal consistency."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pandas as pd
import pycountry
import pytest

from chuhai.catalog.credit_code import is_valid_credit_code
from chuhai.demo.belts import CATEGORIES
from chuhai.demo.generator import (
    DEMO_BUYER_KEY,
    DEMO_ENTERPRISE_CREDIT_CODE,
    TODAY,
    generate,
    iter_order_chunks,
)
from chuhai.demo.markets import CHANNELS, MARKETS, WHOLESALE_CHANNELS
from chuhai.demo.vocabulary import PRODUCT_TYPES, UNMET_HS, UNMET_TYPES
from chuhai.planning.engine.nomenclature import hs_nomenclature

RECORD_LISTS = ("belts", "enterprises", "products", "buyers", "demands", "service_providers", "demand_specs")

# The HS headings each category's products may fall under.
HS_HEADINGS = {
    "wigs": {"6704"}, "eyelashes": {"6704"}, "furniture": {"9401", "9403"}, "playground": {"9503", "9506"},
    "auto_parts": {"8708", "8421", "8539", "4011"}, "textiles": {"6302", "6109", "6110", "6203", "6211"},
    "instruments": {"9202", "9206", "9207", "9209", "9401"}, "seasonings": {"0712", "0904", "0910", "2103"},
    "agri_produce": {"0703", "0712", "0808", "0910", "1202"},
    "smart_home": {"8536", "8539", "8508", "8421", "8525", "8301"},
    "food_beverage": {"2203", "1902", "1905", "2008", "2202", "1704"},
}


def test_same_seed_gives_the_same_data(small):
    again = generate("small", seed=7)
    for name in RECORD_LISTS:
        assert getattr(again, name) == getattr(small, name), name
    first = pd.concat(iter_order_chunks(small, chunk_rows=20_000), ignore_index=True)
    second = pd.concat(iter_order_chunks(again, chunk_rows=20_000), ignore_index=True)
    pd.testing.assert_frame_equal(first, second)


def test_another_seed_gives_other_data(small):
    other = generate("small", seed=8)
    assert [e["credit_code"] for e in other.enterprises[1:]] != [e["credit_code"] for e in small.enterprises[1:]]
    assert [p["title_en"] for p in other.products] != [p["title_en"] for p in small.products]
    assert [d["text"] for d in other.demands] != [d["text"] for d in small.demands]


def test_order_lines_do_not_depend_on_the_chunk_size(small, small_orders):
    chunks = list(iter_order_chunks(small, chunk_rows=7_000))
    assert all(len(chunk) == 7_000 for chunk in chunks[:-1]) and len(chunks[-1]) <= 7_000
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), small_orders[chunks[0].columns])


def test_small_scale_sizes(small, small_orders):
    assert len(small.belts) == 11
    assert 25 <= len(small.enterprises) <= 40
    assert len(small.products) == 300
    assert len(small.buyers) == 60
    assert len(small.demands) == 120
    assert len(small.service_providers) == 20
    assert 50_000 <= len(small_orders) <= 70_000


def test_full_scale_record_sizes(full):
    assert len(full.enterprises) == 300
    assert len(full.products) == 5000
    assert len(full.buyers) == 1000
    assert len(full.demands) == 2000
    assert full.target_order_lines >= 1_000_000


@pytest.mark.slow
def test_full_scale_has_a_million_order_lines(full):
    assert sum(len(chunk) for chunk in iter_order_chunks(full)) >= 1_000_000


def test_belts_carry_the_seed_facts(small):
    belts = {b["code"]: b for b in small.belts}
    assert {"weifang-auto-parts", "pingdu-eyelashes", "jiaozhou-wigs", "qingdao-furniture"} <= set(belts)
    assert {c for b in small.belts for c in b["categories"]} == set(CATEGORIES)
    assert any("70%" in fact["zh"] for fact in belts["pingdu-eyelashes"]["key_facts"])
    assert any("2,000 USD" in fact["en"] for fact in belts["jiaozhou-wigs"]["key_facts"])
    assert belts["jiaozhou-wigs"]["county"] == "胶州市"


def test_every_credit_code_is_valid_and_unique(small, full):
    for data in (small, full):
        codes = [e["credit_code"] for e in data.enterprises]
        assert all(is_valid_credit_code(code) for code in codes)
        assert len(set(codes)) == len(codes)
        assert all(code[2:8] in ("370281", "370283", "370784") or code[2:6] in ("3702", "3707") for code in codes)


def test_demo_logins_records(small):
    demo = next(e for e in small.enterprises if e["credit_code"] == DEMO_ENTERPRISE_CREDIT_CODE)
    assert demo["belt_code"] == "jiaozhou-wigs" and demo["kind"] == "manufacturer"
    assert demo["verification_status"] == "verified"
    assert any(p["enterprise_credit_code"] == DEMO_ENTERPRISE_CREDIT_CODE for p in small.products)
    buyer = next(b for b in small.buyers if b["key"] == DEMO_BUYER_KEY)
    assert (buyer["country"], buyer["kind"]) == ("US", "salon")
    assert any(d["buyer_key"] == DEMO_BUYER_KEY and d["category"] == "wigs" for d in small.demands)


def test_hs_codes_exist_and_fit_the_category(small, full):
    hs6 = hs_nomenclature(6)
    used = {p["hs_code"] for p in full.products} | set(UNMET_HS.values())
    assert used <= set(hs6)
    for product in small.products:
        assert product["hs_code"][:4] in HS_HEADINGS[product["category"]], product["title_en"]
        material = product["attributes"].get("material", "")
        if product["category"] == "wigs":
            assert product["hs_code"] == ("670411" if material.startswith("synthetic") else "670420")


def test_products_are_consistent(small):
    credit_codes = {e["credit_code"] for e in small.enterprises}
    skus = [p["sku"] for p in small.products]
    assert len(set(skus)) == len(skus)
    for product in small.products:
        assert product["enterprise_credit_code"] in credit_codes
        assert product["title_en"] or product["title_zh"]
        assert PRODUCT_TYPES[product["attributes"]["type"]]["category"] == product["category"]
        tiers = product["price_tiers"]
        assert [t["min_quantity"] for t in tiers] == sorted(t["min_quantity"] for t in tiers)
        assert tiers[0]["min_quantity"] == product["moq"]
        assert all(isinstance(t["unit_price"], Decimal) and t["unit_price"] > 0 for t in tiers)
        assert tiers[0]["unit_price"] > tiers[-1]["unit_price"]
        assert isinstance(product["weight_kg"], Decimal) and product["weight_kg"] > 0
    assert sum(p["title_zh"] is None for p in small.products) >= 5
    assert sum(p["title_en"] is None for p in small.products) >= 5


def test_oversized_categories_are_bigger(small):
    def median_length(category):
        return pd.Series([float(p["length_cm"]) for p in small.products if p["category"] == category]).median()

    assert median_length("furniture") > 100 and median_length("playground") > 100
    assert median_length("wigs") < 50 and median_length("eyelashes") < 50


def test_certificates_have_validity_and_some_expired(full):
    certificates = [c for e in full.enterprises for c in e["certifications"]]
    assert all(c["valid_from"] < c["valid_until"] for c in certificates)
    expired = sum(c["valid_until"] < TODAY for c in certificates)
    assert 0.05 * len(certificates) < expired < 0.5 * len(certificates)


def test_buyers_span_thirty_countries(small):
    countries = Counter(b["country"] for b in small.buyers)
    assert len(countries) >= 30
    assert all(pycountry.countries.get(alpha_2=c) for c in countries)
    assert len({b["key"] for b in small.buyers}) == len(small.buyers)


def test_demands_in_several_languages(small):
    buyers = {b["key"]: b for b in small.buyers}
    languages = Counter(d["language"] for d in small.demands)
    assert len(languages) >= 5
    for demand in small.demands:
        assert demand["buyer_key"] in buyers
        assert demand["destination_country"] == buyers[demand["buyer_key"]]["country"]
        assert demand["text"] and demand["quantity"] > 0 and demand["target_price"] > 0
        assert demand["deadline"] > demand["created_at"].date()
        assert demand["status"] in ("open", "matched", "closed")
        if demand["deadline"] < TODAY:
            assert demand["status"] != "open"
    chinese = [d["text"] for d in small.demands if d["language"] == "zh"]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in chinese)


def test_unmet_demands_name_products_nobody_makes(small):
    unmet = [d for d in small.demands if d["category"] is None]
    assert unmet
    made = {p["attributes"]["type"] for p in small.products}
    for demand in unmet:
        hint = small.demand_specs[demand["ref"]]["type"]
        assert hint in UNMET_TYPES and hint not in made
        assert demand["status"] != "matched"


def test_order_lines_columns_and_values(small, small_orders):
    lines = small_orders
    assert lines["external_ref"].is_unique
    assert set(lines["sku"]) <= {p["sku"] for p in small.products}
    assert lines["order_date"].min() == pd.Timestamp(date(2024, 11, 1))
    assert lines["order_date"].max() == pd.Timestamp(date(2026, 10, 31))
    assert set(lines["channel"]) <= set(CHANNELS)
    assert lines["country"].nunique() >= 25
    assert (lines["units"] > 0).all()
    prices = lines["unit_price"].map(Decimal)
    assert (prices > 0).all()
    market_currency = lines["country"].map({c: m.currency for c, m in MARKETS.items()})
    assert ((lines["currency"] == "USD") | (lines["currency"] == market_currency)).all()
    wholesale = lines["channel"].isin(WHOLESALE_CHANNELS)
    assert set(lines.loc[wholesale, "customs_mode"]) <= {"9710", "0110", "9810"}
    assert set(lines.loc[~wholesale, "customs_mode"]) <= {"9610", "9810", "1210"}
    assert (lines.loc[wholesale, "currency"] == "USD").all()
