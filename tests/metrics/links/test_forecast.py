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


# --- known periods and forecasts that cannot be estimated (a small company: issue 17) ----------------------------

def _rows(result) -> dict[str, dict]:
    return {r["horizon"]: r for r in result["forecast"]}


def test_a_complete_quarter_is_known_without_an_interval_and_the_year_is_still_forecast():
    """36 months ending in September: July to September are all observed, so the quarter's revenue is their sum
    (no interval); the year has three months ahead, so it is forecast with an interval of some width."""
    rng = np.random.default_rng(3)
    months = pd.date_range("2022-10-01", periods=36, freq="MS")
    revenue = pd.Series(100 + rng.normal(0, 8, 36), index=months)
    result = forecast.forecast_kpi(registry.get("revenue"), revenue, None)
    quarter, year = _rows(result)["quarter"], _rows(result)["year"]
    assert quarter["basis"] == "known" and quarter["period_start"].isoformat() == "2025-07-01"
    assert quarter["forecast"] == pytest.approx(revenue.iloc[-3:].sum())
    assert np.isnan(quarter["low90"]) and np.isnan(quarter["high90"])
    assert year["basis"] == "forecast" and year["high90"] - year["low90"] > 1
    assert year["low90"] >= revenue.iloc[-9:].sum()  # nine months observed; no month ahead below zero
    assert len(result["path"]) == 3 and result["backtest"] is not None


def test_a_known_value_reaches_or_misses_its_target_and_equal_reaches_it():
    months = pd.date_range("2023-01-01", periods=36, freq="MS")  # ends in December: quarter and year complete
    rng = np.random.default_rng(6)
    revenue = pd.Series(40 + rng.normal(0, 3, 36), index=months)
    year_total = float(revenue.iloc[-12:].sum())
    equal = _rows(forecast.forecast_kpi(registry.get("revenue"), revenue, year_total / 12))
    assert {r["basis"] for r in equal.values()} == {"known"} and equal["year"]["flag"] == "reached"
    assert equal["year"]["probability"] == 1.0
    above = _rows(forecast.forecast_kpi(registry.get("revenue"), revenue, year_total / 12 + 0.1))
    assert above["year"]["flag"] == "missed" and above["year"]["probability"] == 0.0
    hours = _rows(forecast.forecast_kpi(registry.get("first_response_hours"), revenue, 1000.0))  # lower is better
    assert hours["year"]["flag"] == "reached"


def test_a_value_equal_to_its_target_but_for_the_last_bits_reaches_it():
    """0.1 + 0.2 is 0.30000000000000004 in floats: a known 0.3 against that target reaches it (lower is better:
    the same the other way)."""
    reached = forecast.against_target(np.array([0.3]), registry.get("average_csat"), "quarter", 0.1 + 0.2)
    assert reached["flag"] == "reached" and reached["probability"] == 1.0
    assert forecast.against_target(np.array([0.30000000000000004]), registry.get("first_response_hours"),
                                   "quarter", 0.3)["flag"] == "reached"
    assert forecast.against_target(np.array([0.3]), registry.get("average_csat"), "quarter", 0.31)["flag"] == "missed"


def test_a_short_series_is_known_where_complete_and_not_estimable_ahead():
    """Twelve months of revenue ending in June: the second quarter is known (its three months summed); the rest of
    the year cannot be forecast from twelve months, and says so rather than giving a zero-width interval."""
    months = pd.date_range("2024-07-01", periods=12, freq="MS")
    revenue = pd.Series([120.0, 131, 126, 118, 140, 122, 125, 133, 119, 126, 128, 124], index=months)
    result = forecast.forecast_kpi(registry.get("revenue"), revenue, 30.0)
    quarter, year = _rows(result)["quarter"], _rows(result)["year"]
    assert quarter["basis"] == "known" and quarter["forecast"] == pytest.approx(126 + 128 + 124)
    assert quarter["flag"] == "reached" and quarter["target"] == pytest.approx(90.0)
    assert year["basis"] == "not_estimable" and year["reason"] == "short"
    assert np.isnan(year["forecast"]) and year["flag"] == "not_estimable" and np.isnan(year["probability"])
    assert result["backtest"] is None and result["path"] == [] and result["anomaly"] == []


@pytest.mark.parametrize("months", [6, 12, 36])
def test_a_flat_series_short_or_long_gets_no_forecast_rather_than_a_zero_width_interval(months):
    """The same value every month: nothing to forecast (the tile shows the value), whether the quarter is complete
    (June) or not (July)."""
    index = pd.date_range(end="2025-06-01", periods=months, freq="MS")
    assert forecast.forecast_kpi(registry.get("revenue"), pd.Series(126.0, index=index), 30.0) is None
    later = index + pd.DateOffset(months=1)
    assert forecast.forecast_kpi(registry.get("average_csat"), pd.Series(4.2, index=later), 4.0) is None


def test_a_fit_without_spread_is_not_estimable_not_a_zero_width_interval(monkeypatch):
    """A degenerate fit (every simulated path the same) gives no band and no interval."""
    def degenerate(applied, steps, paths, rng, spread=1.0):
        return np.zeros((paths, steps))

    monkeypatch.setattr(forecast, "simulate", degenerate)
    rng = np.random.default_rng(9)
    result = forecast.forecast_kpi(registry.get("average_csat"), pd.Series(4 + rng.normal(0, 0.1, 36),
                                                                           index=MONTHS), 4.0)
    assert {(r["basis"], r["reason"]) for r in result["forecast"]} == {("not_estimable", "no_spread")}
    assert result["path"] == []


@pytest.mark.parametrize("periods", [2, 5, 12, 17, 18, 30])
@pytest.mark.parametrize("last_month", [3, 8, 12])
def test_no_period_has_a_zero_width_interval(periods, last_month):
    """Whatever the history: a period is known (no interval), forecast (an interval of some width) or not
    estimable (no value), and every row says which."""
    rng = np.random.default_rng(periods * 100 + last_month)
    months = pd.date_range(end=pd.Timestamp(2025, last_month, 1), periods=periods, freq="MS")
    result = forecast.forecast_kpi(registry.get("revenue"), pd.Series(50 + rng.normal(0, 5, periods),
                                                                       index=months), 20.0)
    for row in result["forecast"]:
        if row["basis"] == "forecast":
            assert row["high90"] - row["low90"] > 0.01 and row["low90"] <= row["forecast"] <= row["high90"]
            assert row["flag"] in ("on_track", "at_risk")
        elif row["basis"] == "known":
            assert np.isnan(row["low90"]) and np.isfinite(row["forecast"]) and row["flag"] in ("reached", "missed")
        else:
            assert row["basis"] == "not_estimable" and row["reason"] in forecast.REASONS
            assert np.isnan(row["forecast"]) and row["flag"] == "not_estimable"
    known = {r["horizon"] for r in result["forecast"] if r["basis"] == "known"}
    assert known == ({"quarter", "year"} if last_month == 12 else {"quarter"} if last_month % 3 == 0 else set())
