import math

import pytest

from chuhai.insight.engine.price_bands import position_in_band, price_bands
from chuhai.insight.engine.unmet_demand import unmet_demand_signals

from ..conftest import months, order


def steady(country, product_id, start_year, n_months, units, price=10.0, lines_per_month=2, category="wigs"):
    return [order(f"{y}-{m:02d}-{d:02d}", country, product_id, units, price, category=category)
            for y, m in months(start_year, n_months) for d in range(1, lines_per_month + 1)]


def signals_of(report, kind):
    return [s for s in report["signals"] if s["type"] == kind]


def test_yoy_growth_compares_last_12_months_with_the_12_before(run_report):
    rows = steady("TH", "P1", 2024, 12, 10) + [r for r in steady("TH", "P1", 2025, 12, 13)]
    market = run_report(rows)["markets"][0]
    assert market["yoy_growth"] == pytest.approx(0.3)
    assert market["units"] == 24 * 2 * 10 + 12 * 2 * 3


def test_yoy_growth_is_null_without_24_months(run_report):
    report = run_report(steady("TH", "P1", 2024, 23, 10))
    assert report["markets"][0]["yoy_growth"] is None
    assert not signals_of(report, "rising_market")


def test_rising_and_declining_markets_follow_units_and_revenue_against_all_markets(run_report):
    rows = (steady("VN", "P1", 2024, 12, 10, lines_per_month=8) + steady("VN", "P1", 2025, 12, 10, lines_per_month=12)
            + steady("GB", "P1", 2024, 12, 10, lines_per_month=8) + steady("GB", "P1", 2025, 12, 10, lines_per_month=6)
            + steady("US", "P1", 2024, 12, 10, lines_per_month=20)
            + steady("US", "P1", 2025, 12, 10, lines_per_month=21))
    report = run_report(rows)
    assert [s["country"] for s in signals_of(report, "rising_market")] == ["VN"]
    assert [s["country"] for s in signals_of(report, "declining_market")] == ["GB"]
    evidence = signals_of(report, "rising_market")[0]["evidence"]
    # 96 → 144 sale days: z = ln(1.5 ÷ (468/432)) ÷ √(1/144 + 1/96) ≈ 2.47, enough for frequency; the
    # volume view gives the same z (10 units every sale day), short of the 2.58 it needs on its own
    assert evidence["measures"] == ["sale_days"]
    assert evidence["sale_days_growth"] == pytest.approx(0.5) and evidence["growth"] == pytest.approx(0.5)
    assert evidence["sale_days_share_growth"] == pytest.approx(1.5 / (468 / 432) - 1)
    assert evidence["sale_days_z"] == pytest.approx(math.log(1.5 / (468 / 432)) / math.sqrt(1 / 144 + 1 / 96))
    assert evidence["units_z"] == pytest.approx(evidence["sale_days_z"])
    assert evidence["units_last12"] == 1440 and evidence["units_prev12"] == 960
    assert evidence["order_lines_growth"] == pytest.approx(0.5)  # for information; it does not decide
    assert evidence["last12"] == ["2025-01", "2025-12"]


def test_growth_every_market_shares_is_not_a_rising_market(run_report):
    rows = (steady("VN", "P1", 2024, 12, 10, lines_per_month=4) + steady("VN", "P1", 2025, 12, 10, lines_per_month=6)
            + steady("US", "P1", 2024, 12, 10, lines_per_month=4) + steady("US", "P1", 2025, 12, 10, lines_per_month=6))
    assert not signals_of(run_report(rows), "rising_market")


def test_a_shift_within_chance_is_not_a_trend(run_report):
    # +50 % units, but in lots of 10 on 24 → 36 days: z ≈ 1.4 once the lumpiness is allowed for
    rows = (steady("VN", "P1", 2024, 12, 10, lines_per_month=2) + steady("VN", "P1", 2025, 12, 10, lines_per_month=3)
            + steady("US", "P1", 2024, 24, 10, lines_per_month=20))
    assert not signals_of(run_report(rows), "rising_market")


def test_a_market_with_few_sales_is_not_called_rising(run_report):
    rows = (steady("VN", "P1", 2024, 12, 10, lines_per_month=1) + steady("VN", "P1", 2025, 12, 10, lines_per_month=3)
            + steady("US", "P1", 2024, 24, 10, lines_per_month=3))
    assert not signals_of(run_report(rows), "rising_market")  # 12 sales in the earlier window < 20


def test_one_wholesale_order_does_not_make_a_rising_market(run_report):
    big_order = order("2025-06-10", "VN", "P1", 600, 10.0)  # units and revenue more than triple, in one order
    rows = [*steady("VN", "P1", 2024, 24, 10, lines_per_month=3), big_order,
            *steady("US", "P1", 2024, 24, 10, lines_per_month=20)]
    report = run_report(rows)
    assert report["markets"][-1]["country"] == "VN" and report["markets"][-1]["yoy_growth"] > 1.5
    assert not signals_of(report, "rising_market")


def sales_in_two_grains(daily_orders_prev: int, daily_orders_last: int) -> tuple[list[dict], list[dict]]:
    """The same sales written as one line per order and as one line per day and product (the way
    Amazon's business reports and many distributors' exports are cut)."""
    per_order, per_day = [], []
    for year, orders_per_day in ((2024, daily_orders_prev), (2025, daily_orders_last)):
        for y, m in months(year, 12):
            for day in range(1, 11):
                date = f"{y}-{m:02d}-{day:02d}"
                per_order += [order(date, "VN", "P1", 5, 8.0) for _ in range(orders_per_day)]
                per_day.append(order(date, "VN", "P1", 5 * orders_per_day, 8.0))
                for grain in (per_order, per_day):  # a steady market beside it, one order a day
                    grain.append(order(date, "US", "P1", 20, 8.0))
    return per_order, per_day


def test_signals_do_not_depend_on_how_the_sales_file_is_cut(run_report):
    per_order, per_day = sales_in_two_grains(daily_orders_prev=2, daily_orders_last=4)
    by_order, by_day = run_report(per_order), run_report(per_day)
    # VN's units and revenue doubled on the same sale days: in the daily file its lines did not move
    rising = signals_of(by_day, "rising_market")
    assert [s["country"] for s in rising] == ["VN"]
    assert rising[0]["evidence"]["measures"] == ["units", "revenue"]
    assert rising[0]["evidence"]["order_lines_growth"] == pytest.approx(0.0)
    assert signals_of(by_order, "rising_market")[0]["evidence"]["order_lines_growth"] == pytest.approx(1.0)

    def decisions(report):
        return [(s["type"], s["country"], s["evidence"]["measures"], round(s["evidence"]["units_z"], 9))
                for s in report["signals"] if s["type"].endswith("_market") and s["country"]]

    assert decisions(by_order) == decisions(by_day)


def test_products_that_stopped_selling_are_slow_movers(run_report):
    rows = (steady("US", "STEADY", 2025, 24, 3)
            + steady("US", "STALLED", 2025, 18, 3, lines_per_month=3)  # to June 2026, then two orders
            + [order("2026-08-03", "US", "STALLED", 3, 10.0), order("2026-12-03", "US", "STALLED", 3, 10.0)]
            + steady("US", "DORMANT", 2025, 20, 3, lines_per_month=3)  # nothing sold in the last 4 months
            + steady("US", "NEW", 2026, 12, 3)  # no history window: not judged
            + steady("US", "RARE", 2025, 24, 3, lines_per_month=1))  # 12 lines a year: too little history
    slow = {s["product_id"]: s for s in signals_of(run_report(rows), "slow_mover")}
    assert set(slow) == {"STALLED", "DORMANT"}
    assert slow["STALLED"]["evidence"]["reasons"] == ["velocity_collapsed"]
    assert slow["STALLED"]["evidence"]["measures"] == ["sale_days"]  # 36 equal sale days: too few to judge units
    assert slow["STALLED"]["evidence"]["sale_days_last6"] == 2 and slow["STALLED"]["evidence"]["units_last6"] == 6
    assert slow["STALLED"]["evidence"]["sale_days_before12"] == 36
    assert slow["DORMANT"]["evidence"]["months_without_sales"] == 4
    assert slow["DORMANT"]["evidence"]["reasons"] == ["dormant"]  # July and August kept its pace
    assert slow["STALLED"]["category"] == "wigs" and slow["STALLED"]["country"] is None


def slow_movers_in_two_grains() -> tuple[list[dict], list[dict]]:
    """The same sales, 2025-01..2026-12, as one line per order and as one line per day and product."""
    per_order, per_day = [], []

    def sell(date: str, product: str, orders: list[int]) -> None:
        per_order.extend(order(date, "US", product, units, 10.0) for units in orders)
        per_day.append(order(date, "US", product, sum(orders), 10.0))

    for y, m in months(2025, 24):
        recent = (y, m) >= (2026, 7)  # the last 6 months
        for day in (3, 10, 17, 24):
            date = f"{y}-{m:02d}-{day:02d}"
            sell(date, "STEADY", [2, 3])
            # the same 10 units a day, first in five orders of 2, then in one order of 10: in the order file its
            # lines collapse to a fifth, in the daily file they do not move; its sales did not change
            sell(date, "BIGGER_ORDERS", [10] if recent else [2] * 5)
            if not recent:  # sold twice a week, then nothing
                sell(date, "STOPPED", [3, 1])
        if not recent and m % 2:  # one sale day every other month in three orders: 36 lines, 9 sale days
            sell(f"{y}-{m:02d}-05", "FEW_DAYS", [1, 1, 1])
    return per_order, per_day


def test_slow_movers_do_not_depend_on_how_the_sales_file_is_cut(run_report):
    per_order, per_day = slow_movers_in_two_grains()
    by_order, by_day = run_report(per_order), run_report(per_day)

    def slow(report):
        return {s["product_id"]: (s["evidence"]["reasons"], s["evidence"]["measures"], s["evidence"]["sale_days_last6"],
                                  s["evidence"]["units_last6"], s["evidence"]["sale_days_before12"],
                                  round(s["evidence"]["units_effective_sales_before12"], 9))
                for s in signals_of(report, "slow_mover")}

    assert slow(by_order) == slow(by_day)
    assert set(slow(by_day)) == {"STOPPED"}  # FEW_DAYS: 36 order lines but 6 sale days in its history, not judged
    assert slow(by_day)["STOPPED"][:2] == (["velocity_collapsed", "dormant"], ["sale_days", "units"])
    stopped = {s["product_id"]: s for s in signals_of(by_order, "slow_mover")}["STOPPED"]["evidence"]
    assert (stopped["order_lines_before12"], stopped["sale_days_before12"]) == (96, 48)  # lines only inform


def test_a_product_that_keeps_its_orders_but_sells_far_fewer_units_is_a_slow_mover(run_report):
    rows = []
    for y, m in months(2025, 24):
        units = 2 if (y, m) >= (2026, 7) else 20  # the same two orders a week, a tenth of the units
        rows += [order(f"{y}-{m:02d}-{day:02d}", "US", "SHRUNK", units, 10.0) for day in (3, 8, 13, 18, 23)]
        rows += [order(f"{y}-{m:02d}-{day:02d}", "US", "STEADY", 5, 10.0) for day in (3, 8, 13, 18, 23)]
    [signal] = signals_of(run_report(rows), "slow_mover")
    evidence = signal["evidence"]
    assert signal["product_id"] == "SHRUNK" and evidence["reasons"] == ["velocity_collapsed"]
    assert evidence["measures"] == ["units"]  # it still sells on every sale day it had
    assert (evidence["sale_days_last6"], evidence["sale_days_before12"]) == (30, 60)
    assert (evidence["units_last6"], evidence["units_before12"]) == (60, 1200)
    assert (evidence["order_lines_last6"], evidence["order_lines_before12"]) == (30, 60)


def test_one_wholesale_lot_in_the_history_is_not_a_pace_to_fall_from(run_report):
    rows = [order(f"{y}-{m:02d}-{day:02d}", "US", "LOT", 1, 10.0) for y, m in months(2025, 24) for day in (3, 17)]
    rows.append(order("2025-10-08", "US", "LOT", 1000, 10.0))  # history: 1,024 units, one day 1,000 of them
    # 12 units in the last 6 months, far below a quarter of 1,024 ÷ 2; but 1,024 units of which one day sold 1,000
    # are 1.05 effective sales, too few to set a pace (its 25 sale days, 12 of them in the last 6 months, did not fall)
    # and the same with 64 sale days:
    assert not signals_of(run_report(rows), "slow_mover")
    from chuhai.insight.engine.slow_movers import collapsed_measures

    history = {"sale_days_before12": 64, "sale_days_last6": 32, "units_before12": 1024, "units_last6": 12}
    assert collapsed_measures({**history, "units_sq_before12": 1000.0**2 + 24}) == []
    assert collapsed_measures({**history, "units_sq_before12": 64 * 16.0**2}) == ["units"]  # 16 units a sale day
    assert collapsed_measures({**history, "units_sq_before12": 32 * 32.0**2}) == []  # 32 days' worth: too lumpy


def test_stock_adds_sell_through_and_days_of_cover():
    from chuhai.insight.engine.slow_movers import slow_mover_signals

    row = {"product_id": "P1", "country": "US", "category": "wigs", "last_sale_month": 100, "sale_days_last6": 30,
           "sale_days_before12": 60, "units_last6": 30, "units_before12": 60, "units_sq_before12": 60.0,
           "lines_last6": 30, "lines_before12": 60, "units_last3": 15}
    [signal] = slow_mover_signals([row], 100, stock={("P1", "US"): 90})
    assert signal["evidence"]["sell_through"] == pytest.approx(15 / 105)
    assert signal["evidence"]["days_of_cover"] == pytest.approx(90 / (15 / 91))
    assert signal["evidence"]["reasons"] == ["low_sell_through", "days_of_cover"]
    assert slow_mover_signals([row], 100, stock={("P1", "US"): 10}) == []


def test_unmet_demand_groups_unmatched_and_uncovered_demands(run_report):
    demands = [
        {"demand_id": "1", "category": "furniture", "country": "ID", "quantity": 40, "matched": None},
        {"demand_id": "2", "category": "furniture", "country": "ID", "quantity": 10, "matched": None},
        {"demand_id": "3", "category": "wigs", "country": "US", "quantity": 5, "matched": False},
        {"demand_id": "4", "category": "wigs", "country": "US", "quantity": 5, "matched": True},
        {"demand_id": "5", "category": "wigs", "country": "DE", "quantity": 5, "matched": None},
    ]
    report = run_report(steady("US", "P1", 2025, 2, 1), demands)
    unmet = signals_of(report, "unmet_demand")
    assert [(s["category"], s["country"]) for s in unmet] == [("furniture", "ID"), ("wigs", "US")]
    assert unmet[0]["evidence"] == {"demands": 2, "quantity": 50, "reasons": {"category_not_covered": 2},
                                    "product": None, "demand_ids": ["1", "2"], "examples": []}
    assert unmet[1]["evidence"]["reasons"] == {"not_matched": 1}


def test_without_categories_no_category_is_covered():
    demands = [{"category": "wigs", "country": "US", "matched": None}]
    assert len(unmet_demand_signals(demands, set())) == 1


def test_uncategorised_demands_are_unmet_and_grouped_by_product_name():
    demands = [
        {"category": None, "product": "solar panels", "country": "DE", "text": "450W mono panels", "quantity": 500},
        {"category": None, "product": "solar panels", "country": "DE", "quantity": 200},
        {"category": None, "product": "pet beds", "country": "DE"},
        {"category": None, "country": "DE"},
        {"category": "wigs", "country": "DE", "quantity": 9},
    ]
    unmet = unmet_demand_signals(demands, {"wigs"})
    assert [(s["category"], s["evidence"]["product"], s["evidence"]["demands"]) for s in unmet] == [
        (None, "solar panels", 2), (None, None, 1), (None, "pet beds", 1)]
    assert unmet[0]["evidence"]["quantity"] == 700
    assert unmet[0]["evidence"]["examples"] == ["450W mono panels"]
    assert unmet[0]["evidence"]["reasons"] == {"uncategorised": 2}


def test_price_bands_and_position():
    prices = [{"category": "wigs", "country": "US", "avg_price_usd": p} for p in (10.0, 20.0, 30.0, 40.0, 50.0)]
    band = price_bands(prices)[0]
    assert (band["p25"], band["median"], band["p75"], band["products"]) == (20.0, 30.0, 40.0, 5)
    assert position_in_band(45.0, band) == "above" and position_in_band(15.0, band) == "below"


def test_rounding_does_not_depend_on_the_last_bits_of_a_sum():
    """A parallel engine adds in varying order; an exact half cent must round the same way each time."""
    from chuhai.insight.engine.report import rounded

    def report(revenue, price, elasticity):
        return {"markets": [{"country": "US", "revenue_usd": revenue, "units": 2, "yoy_growth": None}],
                "products": [{"product_id": "P", "markets": [
                    {"country": "US", "units": 2, "revenue_usd": revenue, "avg_price_usd": price,
                     "elasticity": elasticity, "elasticity_ci": [elasticity - 1, elasticity + 1]}]}],
                "signals": [{"type": "slow_mover", "evidence": {"share": price}}]}

    low = rounded(report(9244.325 - 2e-12, 184.88665 - 3e-14, -1.16155 - 1e-15))
    high = rounded(report(9244.325 + 2e-12, 184.88665 + 3e-14, -1.16155 + 1e-15))
    assert low == high
    assert low["products"][0]["markets"][0]["revenue_usd"] in (9244.32, 9244.33)
