"""Trade's words: labels of the landed-cost components and the bases of their amounts, rendered from the
engine's codes and figures in the reader's language (Chinese in `trade/locale/zh_CN.po`). The pages'
hover text and the API's `basis.text` come from here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chuhai.i18n import N_, get_locale, gettext_in
from chuhai.trade.engine.landed_cost import Basis

COMPONENT_LABELS = {
    "quoted_price": N_("Quoted price"),
    "export_clearance": N_("Export clearance"),
    "main_freight": N_("Main freight"),
    "insurance": N_("Insurance"),
    "import_duty": N_("Import duty"),
    "additional_duty": N_("Additional duty"),
    "import_vat": N_("Import VAT / GST"),
}
ROUTE_LABELS = {"sea": N_("Sea freight"), "rail": N_("Rail freight"), "tir": N_("TIR road transport"),
                "air": N_("Air freight"), "express": N_("Express"), "postal": N_("Postal parcel")}
BASIS = {
    "quoted_price": N_("%(incoterm)s price %(unit_price)s %(currency)s per unit for %(quantity)s units"),
    "export_clearance": N_("trucking to the port max(%(kg)s kg × %(rate_kg)s CNY/kg, %(cbm)s CBM × %(rate_cbm)s "
                           "CNY/CBM) = %(trucking_cny)s CNY, plus the export declaration %(declaration_cny)s CNY "
                           "÷ %(quantity)s units"),
    "freight_per_tonne": N_("%(route)s to %(destination)s: %(tonnes)s freight tonnes (the larger of %(cbm)s CBM "
                            "and %(kg)s kg ÷ %(kg_per_cbm)s kg/CBM) × %(rate)s CNY"),
    "freight_per_kg": N_("%(route)s to %(destination)s: %(chargeable)s chargeable kg × %(rate)s CNY/kg"),
    "insurance": N_("%(rate)s × %(share)s × (FOB %(fob_cny)s CNY + freight %(freight_cny)s CNY)"),
    "insurance_on_price": N_("the buyer bears the risk from the first carrier: %(rate)s × %(share)s × "
                             "%(value_cny)s CNY"),
    "import_duty": N_("%(rate)s of the customs value %(customs_value_cny)s CNY (%(customs_value_basis)s) into "
                      "%(destination)s, HS %(hs_key)s"),
    "import_duty_default": N_("%(rate)s of the customs value %(customs_value_cny)s CNY (%(customs_value_basis)s): "
                              "the default rate of %(destination)s, as the quotation names no product"),
    "additional_duty": N_("%(rate)s (%(measures)s) on goods from %(origin)s, of the customs value "
                          "%(customs_value_cny)s CNY"),
    "additional_duty_none": N_("no additional duty on goods from %(origin)s into %(destination)s on %(date)s"),
    "import_vat": N_("%(rate)s of %(base_cny)s CNY (customs value and duties), paid at import; a VAT-registered "
                     "importer recovers it"),
    "import_vat_none": N_("%(destination)s levies no import VAT or GST on it"),
    "needs_weight_and_size": N_("needs the product's weight and size"),
    "no_route": N_("no freight lane to %(destination)s in the reference data"),
    "no_reference_data": N_("no duty and tax data for %(destination)s"),
}
FREIGHT_NOT_DEDUCTED = N_("freight not taken off the price (no weight or size known)")
SPECIFIC_DUTY = N_("plus %(specific_amount)s %(specific_currency)s per kg × %(kg)s kg")
MISSING_LABELS = {"weight_and_size": N_("the product's weight and size"),
                  "destination": N_("the destination's duty and tax data")}


class _Params(dict):
    """Format parameters where a figure the template names but the basis lacks prints as nothing."""

    def __missing__(self, key: str) -> str:
        return ""


def _locale(locale: str | None) -> str:
    return locale or get_locale()


def component_label(name: str, locale: str | None = None) -> str:
    return gettext_in(_locale(locale), COMPONENT_LABELS[name]) if name in COMPONENT_LABELS else name


def route_label(route: str | None, locale: str | None = None) -> str:
    if not route:
        return ""
    return gettext_in(_locale(locale), ROUTE_LABELS[route]) if route in ROUTE_LABELS else route


def basis_text(basis: Basis | Mapping[str, Any], locale: str | None = None) -> str:
    """A component's basis in words: the template of its code filled with its figures."""
    locale = _locale(locale)
    code, params = (basis.code, basis.params) if isinstance(basis, Basis) else (basis["code"], basis["params"])
    if code not in BASIS:
        return code
    values = _Params(params)
    if "route" in values:
        values["route"] = route_label(values["route"], locale)
    text = gettext_in(locale, BASIS[code]) % values
    if params.get("specific_amount"):
        text += " " + gettext_in(locale, SPECIFIC_DUTY) % values
    if params.get("freight_not_deducted"):
        text += "; " + gettext_in(locale, FREIGHT_NOT_DEDUCTED)
    return text
