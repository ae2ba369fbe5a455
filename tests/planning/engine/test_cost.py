"""Landed-cost engine: hand-computed cases for each rule the issue names."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

import chuhai.planning
from chuhai.planning.engine.cost import COMPONENTS, additional_duty_measures
from chuhai.planning.engine.landed_cost import evaluate
from chuhai.planning.engine.overrides import OVERRIDE_KEYS
from chuhai.planning.engine.reference import InputError, load_reference
from chuhai.planning.texts import advice_text, basis_text

D = Decimal


def request(sku=None, ship_date="2026-03-01", overrides=None, **option):
    base_sku = {
        "unit_cost_cny": 113,
        "weight_kg": 1,
        "length_cm": 10,
        "width_cm": 10,
        "height_cm": 10,
        "hs_code": "670420",
    }
    opt = {
        "id": "a",
        "destination": "DE",
        "channel": "distributor",
        "route": "air",
        "customs_mode": "0110",
        "selling_price": 200,
        "currency": "CNY",
    }
    opt.update(option)
    return {"sku": {**base_sku, **(sku or {})}, "options": [opt], "ship_date": ship_date, "overrides": overrides or {}}


def one(req):
    return evaluate(req)[0]


def amount(result, name):
    return result.component(name).amount_cny


def basis(result, name):
    """A component's basis as the contract writes it (in English)."""
    return basis_text(result.component(name), "en")


def test_every_component_is_listed_and_they_add_up():
    result = one(request())
    assert [c.name for c in result.components] == list(COMPONENTS)
    assert result.landed_cost_cny == sum(c.amount_cny for c in result.components)
    assert result.margin_cny == result.selling_price_cny - result.landed_cost_cny
    assert all(basis_text(c, "en") for c in result.components)


@pytest.mark.parametrize(
    "route,dims,weight,expected",
    [
        ("air", (30, 20, 10), "0.4", "10.00"),  # volumetric 6000/6000 = 1 kg beats 0.4 kg
        ("express", (30, 20, 10), "0.4", "12.00"),  # express divisor 5000: 1.2 kg
        ("air", (30, 20, 10), "2", "20.00"),  # actual 2 kg beats volumetric 1 kg
        ("express", (10, 10, 5), "0.1", "5.00"),  # express minimum 0.5 kg
    ],
)
def test_chargeable_weight_per_kg(route, dims, weight, expected):
    sku = dict(zip(("length_cm", "width_cm", "height_cm"), dims, strict=True), weight_kg=weight)
    result = one(request(sku=sku, route=route, overrides={"freight_rate_cny_per_kg": 10}))
    assert amount(result, "international_freight") == D(expected)


def test_sea_freight_is_weight_or_measure():
    light = one(
        request(sku={"length_cm": 50, "width_cm": 40, "height_cm": 30, "weight_kg": 10}, destination="US", route="sea")
    )
    assert amount(light, "international_freight") == D("99.00")  # 0.06 CBM × 1650
    heavy = one(
        request(sku={"length_cm": 50, "width_cm": 40, "height_cm": 30, "weight_kg": 100}, destination="US", route="sea")
    )
    assert amount(heavy, "international_freight") == D("165.00")  # 100 kg / 1000 = 0.1 t × 1650


def test_rail_uses_333_kg_per_cbm():
    result = one(
        request(sku={"length_cm": 50, "width_cm": 40, "height_cm": 30, "weight_kg": 30}, destination="DE", route="rail")
    )
    assert amount(result, "international_freight") == (D(30) / D(333) * D(2000)).quantize(D("0.01"))


def test_cif_basis_for_germany_fob_for_us():
    over = {"duty_rate": "0.10", "additional_duty_rate": 0, "freight_rate_cny_per_kg": 34}
    de = one(request(overrides=over))  # FOB 200, freight 34, insurance 1.1 × 234 × 0.2%
    cif = D(200) + D(34) + D("1.1") * D(234) * D("0.002")
    assert amount(de, "insurance") == (D("1.1") * D(234) * D("0.002")).quantize(D("0.01"))
    assert amount(de, "import_duty") == (cif * D("0.10")).quantize(D("0.01"))
    us = one(request(destination="US", overrides=over))
    assert amount(us, "import_duty") == D("20.00")  # 10% of FOB 200 only
    assert "FOB customs value" in basis(us, "import_duty")
    assert "CIF customs value" in basis(de, "import_duty")


def test_us_additional_duty_on_chinese_origin_only():
    cn = one(request(destination="US", overrides={"additional_duty_rate": "0.25"}))
    assert amount(cn, "additional_duty") == D("50.00")
    reference = one(request(destination="US"))
    assert amount(reference, "additional_duty") > 0
    vn = one(request(destination="US", origin="VN", ship_date="2026-11-23"))
    assert amount(vn, "additional_duty") == 0


@pytest.mark.parametrize(
    "hs,origin,ship_date,expected",
    [
        ("670420", "CN", "2025-12-01", "0.275"),  # 301 List 4A 7.5% + IEEPA fentanyl 10% + reciprocal 10%
        ("670420", "CN", "2025-04-20", "1.525"),  # 7.5% + fentanyl 20% + the 125% reciprocal of April-May 2025
        ("670420", "CN", "2026-03-01", "0.175"),  # IEEPA struck down; Section 122 10% instead
        ("670420", "CN", "2026-11-23", "0.075"),  # Section 122 expired on 2026-07-24
        ("670420", "VN", "2025-12-01", "0.10"),  # IEEPA baseline
        ("670420", "VN", "2026-03-01", "0.10"),  # Section 122 applies to every origin
        ("940161", "CN", "2026-03-01", "0.50"),  # 301 25% + Section 232 25%; Section 122 does not stack on 232
        ("870830", "CN", "2026-03-01", "0.25"),  # vehicle parts are outside Section 122
    ],
)
def test_us_additional_duties_follow_their_dates(hs, origin, ship_date, expected):
    us = load_reference()["countries"]["countries"]["US"]
    measures = additional_duty_measures(us, hs, origin, dt.date.fromisoformat(ship_date))
    assert sum((rate for _, rate in measures), D(0)) == D(expected)
    result = one(request(sku={"hs_code": hs}, destination="US", origin=origin, ship_date=ship_date))
    assert amount(result, "additional_duty") == (D(200) * D(expected)).quantize(D("0.01"))


def parcel(destination, price, currency, ship_date, **extra):
    return request(
        destination=destination,
        channel="aliexpress",
        route="express",
        customs_mode="9610",
        selling_price=price,
        currency=currency,
        ship_date=ship_date,
        overrides={"duty_rate": "0.10", "fx": {"EUR": 8, "GBP": 9, "USD": 7}},
        **extra,
    )


def test_eu_150_euro_duty_threshold_is_inclusive_and_vat_still_due():
    at = one(parcel("DE", "178.50", "EUR", "2026-06-30"))  # 178.50 / 1.19 = 150.00 net
    assert amount(at, "import_duty") == 0
    assert amount(at, "import_vat") == (D("178.50") * 8 / D("1.19") * D("0.19")).quantize(D("0.01"))
    over = one(parcel("DE", "178.51", "EUR", "2026-06-30"))
    assert amount(over, "import_duty") > 0


def test_eu_flat_three_euro_duty_from_july_2026():
    result = one(parcel("DE", "100", "EUR", "2026-07-01"))
    assert amount(result, "import_duty") == D("24.00")  # 3 EUR × 8
    assert "EU_FLAT_3" in basis(result, "import_duty")


def test_eu_22_euro_vat_exemption_ended_2021_07_01():
    before = one(parcel("DE", "22", "EUR", "2021-06-30"))
    assert amount(before, "import_vat") == 0
    after = one(parcel("DE", "22", "EUR", "2021-07-01"))
    assert amount(after, "import_vat") == (D(22) * 8 / D("1.19") * D("0.19")).quantize(D("0.01"))


def test_uk_135_pound_threshold():
    assert amount(one(parcel("GB", "162.00", "GBP", "2026-01-10")), "import_duty") == 0  # 162 / 1.2 = 135
    assert amount(one(parcel("GB", "162.01", "GBP", "2026-01-10")), "import_duty") > 0


@pytest.mark.parametrize(
    "origin,ship_date,exempt",
    [
        ("CN", "2025-05-01", True),
        ("CN", "2025-05-02", False),
        ("VN", "2025-08-28", True),
        ("VN", "2025-08-29", False),
        ("HK", "2025-05-02", False),
    ],
)
def test_us_de_minimis_end_dates(origin, ship_date, exempt):
    result = one(parcel("US", "100", "USD", ship_date, origin=origin))
    assert (amount(result, "import_duty") == 0) is exempt
    if not exempt:
        assert amount(result, "import_duty") == D("70.00")


def test_us_de_minimis_does_not_apply_to_bulk_warehouse_stock():
    result = one(
        request(
            destination="US",
            channel="amazon",
            route="sea",
            customs_mode="9810",
            selling_price=100,
            currency="USD",
            ship_date="2025-01-10",
            overrides={"duty_rate": "0.10"},
        )
    )
    assert amount(result, "import_duty") > 0


@pytest.mark.parametrize(
    "mode,overrides,expected",
    [
        ("9810", {}, "-13.00"),
        ("0110", {}, "-13.00"),
        ("9710", {}, "-13.00"),
        ("9610", {}, "0.00"),
        ("9610", {"rebate_documents": True}, "-13.00"),
        ("9810", {"rebate_documents": False}, "0.00"),
    ],
)
def test_export_rebate_by_customs_mode(mode, overrides, expected):
    route = "express" if mode == "9610" else "air"
    result = one(request(customs_mode=mode, route=route, overrides=overrides))
    assert amount(result, "export_vat_rebate") == D(expected)  # 113 / 1.13 × 13%


def test_rebate_rate_follows_hs_code():
    garlic = one(request(sku={"hs_code": "070320"}))
    assert amount(garlic, "export_vat_rebate") == D("-9.00")  # agricultural 9%


def test_forgone_rebate_is_advised_under_9610():
    result = one(request(customs_mode="9610", route="express", channel="aliexpress", selling_price=60, currency="EUR"))
    codes = {a.code for a in result.advice}
    assert "REBATE_9610_FORGONE" in codes
    assert all(advice_text(a, "zh_CN") and advice_text(a, "en") for a in result.advice)


def test_marketing_defaults_to_ten_percent_of_cost_and_can_be_overridden():
    assert amount(one(request()), "marketing") == D("11.30")
    assert amount(one(request(overrides={"marketing_rate": "0.2"})), "marketing") == D("22.60")


def test_oversized_furniture_in_warehouse_pays_storage_and_retrieval():
    sofa = {
        "unit_cost_cny": 3000,
        "weight_kg": 60,
        "length_cm": 200,
        "width_cm": 90,
        "height_cm": 80,
        "hs_code": "940161",
    }
    result = one(
        request(
            sku=sofa,
            destination="US",
            channel="wayfair",
            route="sea",
            customs_mode="9810",
            selling_price=1200,
            currency="USD",
        )
    )
    assert result.size_tier == "oversize"
    cbm = D("1.44")
    assert amount(result, "warehouse_retrieval") == (D("0.10") * cbm * 1800).quantize(D("0.01"))
    assert amount(result, "warehouse_storage") == (cbm * 180 * 4).quantize(D("0.01"))
    assert "OVERSIZE_WAREHOUSE_RISK" in {a.code for a in result.advice}


def test_parcels_have_no_overseas_storage():
    result = one(request(customs_mode="9610", route="express", channel="aliexpress"))
    assert amount(result, "warehouse_storage") == 0 and amount(result, "warehouse_retrieval") == 0


def test_options_come_best_margin_first():
    req = request()
    req["options"].append({**req["options"][0], "id": "cheap", "selling_price": 150})
    req["options"].append({**req["options"][0], "id": "dear", "selling_price": 400})
    ids = [r.option.id for r in evaluate(req)]
    assert ids == ["dear", "a", "cheap"]


def test_central_asia_advice_compares_tir_and_rail():
    result = one(request(destination="KZ", route="rail"))
    advice = next(a for a in result.advice if a.code == "CENTRAL_ASIA_TIR_VS_RAIL")
    assert advice.params["tir_days"] * 2 <= advice.params["rail_days"] + 1


def test_air_advised_for_light_high_value_goods():
    wig = {"unit_cost_cny": 400, "weight_kg": "0.3", "length_cm": 25, "width_cm": 20, "height_cm": 8}
    result = one(
        request(
            sku=wig,
            destination="US",
            channel="amazon",
            route="sea",
            customs_mode="9810",
            selling_price=150,
            currency="USD",
        )
    )
    assert "AIR_FOR_HIGH_VALUE_LIGHT" in {a.code for a in result.advice}


@pytest.mark.parametrize(
    "mutate,field",
    [
        (lambda r: r["sku"].pop("weight_kg"), "sku.weight_kg"),
        (lambda r: r["sku"].update(hs_code="67"), "sku.hs_code"),
        (lambda r: r["options"][0].update(destination="XX"), "options[0].destination"),
        (lambda r: r["options"][0].update(route="tir"), "options[0].route"),
        (lambda r: r["options"][0].update(selling_price="abc"), "options[0].selling_price"),
        (lambda r: r["options"][0].update(currency="ZZZ"), "options[0].currency"),
        (lambda r: r.update(overrides={"dutyrate": 1}), "overrides.dutyrate"),
        (lambda r: r.update(overrides={"duty_rate": -1}), "overrides.duty_rate"),
        (lambda r: r["options"].append(dict(r["options"][0])), "options[1].id"),
    ],
)
def test_bad_input_names_the_field(mutate, field):
    req = request()
    mutate(req)
    with pytest.raises(InputError) as info:
        evaluate(req)
    assert info.value.field == field


def test_postal_weight_limit_is_reported_on_the_option():
    with pytest.raises(InputError) as info:
        evaluate(request(sku={"weight_kg": 3}, route="postal", customs_mode="9610"))
    assert info.value.field == "options[0].route"


def test_ship_date_defaults_to_today_argument():
    req = request()
    del req["ship_date"]
    result = evaluate(req, today=dt.date(2025, 1, 1))[0]
    assert result.option.ship_date == dt.date(2025, 1, 1)


def test_contracts_document_every_component_override_and_advice_code():
    text = (Path(chuhai.planning.__file__).parent / "CONTRACTS.md").read_text(encoding="utf-8")
    advice_source = (Path(chuhai.planning.__file__).parent / "engine" / "advice.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'^    "([A-Z0-9_]+)": \(', advice_source, re.M))
    assert len(codes) >= 11
    for name in [*COMPONENTS, *OVERRIDE_KEYS, *codes]:
        assert f"`{name}`" in text, name


def test_de_minimis_edge_is_advised_just_over_the_threshold():
    result = one(parcel("GB", "170", "GBP", "2026-01-10"))  # 170 / 1.2 = 141.67 GBP, 5% over 135
    edge = next(a for a in result.advice if a.code == "DE_MINIMIS_EDGE")
    assert edge.params["rule"] == "GB_DUTY_135"


def test_negative_margin_gives_a_break_even_price():
    result = one(request(selling_price=100))
    advice = next(a for a in result.advice if a.code == "NEGATIVE_MARGIN")
    price = advice.params["breakeven_price"]
    assert price > 100
    again = one(request(selling_price=str(price)))
    assert abs(again.margin_cny) < 1
