"""Intermittent-demand forecasting: edge cases and behaviour."""

from __future__ import annotations

import numpy as np

from chuhai.planning.engine.forecast import _pooled_shrink, demand_dropped, forecast, forecast_periods


def test_no_series_and_no_weeks():
    assert len(forecast(np.zeros((0, 10))).level) == 0
    empty = forecast(np.zeros((2, 0)))
    assert empty.level.tolist() == [0.0, 0.0]


def test_all_zeros_forecast_zero():
    result = forecast(np.zeros((3, 52)))
    assert result.level.tolist() == [0.0, 0.0, 0.0]
    assert result.method == ["none"] * 3
    assert result.active_weeks.tolist() == [0, 0, 0]


def test_constant_demand_is_forecast_exactly():
    result = forecast(np.full((1, 40), 5.0))
    assert abs(result.level[0] - 5.0) < 1e-9
    assert result.sigma[0] < 1e-9


def test_leading_zeros_are_not_demand():
    y = np.zeros((1, 60))
    y[0, 40:] = 4.0
    result = forecast(y)
    assert abs(result.level[0] - 4.0) < 1e-9
    assert result.active_weeks[0] == 20


def test_single_spike_is_damped():
    y = np.ones((1, 52))
    y[0, 30] = 60.0
    level = forecast(y).level[0]
    assert 1.0 <= level < 5.0


def test_intermittent_level_close_to_the_demand_rate():
    rng = np.random.default_rng(3)
    y = (rng.random((200, 104)) < 0.25) * rng.poisson(4, (200, 104))
    rate = 0.25 * 4
    level = forecast(y).level
    assert abs(np.median(level) - rate) < 0.35 * rate


def test_forecast_drops_after_demand_stops():
    y = np.zeros((1, 80))
    y[0, :60] = 10.0
    assert forecast(y).level[0] < 5.0


def test_horizon_repeats_the_level():
    result = forecast(np.full((2, 30), 2.0))
    assert result.horizon(12).shape == (2, 12)


def test_demand_drop_is_detected_from_weeks_with_sales():
    y = np.ones((2, 80))
    y[0, -8:] = 0  # sold every week, then 8 weeks without a sale
    start = np.zeros(2, dtype=int)
    assert demand_dropped(y, start).tolist() == [True, False]
    assert forecast(y).level[0] < 0.5 < forecast(y).level[1]


def test_very_short_histories():
    for weeks in (1, 2, 3):
        result = forecast(np.full((2, weeks), 3.0))
        assert np.allclose(result.level, 3.0)


# ---------------------------------------------------------------- forecast_periods (the batch contract's engine)


def test_monthly_pooled_factor_follows_the_history():
    rng = np.random.default_rng(3)
    steady = rng.poisson(1.0, size=(300, 48)).astype(float)
    assert _pooled_shrink(steady, 6, "M") >= 0.9  # nothing to correct: the level is kept
    decay = np.exp(-np.arange(48) / 12.0)
    fading = rng.poisson(4.0 * decay, size=(300, 48)).astype(float)
    assert _pooled_shrink(fading, 6, "M") < 0.9  # smoothed levels overshoot fading demand: scaled down
    fc = forecast_periods(steady, 6, freq="M")
    assert fc.shape == (300, 6) and np.all(fc >= 0)
    assert abs(fc.mean() - 1.0) < 0.15  # aimed at the mean demand, not at the (zero) median of a period


def test_weekly_forecast_periods_is_the_weekly_forecaster():
    rng = np.random.default_rng(5)
    y = rng.poisson(0.7, size=(40, 60)).astype(float)
    assert np.allclose(forecast_periods(y, 13, freq="W"), np.maximum(forecast(y, horizon=13).horizon(13), 0))
