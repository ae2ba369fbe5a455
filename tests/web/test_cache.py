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
    dashboard = lambda: cache.cached(("stats_dashboard", "db-x", "all"), 3600, lambda: len(cube()),  # noqa: E731
                                     derived_from=("insight_cube", "db-x"))
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


def test_a_changed_data_version_recomputes_at_once_whatever_the_age():
    state = {"version": 1, "rows": ["o1"]}
    key = ("test_versioned", "db")

    def value():
        return cache.cached(key, 3600, lambda: list(state["rows"]), version=lambda: state["version"])

    assert value() == ["o1"] and cache.version_of(key) == 1
    state["rows"].append("o2")  # written by another process, which also raises the version
    assert value() == ["o1"]  # same version: the fresh value stays
    state["version"] = 2
    assert value() == ["o1"]  # served stale while the refresh runs in the background
    _wait_for(lambda: value() == ["o1", "o2"])
    assert cache.version_of(key) == 2
    cache.invalidate(key)


def test_a_derived_value_follows_the_version_of_the_value_it_is_built_from():
    state = {"version": 1, "rows": ["o1"]}
    cube_key, board_key = ("test_cube", "db"), ("test_board", "db")

    def cube():
        return cache.cached(cube_key, 3600, lambda: list(state["rows"]), version=lambda: state["version"])

    def board():
        return cache.cached(board_key, 3600, lambda: len(cube()), derived_from=cube_key)

    assert board() == 1 and cache.version_of(board_key) == 1
    state["rows"].append("o2")
    state["version"] = 2
    assert cube() == ["o1"]  # one request notices the new version; the cube refreshes in the background
    # then the board built on it, without another request asking
    _wait_for(lambda: cache.version_of(board_key) == 2)
    assert board() == 2
    cache.invalidate(cube_key)
    cache.invalidate(board_key)


def test_a_failing_version_read_keeps_serving_the_cached_value(caplog):
    state = {"fail": False}
    calls = []

    def version():
        if state["fail"]:
            raise RuntimeError("database gone")
        return 1

    key = ("test_version_fails",)
    assert cache.cached(key, 3600, lambda: calls.append(1) or len(calls), version=version) == 1
    state["fail"] = True
    assert cache.cached(key, 3600, lambda: calls.append(1) or len(calls), version=version) == 1
    assert len(calls) == 1  # no refresh was started by the failure
    assert "reading the data version of the cached test_version_fails failed" in caplog.text
    cache.invalidate(key)


def _wait_for(condition, seconds: float = 5.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the cached value was not refreshed"
        time.sleep(0.01)
