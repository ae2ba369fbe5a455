"""Cell parsers: what people type in spreadsheets, and the reasons given when it is wrong."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chuhai.imports import values as v


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-03-15", date(2026, 3, 15)), ("2026/3/5", date(2026, 3, 5)), ("2026.03.15", date(2026, 3, 15)),
    ("20260315", date(2026, 3, 15)), ("2026年3月5日", date(2026, 3, 5)),
    ("2026-03-15T23:59:59-08:00", date(2026, 3, 15)), ("2026-03-15 08:00", date(2026, 3, 15)),
])
def test_dates(text, expected):
    assert v.parse_date(text) == expected


@pytest.mark.parametrize("text", ["05/03/2026", "2026-02-30", "March 5", "2026年2月30日"])
def test_ambiguous_or_impossible_dates_are_refused(text):
    with pytest.raises(v.BadValue, match="date"):
        v.parse_date(text)


def test_amounts_are_decimals_rounded_to_the_stored_scale():
    assert v.decimal("1,234.5") == Decimal("1234.5")
    assert v.decimal("0.123456") == Decimal("0.1235")
    assert v.quantity("1.2345") == Decimal("1.235")
    assert isinstance(v.decimal("12"), Decimal)
    for bad, reason in [("-1", "negative"), ("12,5", "not a number"), ("NaN", "not a number"), ("1e12", "too large")]:
        with pytest.raises(v.BadValue, match=reason):
            v.decimal(bad)


def test_whole_numbers():
    assert v.integer("1,200") == 1200
    assert v.integer("12.0") == 12
    with pytest.raises(v.BadValue, match="whole number"):
        v.integer("1.5")
    with pytest.raises(v.BadValue, match="less than 1"):
        v.integer("0", minimum=1)


@pytest.mark.parametrize(("text", "code"), [
    ("us", "US"), ("USA", "US"), ("United States", "US"), ("美国", "US"), ("UK", "GB"), ("印度尼西亚", "ID"),
    ("Germany", "DE"),
])
def test_countries(text, code):
    assert v.country(text) == code


def test_currencies():
    assert [v.currency(text) for text in ("usd", "RMB", "人民币", "美元", "EUR")] == ["USD", "CNY", "CNY", "USD", "EUR"]
    with pytest.raises(v.BadValue, match="ISO 4217"):
        v.currency("XYZ")


def test_hs_codes_are_six_digit_hs_2022_subheadings():
    assert v.hs_code("6704.11") == "670411"
    assert v.hs_code("6704 20") == "670420"
    with pytest.raises(v.BadValue, match=r"HS code 6704\.1 is not a 6-digit HS 2022 code \(it has 5 digits\)"):
        v.hs_code("6704.1")
    with pytest.raises(v.BadValue, match="leading zero"):
        v.hs_code("90111")
    with pytest.raises(v.BadValue, match="no such subheading"):
        v.hs_code("670499")
    with pytest.raises(v.BadValue, match="no such subheading"):
        v.hs_code("999999")


def test_customs_modes():
    assert v.customs_mode("9610") == "9610"
    assert v.customs_mode("110") == "0110"
    assert v.customs_mode("9810 跨境电商出口海外仓") == "9810"
    with pytest.raises(v.BadValue, match="9610, 9710, 9810, 1210, 0110"):
        v.customs_mode("96100")


def test_channels():
    texts = ("Amazon.de", "amazon.co.jp", "亚马逊", "阿里巴巴国际站", "TikTok Shop", "独立站")
    assert [v.channel(text) for text in texts] == [
        "amazon", "amazon", "amazon", "alibaba", "tiktok_shop", "independent_site"]
    with pytest.raises(v.BadValue, match="not a known channel"):
        v.channel("Walmart")


def test_price_tiers_dimensions_and_attributes():
    assert v.price_tiers("100:12.50; 500：11.80") == [(100, Decimal("12.50")), (500, Decimal("11.80"))]
    with pytest.raises(v.BadValue, match="MIN_QUANTITY:PRICE"):
        v.price_tiers("12.50")
    assert v.dimensions("60×40×30cm") == (Decimal(60), Decimal(40), Decimal(30))
    assert v.attributes("colour: black; length：18 inch") == {"colour": "black", "length": "18 inch"}
    assert v.attributes('{"density": 150}') == {"density": 150}


def test_certifications_with_optional_expiry():
    assert v.certifications("ISO 9001; CE:2027-06-30") == [("CE", date(2027, 6, 30)), ("ISO 9001", None)]
