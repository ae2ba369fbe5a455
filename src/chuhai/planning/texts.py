"""The planner's words: message ids for the engines' codes, and their rendering in a language.

The planning engines say things as codes with parameters (`engine.messages.Msg`, `engine.advice.Advice`);
this module maps each code to an English message id of the Babel catalogs (Chinese in
`planning/locale/zh_CN.po`) and renders it at the edge: pages, the dossier PDF, the API and the batch
contracts (`contracts`). It also holds the labels of cost components and warehouse actions that the
pages and the PDF share.
"""

from __future__ import annotations

from typing import Any

from chuhai.i18n import N_, get_locale, gettext_in
from chuhai.planning.engine.advice import Advice
from chuhai.planning.engine.cost import Component
from chuhai.planning.engine.messages import Msg, Names

COMPONENT_LABELS = {
    "product_cost": N_("Product cost"),
    "domestic_logistics": N_("Domestic logistics"),
    "international_freight": N_("International freight"),
    "insurance": N_("Insurance"),
    "import_duty": N_("Import duty"),
    "additional_duty": N_("Additional duty"),
    "import_vat": N_("Import VAT / GST"),
    "platform_commission": N_("Platform commission"),
    "fulfilment_fee": N_("Fulfilment fee"),
    "marketing": N_("Marketing"),
    "returns_allowance": N_("Returns allowance"),
    "warehouse_storage": N_("Warehouse storage"),
    "warehouse_retrieval": N_("Warehouse retrieval"),
    "payment_fee": N_("Payment fee"),
    "fx_fee": N_("FX fee"),
    "export_vat_rebate": N_("Export VAT rebate"),
}
ACTION_LABELS = {
    "test_batch": N_("Send test batch"),
    "wait": N_("Wait for sell-through"),
    "ship": N_("Ship now"),
    "plan": N_("Ship later"),
    "hold": N_("Enough stock"),
    "do_not_stock": N_("Do not stock"),
    "stalled": N_("Sales stopped"),
    "slow_hold": N_("Slow mover: hold"),
    "slow_discount": N_("Slow mover: discount"),
    "slow_retrieve": N_("Slow mover: retrieve"),
}

# ---------------------------------------------------------------- cost bases (engine.cost)

BASIS: dict[str, str] = {
    "product_cost": N_("unit cost from the factory, VAT included (sku.unit_cost_cny)"),
    "domestic": N_(
        "factory to port/airport: max(%(kg)s kg × %(rate_kg)s CNY/kg, %(cbm)s CBM × %(rate_cbm)s "
        "CNY/CBM)"
    ),
    "freight_kg": N_(
        "chargeable weight %(chargeable)s kg = max(actual %(kg)s kg%(volumetric)s%(minimum)s) × "
        "%(rate)s CNY/kg (%(route)s, %(destination)s)%(per_parcel)s"
    ),
    "freight_volumetric": N_(", volumetric %(length)s×%(width)s×%(height)s cm ÷ %(divisor)s = %(kg)s kg"),
    "freight_minimum": N_(", minimum %(kg)s kg"),
    "freight_per_parcel": N_(" + %(fee)s CNY per parcel ÷ %(units)s unit(s)"),
    "freight_wm": N_(
        "W/M freight tonnes %(tonnes)s = max(%(cbm)s CBM, %(kg)s kg ÷ %(kg_per_cbm)s kg/CBM) × "
        "%(rate)s CNY per CBM (%(route)s, %(destination)s)"
    ),
    "insurance": N_("%(rate)s × %(share)s × (FOB %(fob)s + freight %(freight)s) CNY"),
    "customs_value_cif": N_("CIF customs value %(value)s CNY (FOB + freight + insurance)"),
    "customs_value_fob": N_("FOB customs value %(value)s CNY (freight and insurance excluded)"),
    "duty_simplified": N_("%(rate)s simplified low-value rate × %(customs_value)s — rule %(rule)s: %(source)s"),
    "additional_in_simplified": N_("included in the simplified rate of rule %(rule)s"),
    "duty_flat": N_(
        "flat %(amount)s %(currency)s per item in a parcel ≤ %(threshold)s %(currency)s ÷ "
        "%(units)s unit(s) — rule %(rule)s: %(source)s"
    ),
    "additional_in_flat": N_("replaced by the flat duty of rule %(rule)s"),
    "exempt": N_("exempt: consignment within de minimis — %(rule)s: %(source)s"),
    "additional_exempt": N_("exempt under %(rule)s"),
    "duty_tariff": N_("%(rate)s (%(destination)s rate for %(key)s) × %(customs_value)s%(specific)s%(override)s"),
    "hs_key": N_("HS %(key)s"),
    "duty_default_key": N_("its default"),
    "duty_specific": N_(" + %(amount)s %(currency)s/kg × %(kg)s kg (%(note)s)"),
    "override_mark": N_(" [override]"),
    "rate_override": N_("%(rate)s [override]"),
    "additional": N_("%(rates)s on %(origin)s origin × %(customs_value)s%(notes)s"),
    "additional_none": N_("no additional duty on %(origin)s origin in %(destination)s on %(date)s"),
    "vat_b2b": N_("B2B: import VAT/GST (%(rate)s) is paid by the importer of record and recovered as input tax"),
    "vat_none": N_("no VAT/GST on imports: %(source)s"),
    "vat_inside_price": N_("%(rate)s VAT inside the consumer price: %(price)s ÷ %(divisor)s × %(vat)s; %(how)s"),
    "vat_collected_at_sale": N_("collected at sale (IOSS / marketplace)"),
    "vat_reclaimed": N_("import VAT on (customs value + duty) is reclaimed against it"),
    "vat_on_top": N_("%(rate)s GST/sales tax is added on top of the price and paid by the buyer"),
    "commission": N_("%(rate)s × selling price %(price)s CNY (%(channel)s)"),
    "fulfilment_override": N_("per unit (override)"),
    "fulfilment_b2b": N_("B2B: the buyer receives the goods in bulk"),
    "fulfilment_parcel": N_("the %(route)s parcel is delivered straight to the consumer"),
    "fulfilment_fee": N_("%(who)s, %(tier)s tier: (%(base)s + %(per_kg)s × %(kg)s kg) USD × %(usd)s"),
    "fulfilment_platform": N_("%(channel)s fulfilment"),
    "fulfilment_warehouse": N_("overseas warehouse (3PL) pick, pack and last-mile"),
    "tier_standard": N_("standard"),
    "tier_large": N_("large"),
    "tier_oversize": N_("oversize"),
    "marketing": N_("%(rate)s of product cost (%(source)s)"),
    "marketing_override": N_("%(rate)s of product cost (override)"),
    "returns": N_(
        "%(rate)s returned (%(channel)s) × %(loss)s lost under %(mode)s (%(note)s) × goods cost "
        "%(goods_cost)s CNY"
    ),
    "no_overseas_stock_none": N_("no overseas stock: parcels ship straight to consumers"),
    "no_overseas_stock_china_bonded": N_("no overseas stock: stock waits in a Chinese bonded zone"),
    "no_overseas_stock_buyer": N_("no overseas stock: the buyer holds the stock"),
    "no_overseas_stock_other": N_("no overseas stock: no overseas warehouse"),
    "no_stock_to_retrieve": N_("no overseas stock to retrieve"),
    "storage": N_("%(cbm)s CBM × %(rate)s CNY/CBM/month × %(months)s months in the overseas warehouse"),
    "retrieval": N_("%(share)s of units retrieved unsold × %(cost)s CNY (%(how)s)"),
    "override": N_("override"),
    "retrieval_oversize": N_(
        "oversize: %(cbm)s CBM × %(rate)s CNY/CBM, calibrated on the seed case (furniture "
        "worth 160,000 CNY cost 60,000 CNY to retrieve)"
    ),
    "retrieval_standard": N_("standard removal fee per unit"),
    "payment": N_("%(rate)s × selling price%(fixed)s"),
    "payment_fixed": N_(" + %(fee)s USD per order"),
    "fx_none": N_("priced in CNY: no conversion"),
    "fx_fee": N_("%(rate)s × selling price: collection and conversion %(currency)s→CNY at %(fx)s"),
    "rebate": N_(
        "− %(cost)s ÷ %(divisor)s × %(rate)s rebate (%(label)s) under %(mode)s with export "
        "declaration and VAT invoices"
    ),
    "rebate_default_rate": N_("default rate"),
    "rebate_none": N_("no rebate under %(mode)s without the documents (%(note)s); %(forgone)s CNY forgone"),
}

# ---------------------------------------------------------------- stock reasons (engine.stock)

REASONS: dict[str, str] = {
    "stock_wait_no_sales": N_(
        "no sales yet; %(position)s units on hand or on order: wait for the test batch "
        "to sell"
    ),
    "stock_test_batch": N_(
        "new SKU without sales: send a test batch of %(batch)s units (30–50); ship a larger "
        "second batch only if at least %(sell_through)s of it sells within %(weeks)s weeks "
        "of arrival"
    ),
    "stock_test_batch_selling": N_(
        "test batch: %(sold)s sold in %(weeks)s weeks, below the %(needed)s "
        "sell-through needed before a second batch"
    ),
    "stock_stalled": N_(
        "no sale for %(weeks)s weeks although the forecast expects %(mu)s/week: demand has "
        "likely stopped; do not reorder"
    ),
    "then": N_("%(first)s; %(more)s"),
    "stock_do_not_stock": N_(
        "demand %(mu)s/week is too thin to stock here: a unit sent now is unlikely to "
        "sell within the lead time + %(weeks)s weeks, and a slow unit costs more to hold, "
        "discount or retrieve than a lost sale; sell it made to order or as direct "
        "parcels (9610)"
    ),
    "stock_reorder": N_(
        "%(how)s; demand %(mu)s/week (σ %(sigma)s), lead time %(lead)s days, service level "
        "%(service)s → safety stock %(safety)s; order covers %(cover)s weeks%(capped)s"
    ),
    "stock_below_reorder_point": N_("inventory position %(position)s ≤ reorder point %(reorder_point)s"),
    "stock_above_reorder_point": N_(
        "inventory position %(position)s above reorder point %(reorder_point)s: "
        "next shipment when it falls to it"
    ),
    "stock_capped": N_("; stock capped at %(units)s units, the most that are likely to sell before turning slow"),
    "stock_slow_mover": N_(
        "slow mover: %(on_hand)s units on hand (%(cover)s of cover); %(excess)s excess "
        "units. Cost of holding %(hold)s CNY, discounting %(discount)s CNY, retrieving "
        "%(retrieve)s CNY → %(choice)s"
    ),
    "stock_cover_weeks": N_("%(weeks)s weeks"),
    "stock_no_recent_sales": N_("no recent sales"),
    "stock_keep_holding": N_("keep holding it"),
    "stock_clear_at_discount": N_("clear it at %(discount)s off"),
    "stock_retrieve": N_("retrieve it from the warehouse"),
}

# ------------------------------------------------------- advice (engine.advice; "CODE+extra": a sentence more)

ADVICE: dict[str, str] = {
    "AIR_FOR_HIGH_VALUE_LIGHT": N_(
        "High value, light weight (about %(value_per_kg)s CNY/kg): air costs "
        "%(air_freight_cny)s CNY a unit (now %(freight_cny)s) and arrives within "
        "%(air_days)s days instead of %(days)s; wigs, false eyelashes and caps suit "
        "air freight from the airport bonded zone."
    ),
    "SEA_FOR_BULKY": N_(
        "Air freight is %(share_pct)s%% of the price: %(route)s costs %(freight_cny)s CNY a "
        "unit and takes about %(days)s days."
    ),
    "CENTRAL_ASIA_TIR_VS_RAIL": N_(
        "To %(destination)s: TIR road costs %(tir_cny)s CNY a unit in about "
        "%(tir_days)s days, half the time of China–Europe rail (%(rail_cny)s CNY, "
        "about %(rail_days)s days); use TIR for urgent or high-value goods, rail "
        "for volume."
    ),
    "CENTRAL_ASIA_TIR_VS_RAIL+sea": N_("Sea (%(sea_cny)s CNY) is cheapest but slowest."),
    "EUROPE_RAIL": N_(
        "China–Europe rail to %(destination)s: %(rail_cny)s CNY a unit in about %(rail_days)s "
        "days (now %(freight_cny)s CNY, %(days)s days), between sea and air."
    ),
    "REBATE_9610_FORGONE": N_(
        "9610 parcels cleared by list get no export VAT rebate: %(forgone_cny)s CNY a "
        "unit forgone; shipping stock under 9810 (or 9710) with VAT invoices earns it."
    ),
    "REBATE_9810": N_(
        "9810 (export to an overseas warehouse) earns the export VAT rebate, %(rebate_cny)s CNY "
        "a unit, and returns go back into the warehouse for resale."
    ),
    "RETURNS_1210": N_(
        "This channel returns about %(return_rate_pct)s%% of units: 9610 parcels rarely come "
        "back (about %(loss_9610_pct)s%% lost), under 1210 returns can re-enter the bonded zone "
        "(about %(loss_1210_pct)s%% lost)."
    ),
    "US_DE_MINIMIS_ENDED": N_(
        "The US USD 800 de minimis ended for China and Hong Kong on 2 May 2025 and for "
        "all countries on 29 Aug 2025: every parcel pays duty."
    ),
    "DE_MINIMIS_EDGE": N_(
        "The parcel's value, %(value)s %(currency)s, is just over the %(threshold)s "
        "%(currency)s de minimis (%(rule)s): a small price change or a split parcel avoids "
        "the duty."
    ),
    "OVERSIZE_WAREHOUSE_RISK": N_(
        "Oversized goods are costly to store and to pull out: about "
        "%(retrieval_cny)s CNY a unit to retrieve (a Qingdao furniture maker paid "
        "60,000 CNY to retrieve two slow items worth 160,000 CNY). Send a 30–50 unit "
        "test batch, restock only what sells, and let distributors carry stock."
    ),
    "NEGATIVE_MARGIN": N_(
        "This option loses %(margin_cny)s CNY a unit: change channel or route, or reprice "
        "for a price-sensitive market (as the slide-house maker did in Indonesia)."
    ),
    "NEGATIVE_MARGIN+breakeven": N_("Break-even price: about %(breakeven_price)s %(currency)s."),
}
ADVICE_AND_MORE = N_("%(advice)s %(more)s")  # an advice followed by one of its extra sentences
ROUTE_WORDS = {  # a route in an advice's sentence
    "sea": N_("sea freight"),
    "air": N_("air freight"),
    "rail": N_("China–Europe rail"),
    "tir": N_("TIR road transport"),
    "express": N_("express"),
    "postal": N_("postal"),
}
MESSAGES = {**BASIS, **REASONS}


def render(message: Msg | Names | Any, locale: str | None = None) -> Any:
    """A code with its parameters in words, in `locale` (default: the reader's); clauses render alike."""
    locale = locale or get_locale()
    if isinstance(message, Msg):
        params = {name: render(value, locale) for name, value in message.params.items()}
        return gettext_in(locale, MESSAGES[message.code], **params)
    if isinstance(message, Names):
        return message.zh if locale.startswith("zh") else message.en
    return message


def basis_text(component: Component, locale: str | None = None) -> str:
    """A cost component's basis: the arithmetic behind its amount."""
    return render(component.basis, locale)


def advice_text(advice: Advice, locale: str | None = None) -> str:
    """An advice in words; a `route` parameter (an id) reads as the route's name."""
    locale = locale or get_locale()
    params = dict(advice.params)
    route = params.get("route")
    if route in ROUTE_WORDS:
        params["route"] = gettext_in(locale, ROUTE_WORDS[route])
    text = gettext_in(locale, ADVICE[advice.code], **params)
    for extra in advice.extras:
        more = gettext_in(locale, ADVICE[f"{advice.code}+{extra}"], **params)
        text = gettext_in(locale, ADVICE_AND_MORE, advice=text, more=more)
    return text


# ---------------------------------------------------------------- HS questions (engine.hs.Question)

HS_QUESTIONS = {
    "knit": N_("Is it knitted or crocheted, or woven?"),
    "gender": N_("Is it for men or boys, or for women or girls?"),
    "material": N_("What is it mainly made of?"),
    "power": N_("Is it electric?"),
    "upper": N_("What are the uppers made of?"),
    "metal": N_("What is the jewellery made of?"),
    "made_of": N_("Which metal or plastic is it made of?"),
    "surface": N_("What is the outer surface made of?"),
    "hair": N_("Is it made of human hair or of synthetic fibre?"),
    "display": N_("Does the watch show the time digitally or with hands?"),
}
# By (fact, answer): the same answer name can mean different things under two facts ("plastics" uppers are rubber or
# plastics; a "plastics" kitchen article is of plastics only)
HS_ANSWERS = {
    ("knit", "knitted"): N_("knitted or crocheted"),
    ("knit", "woven"): N_("woven"),
    ("gender", "men"): N_("men or boys"),
    ("gender", "women"): N_("women or girls"),
    ("material", "cotton"): N_("cotton"),
    ("material", "synthetic"): N_("synthetic fibres"),
    ("material", "wool"): N_("wool"),
    ("material", "silk"): N_("silk"),
    ("power", "electric"): N_("electric"),
    ("power", "manual"): N_("not electric"),
    ("upper", "leather"): N_("leather uppers"),
    ("upper", "textile"): N_("textile uppers"),
    ("upper", "plastics"): N_("rubber or plastic uppers (PU included)"),
    ("metal", "silver"): N_("silver (925)"),
    ("metal", "gold"): N_("gold or platinum"),
    ("metal", "base"): N_("base metal, also gold- or silver-plated"),
    ("metal", "other"): N_("plastics, resin, glass, wood or other"),
    ("made_of", "aluminium"): N_("aluminium"),
    ("made_of", "stainless"): N_("stainless steel"),
    ("made_of", "cast_iron"): N_("cast iron"),
    ("made_of", "plastics"): N_("plastics (silicone included)"),
    ("made_of", "rubber"): N_("rubber"),
    ("surface", "leather"): N_("genuine leather"),
    ("surface", "sheeting"): N_("plastic sheeting or textile (PU leather included)"),
    ("hair", "human"): N_("human hair"),
    ("hair", "synthetic"): N_("synthetic fibre"),
    ("display", "digital"): N_("digital display"),
    ("display", "analogue"): N_("hands"),
}


def hs_question(question, locale: str | None = None) -> dict[str, Any]:
    """An `engine.hs.Question` as `{"text", "fact", "options": [{"answer", "label", "codes"}]}` in `locale`."""
    locale = locale or get_locale()
    return {
        "text": gettext_in(locale, HS_QUESTIONS[question.fact]),
        "fact": question.fact,
        "options": [
            {"answer": answer, "label": gettext_in(locale, HS_ANSWERS[question.fact, answer]), "codes": list(codes)}
            for answer, codes in question.options
        ],
    }
