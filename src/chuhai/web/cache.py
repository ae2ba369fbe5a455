"""A small stale-while-revalidate cache for dashboard aggregates that scan the order history.

A value older than its time-to-live is still served while one background thread recomputes it, so
a page never waits on a full scan after the first computation (which the app also starts at boot).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

_values: dict[tuple, tuple[float, Any]] = {}
_refreshing: set[tuple] = set()
_lock = threading.Lock()


def cached(key: tuple, ttl_s: float, compute: Callable[[], Any]) -> Any:
    now = time.monotonic()
    entry = _values.get(key)
    if entry is None:
        value = compute()
        _values[key] = (now, value)
        return value
    computed_at, value = entry
    if now - computed_at > ttl_s:
        with _lock:
            if key not in _refreshing:
                _refreshing.add(key)
                threading.Thread(target=_refresh, args=(key, compute), daemon=True).start()
    return value


def _refresh(key: tuple, compute: Callable[[], Any]) -> None:
    try:
        _values[key] = (time.monotonic(), compute())
    finally:
        with _lock:
            _refreshing.discard(key)


def invalidate(prefix: tuple = ()) -> None:
    for key in [key for key in _values if key[: len(prefix)] == prefix]:
        _values.pop(key, None)
