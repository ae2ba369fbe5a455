"""The batch contract `chuhai compliance requirements --hs HS6 [--category CAT] --market ISO2 [--channel CH] --json`:
plain rows, mandatory first, reasons in English."""

from __future__ import annotations

import datetime as dt
from typing import Any

from chuhai.compliance.engine.reference import Reference, load_reference
from chuhai.compliance.engine.requirements import Applicable, requirements_for


def row(item: Applicable) -> dict[str, Any]:
    r = item.requirement
    return {"code": r.code, "name": r.name_en, "kind": r.kind, "mandatory": r.mandatory, "authority": r.authority,
            "reasons": [reason.text() for reason in item.reasons], "source": r.source, "as_of": r.as_of}


def requirement_rows(hs: str, category: str | None, market: str, channel: str | None = None,
                     reference: Reference | None = None, on: dt.date | None = None) -> list[dict[str, Any]]:
    """Raises `UnknownValue` for an unknown market or channel."""
    return [row(item) for item in requirements_for(reference or load_reference(), hs, category, market, channel, on)]
