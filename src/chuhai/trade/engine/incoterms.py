"""Incoterms 2020 as the comparison needs them: up to which point a quoted price takes the goods, and so
which costs the buyer still pays on top of it to have them at the door, duty and import VAT paid.

| term | the price covers | the buyer still pays |
|---|---|---|
| EXW | goods at the works | export clearance (trucking, declaration), main freight, insurance, duties, VAT |
| FCA, FOB | goods cleared for export, handed over at the port | main freight, insurance, duties, VAT |
| CPT | + main freight to the destination | insurance (the risk passed to the buyer at the first carrier), duties, VAT |
| CIP, CIF | + main freight and insurance | duties, VAT |
| DAP | delivered at the place, not cleared for import | duties, VAT |
| DDP | delivered, duty and VAT paid | nothing |

FCA is priced like FOB (delivered to the buyer's carrier, export cleared). CIF is a sea term and CIP its
any-mode twin; both carry the seller's insurance, so they compare the same way.
"""

from __future__ import annotations

from enum import StrEnum


class Coverage(StrEnum):
    """How far a quoted price takes the goods."""

    WORKS = "works"  # EXW
    PORT = "port"  # FCA, FOB
    CARRIAGE = "carriage"  # CPT: freight paid, not insured
    INSURED = "insured"  # CIP, CIF, DAP: freight and insurance paid
    DUTY_PAID = "duty_paid"  # DDP


EXPORT_CLEARANCE = "export_clearance"
MAIN_FREIGHT = "main_freight"
INSURANCE = "insurance"
IMPORT_DUTY = "import_duty"
ADDITIONAL_DUTY = "additional_duty"
IMPORT_VAT = "import_vat"
QUOTED_PRICE = "quoted_price"
# Every component a landed cost may list, in the order it lists them.
COMPONENTS = (QUOTED_PRICE, EXPORT_CLEARANCE, MAIN_FREIGHT, INSURANCE, IMPORT_DUTY, ADDITIONAL_DUTY, IMPORT_VAT)
_IMPORT = (IMPORT_DUTY, ADDITIONAL_DUTY, IMPORT_VAT)

COVERAGE: dict[str, Coverage] = {
    "EXW": Coverage.WORKS, "FCA": Coverage.PORT, "FOB": Coverage.PORT, "CPT": Coverage.CARRIAGE,
    "CIP": Coverage.INSURED, "CIF": Coverage.INSURED, "DAP": Coverage.INSURED, "DDP": Coverage.DUTY_PAID,
}
INCOTERMS = tuple(COVERAGE)  # in the order of Incoterms 2020: EXW, FCA, FOB, CPT, CIP, CIF, DAP, DDP

BUYER_PAYS: dict[Coverage, tuple[str, ...]] = {
    Coverage.WORKS: (EXPORT_CLEARANCE, MAIN_FREIGHT, INSURANCE, *_IMPORT),
    Coverage.PORT: (MAIN_FREIGHT, INSURANCE, *_IMPORT),
    Coverage.CARRIAGE: (INSURANCE, *_IMPORT),
    Coverage.INSURED: _IMPORT,
    Coverage.DUTY_PAID: (),
}


def coverage(incoterm: str) -> Coverage:
    """How far a price under `incoterm` takes the goods; ValueError for a term this module does not know."""
    try:
        return COVERAGE[incoterm.upper()]
    except KeyError:
        raise ValueError(f"unknown Incoterm {incoterm!r} (known: {', '.join(INCOTERMS)})") from None


def buyer_pays(incoterm: str) -> tuple[str, ...]:
    """The components the buyer still pays on top of a price under `incoterm`, in COMPONENTS order."""
    return BUYER_PAYS[coverage(incoterm)]
