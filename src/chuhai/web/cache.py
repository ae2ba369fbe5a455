"""A small stale-while-revalidate cache for dashboard aggregates that scan the order history.

A value older than its time-to-live is still served while one background thread recomputes it, so
a page never waits on a full scan after the first computation (which the app also starts at boot).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

_values: dict[tuple, tuple[float, Any]] = {}
_computers: dict[tuple, Callable[[], Any]] = {}
_refreshing: set[tuple] = set()
_lock = threading.Lock()


def cached(key: tuple, ttl_s: float, compute: Callable[[], Any]) -> Any:
    now = time.monotonic()
    entry = _values.get(key)
    _computers[key] = compute
    if entry is None:
        value = compute()
        _values[key] = (now, value)
        return value
    computed_at, value = entry
    if now - computed_at > ttl_s:
        _start_refresh(key, compute)
    return value


def _start_refresh(key: tuple, compute: Callable[[], Any]) -> threading.Thread | None:
    with _lock:
        if key in _refreshing:
            return None
        _refreshing.add(key)
    thread = threading.Thread(target=_refresh, args=(key, compute), daemon=True)
    thread.start()
    return thread


def _refresh(key: tuple, compute: Callable[[], Any]) -> None:
    try:
        _values[key] = (time.monotonic(), compute())
    except Exception:  # the previous value stays in service; the next expiry tries again
        logger.warning("refreshing the cached %s failed", key[0], exc_info=True)
    finally:
        with _lock:
            _refreshing.discard(key)


def invalidate(prefix: tuple = ()) -> None:
    for key in [key for key in _values if key[: len(prefix)] == prefix]:
        _values.pop(key, None)


def refresh(*prefixes: tuple) -> list[threading.Thread]:
    """Recompute, in the background, every cached value under the prefixes (after new data arrived);
    pages keep the previous value until the new one is ready instead of waiting for a full scan."""
    started = []
    for key in list(_values):
        if any(key[: len(prefix)] == prefix for prefix in prefixes) and key in _computers:
            thread = _start_refresh(key, _computers[key])
            if thread is not None:
                started.append(thread)
    return started
