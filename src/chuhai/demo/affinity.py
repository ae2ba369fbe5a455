"""Which categories sell where, through which channels, in which months, and under which certificates."""

from __future__ import annotations

# Category → market weights (markets not named get DEFAULT_MARKET_WEIGHT).
MARKET_AFFINITY: dict[str, dict[str, float]] = {
    "wigs": {"US": 3, "NG": 2.5, "ID": 0.8, "ZA": 2, "GB": 1.5, "BR": 1, "FR": 1, "CA": 1, "AE": 0.8, "DE": 0.6},
    "eyelashes": {"JP": 3, "KR": 3, "US": 2.5, "GB": 1.5, "DE": 1.5, "FR": 1.5, "ES": 1, "IT": 1, "ID": 1},
    "furniture": {"US": 3, "GB": 2, "DE": 2, "AU": 1.5, "CA": 1.5, "SA": 1.5, "AE": 1.5, "FR": 1, "NL": 1, "ID": 0.6},
    "playground": {"US": 3, "ID": 1.5, "AU": 1.5, "DE": 1.5, "GB": 1, "CA": 1, "SA": 1, "AE": 1, "MY": 1},
    "auto_parts": {"RU": 3, "KZ": 2, "UZ": 2, "SA": 2, "AE": 2, "NG": 1.5, "MX": 1.5, "BR": 1.5, "TR": 1, "US": 1},
    "textiles": {"US": 2.5, "GB": 1.5, "DE": 1.5, "JP": 1.5, "FR": 1, "AU": 1, "ID": 1},
    "instruments": {"US": 3, "DE": 2, "GB": 1.5, "JP": 1.5, "FR": 1, "BR": 1},
    "seasonings": {"KR": 3, "JP": 2.5, "ID": 2, "MY": 2, "TH": 2, "VN": 2, "US": 1.5, "SG": 1.5, "PH": 1.5},
    "agri_produce": {"ID": 3, "MY": 2.5, "VN": 2, "TH": 2, "AE": 2, "SA": 2, "BR": 1.5, "RU": 1.5, "PH": 1.5},
    "smart_home": {"US": 3, "DE": 2, "GB": 2, "FR": 1.5, "ES": 1.5, "AU": 1.5, "JP": 1, "ID": 1},
    "food_beverage": {"KR": 3, "JP": 2, "SG": 2, "MY": 2, "US": 1.5, "AU": 1.5, "PH": 1, "ID": 1},
}
DEFAULT_MARKET_WEIGHT = 0.3

# Category → channel weights (a channel not named is not used for the category).
CHANNEL_AFFINITY: dict[str, dict[str, float]] = {
    "wigs": {"amazon": 3, "independent_site": 3, "tiktok_shop": 2.5, "aliexpress": 2, "alibaba": 1.5,
             "distributor": 1, "temu": 0.8, "shein": 0.8},
    "eyelashes": {"amazon": 3, "tiktok_shop": 2.5, "alibaba": 2, "shein": 1.5, "temu": 1.5, "aliexpress": 1.5,
                  "independent_site": 1.5, "distributor": 1},
    "furniture": {"wayfair": 3, "amazon": 2.5, "independent_site": 1.5, "distributor": 1.5, "alibaba": 1, "temu": 0.5},
    "playground": {"amazon": 3, "wayfair": 2, "distributor": 1.5, "independent_site": 1, "alibaba": 1,
                   "tiktok_shop": 0.8, "temu": 0.5},
    "auto_parts": {"alibaba": 3, "distributor": 3, "aliexpress": 2, "amazon": 1.5, "independent_site": 0.5},
    "textiles": {"amazon": 2.5, "shein": 2, "temu": 2, "alibaba": 2, "distributor": 1, "aliexpress": 1,
                 "tiktok_shop": 1},
    "instruments": {"amazon": 3, "aliexpress": 1.5, "distributor": 1.5, "independent_site": 1, "alibaba": 1,
                    "temu": 0.8},
    "seasonings": {"alibaba": 3, "distributor": 3, "amazon": 1, "tiktok_shop": 0.5},
    "agri_produce": {"distributor": 3.5, "alibaba": 3},
    "smart_home": {"amazon": 3, "temu": 1.5, "aliexpress": 1.5, "alibaba": 1.5, "tiktok_shop": 1,
                   "independent_site": 1, "distributor": 1},
    "food_beverage": {"distributor": 3, "alibaba": 2, "amazon": 1, "tiktok_shop": 1},
}

# Monthly demand multipliers, January first (northern hemisphere; the southern one is shifted 6 months
# for the outdoor profile).
Q4_PEAK = (0.85, 0.80, 0.90, 0.90, 0.90, 0.90, 0.90, 0.95, 1.00, 1.15, 1.45, 1.40)
OUTDOOR = (0.50, 0.60, 1.00, 1.50, 1.80, 1.70, 1.40, 1.00, 0.70, 0.60, 0.60, 0.60)
SEASONALITY: dict[str, tuple[float, ...]] = {
    "wigs": Q4_PEAK,
    "eyelashes": Q4_PEAK,
    "smart_home": Q4_PEAK,
    "instruments": Q4_PEAK,
    "textiles": Q4_PEAK,
    "food_beverage": (1.00, 1.10, 0.90, 0.90, 0.95, 1.00, 1.05, 1.00, 0.95, 1.00, 1.10, 1.25),
    "furniture": (1.10, 0.90, 1.00, 1.00, 1.00, 0.90, 0.85, 0.90, 1.00, 1.05, 1.30, 1.00),
    "playground": OUTDOOR,
    "auto_parts": (1.10, 1.00, 1.00, 1.00, 0.95, 0.95, 0.95, 0.95, 1.00, 1.05, 1.05, 1.00),
    "agri_produce": (1.20, 1.10, 0.90, 0.80, 0.70, 0.70, 0.80, 0.90, 1.10, 1.20, 1.30, 1.30),
    "seasonings": (1.20, 1.10, 0.90, 0.90, 0.90, 0.90, 0.90, 0.90, 1.00, 1.00, 1.10, 1.30),
}
OUTDOOR_TYPES = frozenset({"outdoor_rattan_set"})  # garden furniture follows the outdoor profile

# Enterprise-level certificates a category's firms hold.
ENTERPRISE_CERTS: dict[str, list[str]] = {
    "wigs": ["ISO9001", "BSCI", "REACH"],
    "eyelashes": ["ISO9001", "FDA", "CE", "REACH", "BSCI"],
    "furniture": ["FSC", "BSCI", "ISO9001", "CARB P2", "REACH"],
    "playground": ["ASTM F963", "EN71", "CPSC", "ASTM F1487", "EN1176", "ISO9001"],
    "auto_parts": ["IATF 16949", "ISO9001", "E-Mark", "DOT", "ECE R90", "SAE"],
    "textiles": ["OEKO-TEX", "GOTS", "BSCI", "ISO9001", "EN ISO 20471"],
    "instruments": ["ISO9001", "CE", "RoHS", "FSC"],
    "seasonings": ["HALAL", "HACCP", "ISO22000", "FDA", "KOSHER", "BRC"],
    "agri_produce": ["GLOBALG.A.P.", "HACCP", "Organic", "ISO22000", "HALAL"],
    "smart_home": ["CE", "FCC", "RoHS", "UL", "ETL", "UKCA", "SAA", "RCM", "ISO9001"],
    "food_beverage": ["HALAL", "HACCP", "ISO22000", "FDA", "BRC"],
}

CAPABILITIES: dict[str, list[str]] = {
    "_all": ["OEM", "ODM", "private label", "custom packaging", "small batch orders", "dropshipping",
             "overseas warehouse stock", "in-house R&D", "third-party inspection"],
    "wigs": ["custom hair color", "salon training", "wig customisation"],
    "eyelashes": ["custom lash box", "cruelty-free", "lash design"],
    "furniture": ["3D rendering", "knock-down packaging", "custom upholstery"],
    "playground": ["playground layout design", "on-site installation guidance"],
    "auto_parts": ["OE matching", "reverse engineering", "bench testing"],
    "textiles": ["custom printing", "embroidery", "organic cotton"],
    "instruments": ["custom headstock logo", "set-up and tuning"],
    "seasonings": ["recipe customisation", "halal production line"],
    "agri_produce": ["cold storage", "sorting and grading", "reefer container loading"],
    "smart_home": ["Tuya app integration", "firmware customisation", "Matter certification"],
    "food_beverage": ["export labelling", "mixed-container loading"],
}

# Certificates a market requires of a category (an RFQ there often asks for one of them).
REQUIRED_CERTS: dict[tuple[str, str], list[str]] = {}
_US, _EU = ("US", "CA"), ("DE", "FR", "ES", "IT", "NL", "PL")
for _c in _US:
    REQUIRED_CERTS[(_c, "playground")] = ["ASTM F1487", "CPSC", "ASTM F963"]
    REQUIRED_CERTS[(_c, "smart_home")] = ["FCC", "UL", "ETL"]
    REQUIRED_CERTS[(_c, "auto_parts")] = ["DOT"]
    REQUIRED_CERTS[(_c, "eyelashes")] = ["FDA"]
    REQUIRED_CERTS[(_c, "seasonings")] = ["FDA"]
    REQUIRED_CERTS[(_c, "food_beverage")] = ["FDA"]
    REQUIRED_CERTS[(_c, "furniture")] = ["CARB P2"]
for _c in (*_EU, "GB"):
    REQUIRED_CERTS[(_c, "playground")] = ["EN1176", "EN71"]
    REQUIRED_CERTS[(_c, "smart_home")] = ["CE", "RoHS"] if _c != "GB" else ["UKCA", "CE"]
    REQUIRED_CERTS[(_c, "auto_parts")] = ["E-Mark", "ECE R90"]
    REQUIRED_CERTS[(_c, "eyelashes")] = ["CE", "REACH"]
    REQUIRED_CERTS[(_c, "furniture")] = ["FSC", "REACH"]
    REQUIRED_CERTS[(_c, "textiles")] = ["OEKO-TEX"]
for _c in ("ID", "MY", "SA", "AE"):
    for _cat in ("seasonings", "food_beverage", "agri_produce"):
        REQUIRED_CERTS[(_c, _cat)] = ["HALAL"]
for _c in ("AU", "NZ"):
    REQUIRED_CERTS[(_c, "smart_home")] = ["SAA", "RCM"]
REQUIRED_CERTS[("RU", "auto_parts")] = REQUIRED_CERTS[("KZ", "auto_parts")] = ["E-Mark"]
