"""The statistics dashboard on the small demo: figures equal a direct pandas computation over the order
lines, the planted growth of ASEAN shows, the pages and the XLSX export work for the operator only."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from sqlalchemy import create_engine

from chuhai.config import Settings
from chuhai.markets.reference import ASEAN, EU
from chuhai.stats import service
from tests.conftest import BACKEND
from tests.stats.demo import signed_in_client, small_demo_url

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="the demo copy is a SQLite file")


@pytest.fixture(scope="module")
def demo_url(template_database, tmp_path_factory):
    return small_demo_url(template_database, tmp_path_factory)


@pytest.fixture(scope="module")
def app(demo_url, tmp_path_factory):
    from chuhai.app import create_app

    return create_app(Settings(database_url=demo_url, secret_key="test", warm_caches=False,
                               data_dir=tmp_path_factory.mktemp("var")))


@pytest.fixture(scope="module")
def lines(demo_url) -> pd.DataFrame:
    """Order lines with month, belt, enterprise and USD value, computed straight from the tables."""
    engine = create_engine(demo_url)
    frame = pd.read_sql("SELECT o.order_date, o.country, o.channel, o.customs_mode, o.currency, o.units,"
                        " o.unit_price, o.product_id, p.enterprise_id, e.belt_id"
                        " FROM order_lines o JOIN products p ON p.id = o.product_id"
                        " JOIN enterprises e ON e.id = p.enterprise_id", engine)
    rates = pd.read_sql("SELECT currency, month, usd_rate FROM fx_rates", engine)
    engine.dispose()
    frame["month"] = frame["order_date"].str[:7]
    rates["month"] = rates["month"].astype(str).str[:7]
    frame = frame.merge(rates, on=["currency", "month"], how="left")
    frame.loc[frame["currency"] == "USD", "usd_rate"] = 1.0
    assert frame["usd_rate"].notna().all()  # the demo's rates cover every month and currency it sells in
    frame["value"] = frame["units"] * frame["unit_price"].astype(float) * frame["usd_rate"].astype(float)
    return frame


def _period(frame, start: str, end: str) -> pd.DataFrame:
    return frame[(frame["month"] >= start) & (frame["month"] <= end)]


def test_figures_equal_a_direct_computation(demo_url, lines):
    data = service.compute_dashboard(demo_url, service.StatsFilters())
    last = lines["month"].max()
    assert (data["period"]["to"], data["period"]["data_to"]) == (last, last)
    current = _period(lines, data["period"]["from"], last)
    assert data["totals"]["value"] == pytest.approx(current["value"].sum(), rel=1e-9)
    assert data["totals"]["units"] == current["units"].sum()
    assert data["totals"]["lines"] == len(current)
    assert data["totals"]["active_enterprises"] == current[current["units"] > 0]["enterprise_id"].nunique()
    for name, column in (("market", "country"), ("channel", "channel"), ("customs_mode", "customs_mode"),
                         ("belt", "belt_id")):
        expected = current.groupby(column)["value"].sum()
        assert {row["key"]: pytest.approx(row["value"], rel=1e-9) for row in data[name]} == expected.to_dict(), name
    months = {m["month"]: m["value"] for m in data["monthly"]}
    assert months == pytest.approx(current.groupby("month")["value"].sum().to_dict(), rel=1e-9)


def test_year_on_year_and_filters_equal_a_direct_computation(demo_url, lines):
    data = service.compute_dashboard(demo_url, service.parse_filters("2025-11", "2026-04", "1"))
    belt = lines[lines["belt_id"] == 1]
    now, before = _period(belt, "2025-11", "2026-04"), _period(belt, "2024-11", "2025-04")
    assert data["period"]["comparable"]
    assert data["totals"]["value"] == pytest.approx(now["value"].sum(), rel=1e-9)
    assert data["totals"]["yoy_growth"] == pytest.approx(now["value"].sum() / before["value"].sum() - 1, rel=1e-9)
    assert [row["key"] for row in data["belt"]] == [1]
    eu = data["market_group"][[g["key"] for g in data["market_group"]].index("eu")]
    assert eu["value"] == pytest.approx(now[now["country"].isin(EU)]["value"].sum(), rel=1e-9)
    top = now.groupby("product_id")["value"].sum().sort_values(ascending=False)
    assert [p["product_id"] for p in data["products"][:5]] == list(top.index[:5])


def test_a_period_without_a_year_before_has_no_growth(demo_url):
    data = service.compute_dashboard(demo_url, service.parse_filters("2025-01", "2025-06", None))
    assert not data["period"]["comparable"]
    assert data["totals"]["yoy_growth"] is None and all(r["yoy_growth"] is None for r in data["market"])


def test_asean_grows_faster_than_the_eu(demo_url):
    groups = {g["key"]: g for g in service.compute_dashboard(demo_url, service.StatsFilters())["market_group"]}
    assert groups["asean"]["yoy_growth"] > 0.15
    assert groups["asean"]["yoy_growth"] > groups["eu"]["yoy_growth"]
    assert groups["asean"]["countries"] == len(ASEAN & set(_countries(demo_url)))


def _countries(demo_url):
    return [row["key"] for row in service.compute_dashboard(demo_url, service.StatsFilters())["market"]]


@pytest.mark.parametrize("value", ["2025-13", "25-01", "x"])
def test_bad_months_are_rejected(value):
    from chuhai.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        service.parse_filters(value, None, None)
    with pytest.raises(ValidationFailed):
        service.parse_filters("2026-02", "2026-01", None)


@pytest.mark.parametrize("lang, heading", [("zh_CN", "统计监测"), ("en", "Statistics")])
def test_the_operator_sees_the_dashboard_in_both_languages(app, lang, heading):
    with signed_in_client(app, "operator@chuhai.demo", lang) as client:
        page = client.get("/stats?from=2025-11&to=2026-10&belt=1")
        assert page.status_code == 200
        assert heading in page.text and 'data-testid="chart-countries"' in page.text
        assert 'data-group="asean"' in page.text
        assert 'data-testid="stats-data-changed"' in page.text  # when the order lines were last imported
        assert ("订单明细最近导入于" in page.text) == (lang == "zh_CN")
        assert client.get("/stats?from=2026-13").status_code == 422
        api = client.get("/api/v1/stats", params={"period_from": "2025-11", "belt": 1})
        assert api.status_code == 200 and api.json()["period"]["from"] == "2025-11"


@pytest.mark.parametrize("email", ["wigs@chuhai.demo", "buyer@chuhai.demo", "forwarder@chuhai.demo"])
def test_other_roles_may_not_open_the_dashboard(app, email):
    with signed_in_client(app, email) as client:
        assert client.get("/stats").status_code == 403
        assert client.get("/stats/export.xlsx").status_code == 403
        assert client.get("/api/v1/stats").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(app):
    with signed_in_client(app, None) as client:
        assert client.get("/stats", follow_redirects=False).status_code in (302, 303, 401)


def test_the_xlsx_export_has_one_sheet_per_breakdown(app, demo_url):
    from openpyxl import load_workbook

    with signed_in_client(app, "operator@chuhai.demo", "en") as client:
        response = client.get("/stats/export.xlsx?from=2025-11&to=2026-10")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Belts", "Markets", "Market groups", "Channels", "Customs modes",
                               "Top products", "Monthly", "Outcomes"]
    data = service.compute_dashboard(demo_url, service.parse_filters("2025-11", "2026-10", None))
    markets = list(book["Markets"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in markets] == [row["key"] for row in data["market"]]
    assert sum(row[2] for row in markets) == pytest.approx(data["totals"]["value"], abs=0.01 * len(markets))
    assert len(list(book["Monthly"].iter_rows(min_row=2))) == 12


@pytest.mark.parametrize("lang, united_states", [("zh_CN", "美国"), ("en", "United States")])
def test_the_world_map_shows_every_markets_trade_value_under_the_readers_country_names(app, demo_url, lang,
                                                                                        united_states):
    import html
    import json
    import re
    from importlib.resources import files

    with signed_in_client(app, "operator@chuhai.demo", lang) as client:
        page = client.get("/stats").text
        outlines = client.get("/static/vendor/world.json")
    found = re.search(r'data-chart="([^"]*)"[^>]*data-testid="chart-world"', page) or re.search(
        r'data-testid="chart-world"[^>]*data-chart="([^"]*)"', page)
    assert found
    series = json.loads(html.unescape(found.group(1)))["series"][0]
    assert series["type"] == "map" and series["map"] == "world"
    assert series["nameMap"]["US"] == united_states
    markets = service.dashboard(demo_url, service.parse_filters(None, None, None))["market"]
    shown = {item["name"]: item["value"] for item in series["data"]}
    assert shown == {series["nameMap"][m["key"]]: round(m["value"], 2) for m in markets}
    # Every market the data has is a region of the served outlines (Singapore too, from the 1:50m set).
    assert outlines.status_code == 200
    regions = [f["properties"]["name"] for f in outlines.json()["features"]]
    assert len(regions) == len(set(regions)) and set(series["nameMap"]) <= set(regions)
    assert outlines.content == files("chuhai").joinpath("web/static/vendor/world.json").read_bytes()
