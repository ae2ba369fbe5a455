"""A small stale-while-revalidate cache for dashboard aggregates that scan the order history.

A value older than its time-to-live is still served while one background thread recomputes it, so
a page never waits on a full scan after the first computation (which the app also starts at boot).

A value can also carry a data version (`version`: a cheap callable, e.g. the stored counter of the
imported table, see `chuhai.imports.repository.data_version`): when the version read at a request
differs from the one read before the value was computed, the value is recomputed in the background
at once, whatever its age. That is how the server notices an import made by another process.
A value computed from another cached value names it (`derived_from`): its version is that value's,
asking for it revalidates that value too, and it is recomputed as soon as that value has been.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, NamedTuple

logger = logging.getLogger(__name__)

Version = Callable[[], Hashable] | None


class _Entry(NamedTuple):
    computed_at: float
    version: Hashable
    value: Any


class _Computer(NamedTuple):
    compute: Callable[[], Any]
    version: Version
    ttl_s: float


_values: dict[tuple, _Entry] = {}
_computers: dict[tuple, _Computer] = {}
_derived: dict[tuple, tuple] = {}  # key -> the key of the value it is computed from
_refreshing: set[tuple] = set()
_lock = threading.Lock()


def cached(key: tuple, ttl_s: float, compute: Callable[[], Any], version: Version = None,
           derived_from: tuple | None = None) -> Any:
    if derived_from is not None:
        _derived[key] = derived_from
        version = lambda: version_of(derived_from)  # noqa: E731
        _revalidate(derived_from)  # a new data version starts there; this value follows when it is redone
    _computers[key] = _Computer(compute, version, ttl_s)
    entry = _values.get(key)
    if entry is None:
        now = time.monotonic()
        seen = _read(key, version)
        value = compute()
        if derived_from is not None and seen is None:  # the compute just cached what it derives from
            seen = version_of(derived_from)
        _values[key] = _Entry(now, seen, value)
        return value
    _revalidate(key)
    return entry.value


def _revalidate(key: tuple) -> None:
    """Start a background refresh of the cached value under `key` if it is too old or its data
    version moved (nothing when it is not cached)."""
    entry, computer = _values.get(key), _computers.get(key)
    if entry is None or computer is None:
        return
    if time.monotonic() - entry.computed_at > computer.ttl_s or (
            computer.version is not None and _read(key, computer.version) != entry.version):
        _start_refresh(key, computer.compute, computer.version)


def version_of(key: tuple) -> Hashable:
    """The data version the cached value under `key` was computed from (None when not cached)."""
    entry = _values.get(key)
    return None if entry is None else entry.version


def _read(key: tuple, version: Version) -> Hashable:
    if version is None:
        return None
    try:
        return version()
    except Exception:  # the cached value stays in service; the age rule still refreshes it
        logger.warning("reading the data version of the cached %s failed", key[0], exc_info=True)
        entry = _values.get(key)
        return None if entry is None else entry.version


def _start_refresh(key: tuple, compute: Callable[[], Any], version: Version = None) -> threading.Thread | None:
    with _lock:
        if key in _refreshing:
            return None
        _refreshing.add(key)
    thread = threading.Thread(target=_refresh, args=(key, compute, version), daemon=True)
    thread.start()
    return thread


def _refresh(key: tuple, compute: Callable[[], Any], version: Version) -> None:
    try:
        seen = _read(key, version)  # before computing: a change made meanwhile triggers another refresh
        _values[key] = _Entry(time.monotonic(), seen, compute())
    except Exception:  # the previous value stays in service; the next expiry tries again
        logger.warning("refreshing the cached %s failed", key[0], exc_info=True)
        return
    finally:
        with _lock:
            _refreshing.discard(key)
    for child in [child for child, parent in list(_derived.items()) if parent == key and child in _computers]:
        _start_refresh(child, _computers[child].compute, _computers[child].version)


def invalidate(prefix: tuple = ()) -> None:
    for key in [key for key in _values if key[: len(prefix)] == prefix]:
        _values.pop(key, None)


def refresh(*prefixes: tuple) -> list[threading.Thread]:
    """Recompute, in the background, every cached value under the prefixes (after new data arrived);
    pages keep the previous value until the new one is ready instead of waiting for a full scan."""
    started = []
    for key in list(_values):
        if any(key[: len(prefix)] == prefix for prefix in prefixes) and key in _computers:
            thread = _start_refresh(key, _computers[key].compute, _computers[key].version)
            if thread is not None:
                started.append(thread)
    return started
