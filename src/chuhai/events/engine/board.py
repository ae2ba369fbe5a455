"""Mutable slot board for the combinatorial solvers: who sits where, what room is left, and moves.

Plain Python lists rather than numpy: the moves touch a handful of cells at a time, where list
indexing is several times faster than numpy scalar access.
"""

from __future__ import annotations

import numpy as np

from chuhai.events.engine.problem import Problem


class Board:
    def __init__(self, problem: Problem):
        self.problem = problem
        self.n_slots = problem.n_slots
        self.pb = problem.pair_buyer.tolist()
        self.pp = problem.pair_supplier.tolist()
        self.w = problem.weight.tolist()
        self.buyer_free = problem.buyer_cap.tolist()
        self.supplier_free = problem.supplier_cap.tolist()
        self.tables_left = problem.tables_free.tolist()
        self.buyer_left = problem.buyer_max.tolist()
        self.supplier_left = problem.supplier_max.tolist()
        common = problem.common_slots()
        self.common = [np.flatnonzero(row).tolist() for row in common]
        self.slot_of = [-1] * problem.n_pairs
        self.in_slot: list[set[int]] = [set() for _ in range(self.n_slots)]
        self.buyer_at: dict[tuple[int, int], list[int]] = {}
        self.supplier_at: dict[tuple[int, int], list[int]] = {}
        self.buyer_pairs: list[list[int]] = [[] for _ in range(len(self.buyer_free))]
        self.supplier_pairs: list[list[int]] = [[] for _ in range(len(self.supplier_free))]
        for i, (b, p) in enumerate(zip(self.pb, self.pp, strict=True)):
            self.buyer_pairs[b].append(i)
            self.supplier_pairs[p].append(i)
        self.weight = 0.0
        self.log: list[tuple[int, int, int]] | None = None  # (pair, old slot, new slot) while undoable

    def fits(self, i: int, s: int) -> bool:
        return self.buyer_free[self.pb[i]][s] > 0 and self.supplier_free[self.pp[i]][s] > 0 and self.tables_left[s] > 0

    def has_quota(self, i: int) -> bool:
        return self.buyer_left[self.pb[i]] > 0 and self.supplier_left[self.pp[i]] > 0

    def place(self, i: int, s: int) -> None:
        b, p = self.pb[i], self.pp[i]
        self.buyer_free[b][s] -= 1
        self.supplier_free[p][s] -= 1
        self.tables_left[s] -= 1
        self.buyer_left[b] -= 1
        self.supplier_left[p] -= 1
        self.slot_of[i] = s
        self.in_slot[s].add(i)
        self.buyer_at.setdefault((b, s), []).append(i)
        self.supplier_at.setdefault((p, s), []).append(i)
        self.weight += self.w[i]
        if self.log is not None:
            self.log.append((i, -1, s))

    def remove(self, i: int) -> None:
        s = self.slot_of[i]
        b, p = self.pb[i], self.pp[i]
        self.buyer_free[b][s] += 1
        self.supplier_free[p][s] += 1
        self.tables_left[s] += 1
        self.buyer_left[b] += 1
        self.supplier_left[p] += 1
        self.slot_of[i] = -1
        self.in_slot[s].discard(i)
        self.buyer_at[(b, s)].remove(i)
        self.supplier_at[(p, s)].remove(i)
        self.weight -= self.w[i]
        if self.log is not None:
            self.log.append((i, s, -1))

    def begin(self) -> int:
        if self.log is None:
            self.log = []
        return len(self.log)

    def rollback(self, mark: int) -> None:
        log = self.log
        assert log is not None
        while len(log) > mark:
            i, old, new = log.pop()
            saved, self.log = self.log, None
            if new >= 0:
                self.remove(i)
            if old >= 0:
                self.place(i, old)
            self.log = saved

    def commit(self, mark: int) -> None:
        if mark == 0:
            self.log = None

    def result(self) -> np.ndarray:
        return np.array(self.slot_of, dtype=np.int64)
