"""Ranking metrics over graded relevance (0–3)."""

from __future__ import annotations

import math


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(pid, 0) - 1) / math.log2(i + 2) for i, pid in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at(ranked: list[str], grades: dict[str, int], k: int = 50) -> float:
    """Share of the demand's best-graded products (the highest grade it has) found in the top k."""
    if not grades:
        return 0.0
    top = max(grades.values())
    wanted = {pid for pid, g in grades.items() if g == top}
    return len(wanted & set(ranked[:k])) / len(wanted)


def reciprocal_rank(ranked: list[str], grades: dict[str, int], k: int = 50) -> float:
    """1 / rank of the first best-graded product within the top k."""
    if not grades:
        return 0.0
    top = max(grades.values())
    for i, pid in enumerate(ranked[:k]):
        if grades.get(pid, 0) == top:
            return 1.0 / (i + 1)
    return 0.0


def summarise(rows: list[dict]) -> dict:
    n = len(rows)
    if not n:
        return {"n": 0}
    return {
        "n": n,
        "ndcg@10": round(sum(r["ndcg"] for r in rows) / n, 4),
        "recall@50": round(sum(r["recall"] for r in rows) / n, 4),
        "mrr": round(sum(r["rr"] for r in rows) / n, 4),
    }
