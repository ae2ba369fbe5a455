"""Document ids by slot, and the live slot of each id, in columns (numpy) rather than Python objects.

A corpus addresses its documents by slot inside and by string id outside. A million ids as a Python list
and a dict id → slot cost ~150 MB in every process; here the ids saved with an index are two byte-string
arrays that `load(mmap=True)` maps from the files, shared by the processes (the web workers) that load the
same directory:

- `ids.npy`: the id of every slot, tombstoned ones included (`ids[slot]`);
- `live_ids.npy` + `live_slots.npy`: the live ids sorted, and their slots (`slot_of.get(id)` is a binary
  search).

What changes after loading (ids added, removed) lives in a small overlay in memory until the next save.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

_EMPTY = np.zeros(0, dtype="S1")


def _encoded(ids: Iterable[str]) -> np.ndarray:
    encoded = [i.encode("utf-8") for i in ids]
    return np.array(encoded, dtype=f"S{max(1, max(map(len, encoded), default=1))}")


def _decoded(column: np.ndarray, chunk: int = 65_536) -> Iterator[str]:
    for start in range(0, len(column), chunk):
        for value in column[start : start + chunk].tolist():
            yield value.decode("utf-8")


class SlotIds:
    """`ids[slot]` → the id of a slot (live or tombstoned); `len(ids)`: the number of slots."""

    def __init__(self, base: np.ndarray = _EMPTY):
        self.base = base
        self.extra: list[str] = []  # slots appended since `base` was loaded

    def __len__(self) -> int:
        return len(self.base) + len(self.extra)

    def __getitem__(self, slot: int) -> str:
        slot = int(slot)
        if slot < 0:
            slot += len(self)
        if slot < len(self.base):
            return bytes(self.base[slot]).decode("utf-8")
        return self.extra[slot - len(self.base)]

    def __iter__(self) -> Iterator[str]:
        yield from _decoded(self.base)
        yield from self.extra

    def extend(self, ids: Iterable[str]) -> None:
        self.extra.extend(ids)


class SlotMap:
    """id → its live slot (a dict's `get`, `in`, `pop`, `update`, `len`, iteration): a sorted base of the live
    ids as saved, and an overlay of the changes since (a value of None: removed)."""

    def __init__(self, live_ids: np.ndarray = _EMPTY, live_slots: np.ndarray | None = None):
        self.live_ids = live_ids
        self.live_slots = np.zeros(0, dtype=np.int64) if live_slots is None else live_slots
        self.overlay: dict[str, int | None] = {}
        self.count = len(live_ids)

    def _base(self, key: str) -> int | None:
        if not len(self.live_ids):
            return None
        encoded = key.encode("utf-8")
        if len(encoded) > self.live_ids.dtype.itemsize:
            return None
        i = int(np.searchsorted(self.live_ids, encoded))
        if i < len(self.live_ids) and self.live_ids[i] == encoded:
            return int(self.live_slots[i])
        return None

    def get(self, key: str, default=None):
        found = self.overlay[key] if key in self.overlay else self._base(key)
        return default if found is None else found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __len__(self) -> int:
        return self.count

    def pop(self, key: str, *default):
        found = self.get(key)
        if found is None:
            if default:
                return default[0]
            raise KeyError(key)
        self.overlay[key] = None
        self.count -= 1
        return found

    def __setitem__(self, key: str, slot: int) -> None:
        if self.get(key) is None:
            self.count += 1
        self.overlay[key] = int(slot)

    def update(self, pairs: Iterable[tuple[str, int]]) -> None:
        for key, slot in pairs:
            self[key] = slot

    def __iter__(self) -> Iterator[str]:
        for key in _decoded(self.live_ids):
            if key not in self.overlay:
                yield key
        yield from (key for key, slot in self.overlay.items() if slot is not None)

    def items(self) -> Iterator[tuple[str, int]]:
        for key in self:
            yield key, self.get(key)


def save(directory: Path, ids: SlotIds, slot_of: SlotMap) -> None:
    np.save(directory / "ids.npy", _encoded(ids))
    pairs = sorted((key.encode("utf-8"), slot) for key, slot in slot_of.items())
    live = np.array([k for k, _ in pairs], dtype=f"S{max(1, max((len(k) for k, _ in pairs), default=1))}")
    np.save(directory / "live_ids.npy", live)
    np.save(directory / "live_slots.npy", np.array([s for _, s in pairs], dtype=np.int64))


def load(directory: Path, mmap: bool = False) -> tuple[SlotIds, SlotMap]:
    mode = "r" if mmap else None
    ids = SlotIds(np.load(directory / "ids.npy", mmap_mode=mode))
    slot_of = SlotMap(np.load(directory / "live_ids.npy", mmap_mode=mode),
                      np.load(directory / "live_slots.npy", mmap_mode=mode))
    return ids, slot_of
