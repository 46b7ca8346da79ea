"""KPI forecasts: calibrated intervals on series with known dynamics, path covariance by hand, roll-ups,
probabilities against targets, anomalies, and the stored tables of the demo."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.statespace.sarimax import SARIMAX

from metrics.links import forecast
from metrics.scorecard import registry
from metrics.scorecard.registry import CATALOGUE

MONTHS = pd.date_range("2023-11-01", periods=36, freq="MS")


def test_simulated_paths_have_the_covariance_of_the_model_by_hand():
    """ARIMA(0,1,1): e1 = u1, e2 = u2 + c u1, e3 = u3 + c (u1 + u2) with c = 1 + theta; so the sum of the next
    three months has variance sigma2 * ((1 + 2c)^2 + (1 + c)^2 + 1)."""
    theta, sigma2 = -0.4, 0.25
    rng = np.random.default_rng(5)
    y = np.cumsum(rng.normal(0, 0.5, 40))
    run = SARIMAX(y, order=(0, 1, 1)).smooth([theta, sigma2])
    paths = forecast.simulate(run, 3, 40_000, np.random.default_rng(1))
    c = 1 + theta
    assert np.var(paths.sum(axis=1)) == pytest.approx(sigma2 * ((1 + 2 * c) ** 2 + (1 + c) ** 2 + 1), rel=0.05)
    assert paths.mean(axis=0) == pytest.approx(np.full(3, run.get_forecast(3).predicted_mean[0]), abs=0.02)


def test_backtest_intervals_cover_about_ninety_percent():
    """Trending AR(1) series: the model chosen per series by the backtest covers close to 90% of the months."""
    rng = np.random.default_rng(8)
    inside = total = 0
    for _ in range(30):
        e = rng.normal(size=36)
        y = np.zeros(36)
        for t in range(1, 36):
            y[t] = 0.5 * y[t - 1] + e[t]
        result = forecast.forecast_kpi(registry.get("average_csat"), pd.Series(y + 0.05 * np.arange(36) + 10,
                                                                              index=MONTHS), None)
        inside += result["backtest"]["inside"]
        total += result["backtest"]["n"]
    assert total == 30 * forecast.BACKTEST_MONTHS
    assert 0.86 <= inside / total <= 0.95  # 360 months: 0.90 +- 2.5 binomial standard errors


def test_rollup_carries_months_the_way_targets_do():
    values = np.array([0.9, 0.8, 0.5])
    assert forecast.rollup(values, registry.get("revenue")) == pytest.approx(2.2)  # summed
    assert forecast.rollup(values, registry.get("retention_rate")) == pytest.approx(0.36)  # kept: 0.9*0.8*0.5
    assert forecast.rollup(values, registry.get("churn_rate")) == pytest.approx(1 - 0.1 * 0.2 * 0.5)
    assert forecast.rollup(values, registry.get("average_csat")) == pytest.approx(2.2 / 3)


def test_probability_and_flag_follow_the_target_and_direction():
    rng = np.random.default_rng(2)
    csat = pd.Series(4.0 + rng.normal(0, 0.05, 36), index=MONTHS)
    high = forecast.forecast_kpi(registry.get("average_csat"), csat, 3.0)
    low = forecast.forecast_kpi(registry.get("average_csat"), csat, 4.6)
    year = {r["horizon"]: r for r in high["forecast"]}["year"]
    assert year["probability"] == 1.0 and year["flag"] == "on_track"
    assert year["low90"] <= year["forecast"] <= year["high90"] and 3.9 < year["forecast"] < 4.1
    assert {r["horizon"]: r for r in low["forecast"]}["year"]["flag"] == "at_risk"
    hours = forecast.forecast_kpi(registry.get("first_response_hours"), csat, 4.6)  # lower is better
    assert {r["horizon"]: r for r in hours["forecast"]}["year"]["flag"] == "on_track"
    assert len(high["path"]) == 2  # 2026-11 and 2026-12 to the year's end
    none = forecast.forecast_kpi(registry.get("average_csat"), csat, None)
    assert all(r["flag"] == "none" for r in none["forecast"])


def test_a_month_far_outside_the_usual_range_is_an_anomaly():
    rng = np.random.default_rng(4)
    values = 50 + rng.normal(0, 1, 36)
    values[20] += 15
    result = forecast.forecast_kpi(registry.get("average_csat"), pd.Series(values, index=MONTHS), None)
    flagged = [a["period"] for a in result["anomaly"]]
    assert MONTHS[20] in flagged
    assert len(flagged) <= 3  # the spike, and at most the month after it as the model re-centres


def test_refresh_stores_forecasts_for_every_kpi_with_history(demo_store):
    stored = forecast.read(demo_store)
    backtests = forecast.read(demo_store, forecast.BACKTEST_TABLE)
    assert set(stored["kpi_id"]) == {k.id for k in CATALOGUE} == set(backtests["kpi_id"])
    assert set(stored["horizon"]) == {"quarter", "year"}
    assert (stored["low90"] <= stored["forecast"]).all() and (stored["forecast"] <= stored["high90"]).all()
    assert stored["probability"].between(0, 1).all()
    summary = forecast.summary(backtests)
    assert 0.75 <= summary["coverage90"] <= 0.99
    assert 0 < summary["mase"] < 1.5
