"""Hard and soft constraints between a demand and a product.

Hard constraints remove a product: a certification the demand requires is missing, or the demand
asks for verified suppliers and the product's enterprise is not verified. They are evaluated as a
vectorised mask over the whole catalog *before* retrieval, so a demand with a rare requirement
still gets its K eligible products instead of an empty list after post-filtering.

Soft constraints multiply the text relevance by a factor in (0, 1] and each yields a reason:
MOQ above the quantity, price above the target, lead time above the deadline, monthly capacity
below the quantity. Factors grow harsher with the size of the gap (a price 10% over the target
costs less than one 2× over), and missing data costs a little, less than a known gap.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from chuhai.matching.engine.records import CatalogItem, DemandQuery, Reason

UNKNOWN_FACTOR = 0.95


@lru_cache(maxsize=4096)
def normalise_certification(name: str) -> str:
    """"ISO 9001", "iso-9001" and "ISO9001" are the same certification; so are "E-Mark" and "EMARK"."""
    return re.sub(r"[^0-9A-Z]", "", name.upper())


def _num(value) -> float:
    return math.nan if value is None else float(value)


@dataclass(slots=True)
class Terms:
    """The commercial terms of one offer, as floats (NaN = not given)."""

    price: float
    moq: float
    lead_time: float
    capacity: float
    verified: bool
    certifications: frozenset[str]

    @classmethod
    def of(cls, item: CatalogItem) -> Terms:
        return cls(
            _num(item.price_usd),
            _num(item.moq),
            _num(item.lead_time_days),
            _num(item.monthly_capacity),
            bool(item.verified),
            frozenset(normalise_certification(c) for c in item.certifications),
        )


def required_certifications(demand: DemandQuery) -> frozenset[str]:
    return frozenset(normalise_certification(c) for c in demand.required_certifications if c.strip())


def passes_hard(terms: Terms, demand: DemandQuery) -> bool:
    if demand.verified_only and not terms.verified:
        return False
    return required_certifications(demand) <= terms.certifications


def _fmt(value: float):
    return int(value) if float(value).is_integer() else round(value, 2)


def soft_factor(terms: Terms, demand: DemandQuery) -> tuple[float, list[Reason]]:
    """Multiplicative penalty and the reasons, fit and gap, for one product and one demand."""
    factor, reasons = 1.0, []
    quantity = demand.quantity
    if quantity is not None and quantity > 0:
        if math.isnan(terms.moq):
            factor *= UNKNOWN_FACTOR
            reasons.append(Reason("moq_unknown", "gap"))
        elif terms.moq > quantity:
            factor *= 1.0 / (1.0 + 0.5 * math.log2(terms.moq / quantity))
            reasons.append(Reason("moq_above_quantity", "gap", {"moq": _fmt(terms.moq), "quantity": quantity}))
        else:
            reasons.append(Reason("moq_within_quantity", "fit", {"moq": _fmt(terms.moq), "quantity": quantity}))
        if math.isnan(terms.capacity):
            factor *= UNKNOWN_FACTOR
            reasons.append(Reason("capacity_unknown", "gap"))
        elif terms.capacity < quantity:
            ratio = quantity / max(terms.capacity, 1.0)
            factor *= 1.0 / (1.0 + 0.5 * math.log2(ratio))
            reasons.append(
                Reason("capacity_below_quantity", "gap", {"capacity": _fmt(terms.capacity), "quantity": quantity})
            )
        else:
            reasons.append(
                Reason("capacity_sufficient", "fit", {"capacity": _fmt(terms.capacity), "quantity": quantity})
            )
    if demand.target_price_usd is not None and float(demand.target_price_usd) > 0:
        target = float(demand.target_price_usd)
        if math.isnan(terms.price):
            factor *= UNKNOWN_FACTOR
            reasons.append(Reason("price_unknown", "gap"))
        elif terms.price > target:
            factor *= 1.0 / (1.0 + 2.0 * (terms.price / target - 1.0))
            reasons.append(Reason("price_above_target", "gap", {"price": _fmt(terms.price), "target": _fmt(target)}))
        else:
            reasons.append(Reason("price_within_target", "fit", {"price": _fmt(terms.price), "target": _fmt(target)}))
    if demand.max_lead_time_days is not None and demand.max_lead_time_days > 0:
        max_days = demand.max_lead_time_days
        if math.isnan(terms.lead_time):
            factor *= UNKNOWN_FACTOR
            reasons.append(Reason("lead_time_unknown", "gap"))
        elif terms.lead_time > max_days:
            factor *= 1.0 / (1.0 + 1.5 * (terms.lead_time / max_days - 1.0))
            reasons.append(
                Reason("lead_time_above_max", "gap", {"lead_time_days": _fmt(terms.lead_time), "max_days": max_days})
            )
        else:
            reasons.append(
                Reason("lead_time_within_max", "fit", {"lead_time_days": _fmt(terms.lead_time), "max_days": max_days})
            )
    return factor, reasons


def hard_fit_reasons(terms: Terms, demand: DemandQuery, required: list[str] | None = None) -> list[Reason]:
    """`required`: the demand's sorted normalised certifications, when the caller has them."""
    reasons = []
    required = sorted(required_certifications(demand)) if required is None else required
    if required:
        reasons.append(Reason("has_certifications", "fit", {"certifications": required}))
    if terms.verified:
        reasons.append(Reason("verified_supplier", "fit"))
    return reasons


def soft_factors(price, moq, lead_time, capacity, demand: DemandQuery) -> np.ndarray:
    """`soft_factor`'s multiplier for many offers at once (column arrays, NaN = not given); the
    reasons are left to `soft_factor`, which the caller runs on the few offers it shows."""
    with np.errstate(all="ignore"):  # np.where evaluates both branches; the unused one may divide by 0
        return _soft_factors(price, moq, lead_time, capacity, demand)


def _soft_factors(price, moq, lead_time, capacity, demand: DemandQuery) -> np.ndarray:
    factor = np.ones(len(price), dtype=np.float64)
    quantity = demand.quantity
    if quantity is not None and quantity > 0:
        q = float(quantity)
        factor *= np.where(np.isnan(moq), UNKNOWN_FACTOR,
                           np.where(moq > q, 1.0 / (1.0 + 0.5 * np.log2(moq / q)), 1.0))
        ratio = q / np.maximum(capacity, 1.0)
        factor *= np.where(np.isnan(capacity), UNKNOWN_FACTOR,
                           np.where(capacity < q, 1.0 / (1.0 + 0.5 * np.log2(ratio)), 1.0))
    if demand.target_price_usd is not None and float(demand.target_price_usd) > 0:
        target = float(demand.target_price_usd)
        factor *= np.where(np.isnan(price), UNKNOWN_FACTOR,
                           np.where(price > target, 1.0 / (1.0 + 2.0 * (price / target - 1.0)), 1.0))
    if demand.max_lead_time_days is not None and demand.max_lead_time_days > 0:
        days = float(demand.max_lead_time_days)
        factor *= np.where(np.isnan(lead_time), UNKNOWN_FACTOR,
                           np.where(lead_time > days, 1.0 / (1.0 + 1.5 * (lead_time / days - 1.0)), 1.0))
    return factor


def has_soft_terms(demand: DemandQuery) -> bool:
    return bool((demand.quantity is not None and demand.quantity > 0)
                or (demand.target_price_usd is not None and float(demand.target_price_usd) > 0)
                or (demand.max_lead_time_days is not None and demand.max_lead_time_days > 0))


COLUMNS = ("verified", "cert_bits", "price", "moq", "lead_time", "capacity")


def _empty_columns(words: int = 1) -> dict[str, np.ndarray]:
    return {"verified": np.zeros(0, dtype=bool), "cert_bits": np.zeros((0, words), dtype=np.uint64),
            **{name: np.zeros(0, dtype=np.float64) for name in ("price", "moq", "lead_time", "capacity")}}


class TermsTable:
    """Column arrays of every slot's terms: the vectorised hard-constraint mask, and the soft
    factors of a demand's candidates without building a `Terms` per candidate.

    The columns as loaded (`from_state`: mapped from the files, shared by the processes that load them) are
    never copied: slots appended since go to a tail of this process's own."""

    def __init__(self):
        self.base = _empty_columns()
        self.tail = _empty_columns()
        self.cert_vocab: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.base["verified"]) + len(self.tail["verified"])

    def _column(self, name: str) -> np.ndarray:
        if not len(self.tail["verified"]):
            return self.base[name]
        if name != "cert_bits":
            return np.concatenate([self.base[name], self.tail[name]])
        base = self.base[name]
        pad = self.tail[name].shape[1] - base.shape[1]
        return np.vstack([np.pad(base, ((0, 0), (0, pad))) if pad else base, self.tail[name]])

    price = property(lambda self: self._column("price"))
    moq = property(lambda self: self._column("moq"))
    lead_time = property(lambda self: self._column("lead_time"))
    capacity = property(lambda self: self._column("capacity"))
    verified = property(lambda self: self._column("verified"))
    cert_bits = property(lambda self: self._column("cert_bits"))

    def _bits(self, certs: frozenset[str]) -> np.ndarray:
        for c in sorted(certs):
            self.cert_vocab.setdefault(c, len(self.cert_vocab))
        words = max(1, (len(self.cert_vocab) + 63) // 64)
        tail = self.tail["cert_bits"]
        if words > tail.shape[1]:
            self.tail["cert_bits"] = np.hstack([tail, np.zeros((len(tail), words - tail.shape[1]), dtype=np.uint64)])
        row = np.zeros(words, dtype=np.uint64)
        for c in certs:
            bit = self.cert_vocab[c]
            row[bit // 64] |= np.uint64(1) << np.uint64(bit % 64)
        return row

    def append(self, terms_list: list[Terms]) -> None:
        by_set: dict[frozenset[str], np.ndarray] = {}
        rows = []
        for t in terms_list:
            row = by_set.get(t.certifications)
            if row is None:
                row = by_set[t.certifications] = self._bits(t.certifications)
            rows.append(row)
        width = self.tail["cert_bits"].shape[1]
        rows = [np.pad(r, (0, width - len(r))) for r in rows]
        block = np.vstack(rows) if rows else np.zeros((0, width), dtype=np.uint64)
        tail = self.tail
        tail["cert_bits"] = np.vstack([tail["cert_bits"], block.astype(np.uint64)])
        tail["verified"] = np.concatenate([tail["verified"], np.array([t.verified for t in terms_list], dtype=bool)])
        for name in ("price", "moq", "lead_time", "capacity"):
            column = np.array([getattr(t, name) for t in terms_list], dtype=np.float64)
            tail[name] = np.concatenate([tail[name], column])

    def _take(self, name: str, slots: np.ndarray) -> np.ndarray:
        base, tail = self.base[name], self.tail[name]
        if not len(tail):
            return base[slots]
        n = len(base)
        out = np.empty(len(slots), dtype=base.dtype)
        in_base = slots < n
        out[in_base] = base[slots[in_base]]
        out[~in_base] = tail[slots[~in_base] - n]
        return out

    def soft_factors(self, slots: np.ndarray, demand: DemandQuery) -> np.ndarray:
        return soft_factors(self._take("price", slots), self._take("moq", slots), self._take("lead_time", slots),
                            self._take("capacity", slots), demand)

    def hard_mask(self, demand: DemandQuery) -> np.ndarray | None:
        """Boolean mask of slots that pass the hard constraints; None when the demand has none."""
        required = required_certifications(demand)
        if not required and not demand.verified_only:
            return None
        if any(c not in self.cert_vocab for c in required):
            return np.zeros(len(self), dtype=bool)
        bits = [self.cert_vocab[c] for c in required]
        masks = []
        for part in (self.base, self.tail):
            mask = np.ones(len(part["verified"]), dtype=bool)
            if demand.verified_only:
                mask &= part["verified"]
            if bits:
                words = part["cert_bits"].shape[1]
                if max(bits) >= 64 * words:  # a certification no row of this part has
                    mask[:] = False
                else:
                    need = np.zeros(words, dtype=np.uint64)
                    for bit in bits:
                        need[bit // 64] |= np.uint64(1) << np.uint64(bit % 64)
                    mask &= np.all((part["cert_bits"] & need) == need, axis=1)
            masks.append(mask)
        return np.concatenate(masks) if len(masks[1]) else masks[0]

    def terms(self, slot: int) -> Terms:
        """The `Terms` of one slot, as `Terms.of` made them from its item."""
        n = len(self.base["verified"])
        part, row = (self.base, slot) if slot < n else (self.tail, slot - n)
        bits = part["cert_bits"][row]
        certifications = frozenset(
            name for name, bit in self.cert_vocab.items()
            if bit < 64 * len(bits) and int(bits[bit // 64]) >> (bit % 64) & 1
        )
        return Terms(float(part["price"][row]), float(part["moq"][row]), float(part["lead_time"][row]),
                     float(part["capacity"][row]), bool(part["verified"][row]), certifications)

    def state(self) -> dict:
        return {name: self._column(name) for name in COLUMNS}

    @classmethod
    def from_state(cls, arrays: dict, cert_vocab: dict[str, int]) -> TermsTable:
        table = cls()
        table.base = dict(arrays)
        table.tail = _empty_columns(arrays["cert_bits"].shape[1])
        table.cert_vocab = dict(cert_vocab)
        return table
