"""Alert facts from the scorecard, the forecasts and the refresh's steps (pure functions over frames), and over the
demo's store."""

import math

import pandas as pd
import pytest

from metrics.alerts import evaluate
from metrics.alerts.digest import digest

CARD = pd.DataFrame([
    {"id": "revenue", "status": "red", "period": "2026-10", "value": 1.0, "target": 2.0, "unit": "currency",
     "per": None},
    {"id": "churn_rate", "status": "amber", "period": "2026-10", "value": 0.1, "target": 0.08, "unit": "percent",
     "per": None},
    {"id": "referrals", "status": None, "period": "2026-10", "value": math.nan, "target": 5.0, "unit": "count",
     "per": None},
])
FORECASTS = pd.DataFrame([
    {"kpi_id": "revenue", "horizon": "year", "basis": "forecast", "probability": 0.3, "forecast": 90.0,
     "low90": 80.0, "high90": 100.0, "target": 110.0, "period_end": "2026-12-31"},
    {"kpi_id": "churn_rate", "horizon": "year", "basis": "forecast", "probability": 0.5, "forecast": 0.1,
     "low90": 0.09, "high90": 0.11, "target": 0.1, "period_end": "2026-12-31"},
    {"kpi_id": "referrals", "horizon": "year", "basis": "not_estimable", "probability": math.nan, "forecast": math.nan,
     "low90": math.nan, "high90": math.nan, "target": 50.0, "period_end": "2026-12-31"},
    {"kpi_id": "revenue", "horizon": "quarter", "basis": "forecast", "probability": 0.1, "forecast": 20.0,
     "low90": 10.0, "high90": 30.0, "target": 40.0, "period_end": "2026-12-31"},
])


def test_a_red_kpi_alerts_and_unmeasured_is_none():
    facts = {f.subject: (f.state, f.alerting) for f in evaluate.kpi_facts(CARD)}
    assert facts == {"revenue": ("red", True), "churn_rate": ("amber", False), "referrals": ("none", False)}


def test_a_year_below_the_threshold_alerts_with_its_interval():
    facts = {f.subject: f for f in evaluate.forecast_facts(FORECASTS, 0.5)}
    assert {k: (f.state, f.alerting) for k, f in facts.items()} == {
        "revenue": ("below", True), "churn_rate": ("above", False), "referrals": ("unknown", False)}
    assert facts["revenue"].detail.items() >= {"probability": 0.3, "low90": 80.0, "high90": 100.0,
                                               "threshold": 0.5}.items()
    assert facts["referrals"].detail["probability"] is None  # unknown is never 0%


@pytest.mark.parametrize(("text", "value"), [("", 0.5), ("0.4", 0.4), ("35%", 0.35)])
def test_the_threshold_comes_from_the_environment(monkeypatch, text, value):
    monkeypatch.setenv(evaluate.THRESHOLD_ENV, text)
    assert evaluate.threshold() == pytest.approx(value)


@pytest.mark.parametrize("text", ["half", "1.5", "0"])
def test_a_bad_threshold_says_how_to_write_it(monkeypatch, text):
    monkeypatch.setenv(evaluate.THRESHOLD_ENV, text)
    with pytest.raises(ValueError, match="ALERT_PROBABILITY_BELOW"):
        evaluate.threshold()


def test_the_demo_has_red_kpis_and_every_step_computed(demo_store):
    facts = evaluate.evaluate(demo_store)
    kinds = {f.kind for f in facts}
    assert kinds == {"kpi_red", "forecast_risk", "refresh"}
    assert any(f.kind == "kpi_red" and f.alerting for f in facts)
    steps = [f for f in facts if f.kind == "refresh" and f.subject != "store"]
    assert steps and all(not f.alerting for f in steps), [f for f in steps if f.alerting]
    found = digest(demo_store)
    assert found.period is not None and found.red and found.counts["red"] == len(found.red)
    assert {line.kpi_id for line in found.red} == {f.subject for f in facts if f.kind == "kpi_red" and f.alerting}
