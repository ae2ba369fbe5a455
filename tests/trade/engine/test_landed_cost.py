"""Landed cost at the buyer's door: what each Incoterm leaves the buyer to pay, on the planner's data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chuhai.planning.engine.reference import load_reference
from chuhai.trade.engine.incoterms import BUYER_PAYS, COMPONENTS, INCOTERMS, buyer_pays, coverage
from chuhai.trade.engine.landed_cost import Goods, Quote, choose_route, landed_cost

D = Decimal
SHIP = dt.date(2026, 11, 1)
# An upholstered armchair: 25 kg, 80 × 60 × 60 cm (0.288 CBM), HS 940161.
CHAIR = Goods(D("25"), D("80"), D("60"), D("60"), "940161")
WIG = Goods(D("0.4"), D("30"), D("20"), D("10"), "670420")


def names(cost) -> list[str]:
    return [c.name for c in cost.components]


@pytest.mark.parametrize(("incoterm", "expected"), [
    ("EXW", ["quoted_price", "export_clearance", "main_freight", "insurance", "import_duty", "additional_duty",
             "import_vat"]),
    ("FCA", ["quoted_price", "main_freight", "insurance", "import_duty", "additional_duty", "import_vat"]),
    ("FOB", ["quoted_price", "main_freight", "insurance", "import_duty", "additional_duty", "import_vat"]),
    ("CPT", ["quoted_price", "insurance", "import_duty", "additional_duty", "import_vat"]),
    ("CIP", ["quoted_price", "import_duty", "additional_duty", "import_vat"]),
    ("CIF", ["quoted_price", "import_duty", "additional_duty", "import_vat"]),
    ("DAP", ["quoted_price", "import_duty", "additional_duty", "import_vat"]),
    ("DDP", ["quoted_price"]),
])
def test_each_incoterm_adds_what_the_buyer_still_pays(incoterm, expected):
    cost = landed_cost(Quote(D("100"), "USD", incoterm, 100), CHAIR, "DE", ship_date=SHIP)
    assert names(cost) == expected
    assert cost.amount == sum(c.amount for c in cost.components)
    assert cost.missing == ()


def test_the_incoterm_table_is_complete_and_ordered():
    assert INCOTERMS == ("EXW", "FCA", "FOB", "CPT", "CIP", "CIF", "DAP", "DDP")
    for parts in BUYER_PAYS.values():
        assert list(parts) == sorted(parts, key=COMPONENTS.index)
    assert buyer_pays("ddp") == ()
    with pytest.raises(ValueError, match="unknown Incoterm"):
        coverage("CFR")


def test_a_cheaper_exw_quote_ends_up_dearer_at_the_door_than_a_ddp_quote():
    """The issue's case: 100 USD EXW against 190 USD DDP for armchairs to the US. Sea freight of a bulky
    chair and the US additional duties on Chinese furniture put the EXW quote behind."""
    exw = landed_cost(Quote(D("100"), "USD", "EXW", 100), CHAIR, "US", ship_date=SHIP)
    ddp = landed_cost(Quote(D("190"), "USD", "DDP", 100), CHAIR, "US", ship_date=SHIP)
    assert D("100") < D("190")
    assert ddp.amount == D("190.00")
    assert exw.amount > ddp.amount
    freight = exw.component("main_freight")
    assert freight.basis.code == "freight_per_tonne" and freight.basis.params["route"] == "sea"
    # 0.288 freight tonnes × the sea lane's CNY rate, in USD at the planner's rate
    ref = load_reference()
    rate = D(ref["routes"]["routes"]["sea"]["lanes"]["US"]["rate_cny_per_cbm"])
    usd = D(ref["fx"]["rates"]["USD"]["cny_per_unit"])
    assert freight.amount == (D("0.288") * rate / usd).quantize(D("0.01"))
    assert exw.component("additional_duty").amount > 0  # Section 301 on Chinese furniture
    assert exw.component("import_vat").amount == 0 and exw.component("import_vat").basis.code == "import_vat_none"


def test_exw_customs_value_and_vat_in_a_cif_country():
    cost = landed_cost(Quote(D("100"), "EUR", "EXW", 50), CHAIR, "DE", ship_date=SHIP)
    parts = {c.name: c for c in cost.components}
    duty = parts["import_duty"].basis.params
    assert duty["customs_value_basis"] == "CIF"
    cif = D(duty["customs_value_cny"])
    eur = D(load_reference()["fx"]["rates"]["EUR"]["cny_per_unit"])
    # CIF = price + export clearance + freight + insurance (all in CNY)
    expected = (D("100") * eur + (parts["export_clearance"].amount + parts["main_freight"].amount
                                  + parts["insurance"].amount) * eur)
    assert abs(cif - expected) < D("0.5")
    assert parts["import_vat"].basis.params["rate"] == "19%"
    assert parts["import_vat"].basis.params["recoverable"] is True
    # the declaration per shipment is spread over the quantity
    assert parts["export_clearance"].basis.params["quantity"] == 50


def test_a_freight_inclusive_price_is_brought_back_to_fob_for_a_fob_country():
    cif = landed_cost(Quote(D("150"), "USD", "CIF", 100), CHAIR, "US", ship_date=SHIP)
    fob = landed_cost(Quote(D("150"), "USD", "FOB", 100), CHAIR, "US", ship_date=SHIP)
    cif_value = D(cif.component("additional_duty").basis.params["customs_value_cny"])
    fob_value = D(fob.component("additional_duty").basis.params["customs_value_cny"])
    assert cif_value < fob_value  # freight and insurance taken off the CIF price
    assert cif.component("import_duty").basis.params["freight_not_deducted"] is False


def test_without_weight_and_size_freight_is_unknown_but_a_delivered_price_still_compares():
    exw = landed_cost(Quote(D("10"), "USD", "EXW", 100), Goods(hs_code="670420"), "US", ship_date=SHIP)
    assert exw.amount is None and exw.missing == ("weight_and_size",)
    assert exw.component("main_freight").amount is None
    cif = landed_cost(Quote(D("10"), "USD", "CIF", 100), Goods(hs_code="670420"), "US", ship_date=SHIP)
    assert cif.amount is not None
    assert cif.component("import_duty").basis.params["freight_not_deducted"] is True
    ddp = landed_cost(Quote(D("10"), "USD", "DDP", 100), Goods(), None)
    assert ddp.amount == D("10.00") and ddp.missing == ()


def test_without_an_hs_code_the_destination_default_rate_applies():
    cost = landed_cost(Quote(D("10"), "USD", "FOB", 100), Goods(D("0.4"), D("30"), D("20"), D("10")), "DE",
                       ship_date=SHIP)
    duty = cost.component("import_duty")
    assert duty.basis.code == "import_duty_default"
    assert duty.basis.params["rate"] == "4%"  # DE default in the planner's countries.json


def test_an_unknown_destination_or_currency_is_named_not_guessed():
    cost = landed_cost(Quote(D("10"), "USD", "FOB", 100), WIG, "ZZ", ship_date=SHIP)
    assert cost.amount is None and cost.missing == ("destination",)
    cost = landed_cost(Quote(D("10"), "XAU", "FOB", 100), WIG, "US", ship_date=SHIP)
    assert cost.amount is None and cost.missing == ("fx:XAU",)


def test_currency_conversion_with_given_rates():
    cost = landed_cost(Quote(D("700"), "CNY", "DDP", 10), WIG, "US", currency="USD", fx={"USD": D("7")})
    assert cost.amount == D("100.00") and cost.currency == "USD"


def test_the_route_is_the_first_that_serves_the_destination():
    assert choose_route("US") == "sea"
    assert choose_route("KZ") == "rail"
    cost = landed_cost(Quote(D("30"), "USD", "FOB", 100), WIG, "KZ", ship_date=SHIP)
    assert cost.route == "rail"
    air = landed_cost(Quote(D("30"), "USD", "FOB", 100), WIG, "US", ship_date=SHIP, route="air")
    assert air.component("main_freight").basis.code == "freight_per_kg"
