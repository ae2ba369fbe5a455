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


def test_after_an_order_import_the_views_are_recomputed_from_the_new_cube():
    from chuhai.imports.jobs import refresh_order_views

    orders = ["o1"]
    cube = lambda: cache.cached(("insight_cube", "db-x"), 3600, lambda: list(orders))  # noqa: E731
    dashboard = lambda: cache.cached(("stats_dashboard", "db-x", "all"), 3600, lambda: len(cube()))  # noqa: E731
    assert dashboard() == 1
    orders.append("o2")  # an import adds a line
    assert dashboard() == 1  # cached until told
    refresh_order_views()
    for _ in range(100):  # the dashboard's own refresh runs in the background
        if dashboard() == 2:
            break
        __import__("time").sleep(0.02)
    assert dashboard() == 2 and cube() == ["o1", "o2"]
    cache.invalidate(("insight_cube", "db-x"))
    cache.invalidate(("stats_dashboard", "db-x"))


def test_a_failed_background_refresh_keeps_the_previous_value(caplog):
    state = {"fail": False}

    def compute():
        if state["fail"]:
            raise RuntimeError("database gone")
        return "v1"

    key = ("test_failing_refresh",)
    assert cache.cached(key, 3600, compute) == "v1"
    state["fail"] = True
    for thread in cache.refresh(key):
        thread.join(5)
    assert cache.cached(key, 3600, compute) == "v1"
    assert "refreshing the cached test_failing_refresh failed" in caplog.text
    cache.invalidate(key)
