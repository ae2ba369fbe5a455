"""One small demo dataset and its order lines, shared by the module's tests (generation is deterministic)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from chuhai.demo.generator import generate, order_lines_frame
from chuhai.demo.markets import MARKETS


@pytest.fixture(scope="session")
def small():
    return generate("small", seed=7)


@pytest.fixture(scope="session")
def full():
    """Full-scale records (about a second; the order lines are not drawn)."""
    return generate("full", seed=7)


@pytest.fixture(scope="session")
def small_orders(small) -> pd.DataFrame:
    frame = order_lines_frame(small)
    per_usd = {m.currency: m.per_usd for m in MARKETS.values()}
    frame["usd"] = frame["unit_price"].astype(float) / frame["currency"].map(per_usd)
    frame["month"] = frame["order_date"].dt.to_period("M")
    frame["year"] = np.where(frame["order_date"] >= "2025-11-01", 2, 1)
    return frame
