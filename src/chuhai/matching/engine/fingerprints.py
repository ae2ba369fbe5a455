"""Which records changed between two reads of (id, fingerprint) columns: how a process's in-memory index finds
what to read again after another process wrote, without reading every record (the match index, the showcase's
search). A fingerprint is any integer that moves when the record (or what it is shown with) changes."""

from __future__ import annotations

import numpy as np

Fingerprints = tuple[np.ndarray, np.ndarray]  # (ids ascending, fingerprints), int64 each


def changed_ids(held: Fingerprints, current: Fingerprints) -> set[int]:
    """The ids added, changed or gone between `held` and `current`."""
    held_ids, held_prints = held
    ids, prints = current
    if not len(held_ids):
        return set(ids.tolist())
    at = np.minimum(np.searchsorted(held_ids, ids), len(held_ids) - 1)
    unchanged = (held_ids[at] == ids) & (held_prints[at] == prints)
    return set(ids[~unchanged].tolist()) | set(held_ids[~np.isin(held_ids, ids)].tolist())
