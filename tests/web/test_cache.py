"""The dashboards' stale-while-revalidate cache."""

from chuhai.web import cache


def test_refresh_recomputes_in_the_background_and_serves_the_old_value_meanwhile():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    key = ("test_refresh", "db1")
    assert cache.cached(key, 3600, compute) == 1
    assert cache.cached(key, 3600, compute) == 1  # fresh: not recomputed
    threads = cache.refresh(("test_refresh",), ("other",))
    assert len(threads) == 1
    for thread in threads:
        thread.join(5)
    assert cache.cached(key, 3600, compute) == 2
    assert cache.refresh(("nothing_cached",)) == []
    cache.invalidate(("test_refresh",))


def test_invalidate_forgets_values_under_a_prefix():
    cache.cached(("test_invalidate", 1), 3600, lambda: "a")
    cache.invalidate(("test_invalidate",))
    assert cache.cached(("test_invalidate", 1), 3600, lambda: "b") == "b"
    cache.invalidate(("test_invalidate",))
