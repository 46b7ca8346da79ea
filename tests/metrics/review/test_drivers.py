"""Suggested drivers: supported links into the KPI, the source's move in the month acting now, times the effect."""

import math

import pandas as pd
import pytest

from metrics.review import drivers

LINKS = pd.DataFrame([
    {"source_kpi": "first_response_hours", "target_kpi": "average_csat", "method": "panel_region", "lag_months": 0,
     "effect": -0.5, "ci_low": -0.9, "ci_high": -0.1, "q_value": 0.02, "evidence": "supported"},
    {"source_kpi": "first_response_hours", "target_kpi": "average_csat", "method": "time_series", "lag_months": 1,
     "effect": -0.1, "ci_low": -0.15, "ci_high": -0.05, "q_value": 0.01, "evidence": "supported"},
    {"source_kpi": "on_time_delivery", "target_kpi": "average_csat", "method": "time_series", "lag_months": 0,
     "effect": 2.0, "ci_low": 1.0, "ci_high": 3.0, "q_value": 0.03, "evidence": "supported"},
    {"source_kpi": "price_spread", "target_kpi": "average_csat", "method": "time_series", "lag_months": 0,
     "effect": -1.0, "ci_low": -2.0, "ci_high": 0.1, "q_value": 0.4, "evidence": "not_shown"},
])
VALUES = pd.DataFrame([
    {"kpi_id": "first_response_hours", "period": pd.Timestamp("2026-08-01"), "value": 4.0},
    {"kpi_id": "first_response_hours", "period": pd.Timestamp("2026-09-01"), "value": 6.0},  # 1 month before Oct
    {"kpi_id": "first_response_hours", "period": pd.Timestamp("2026-10-01"), "value": 5.0},
    {"kpi_id": "on_time_delivery", "period": pd.Timestamp("2026-10-01"), "value": 0.9},  # September unknown
])


def test_supported_links_only_the_company_series_first():
    found = drivers.suggested(LINKS, VALUES, "average_csat", pd.Timestamp("2026-10-01"))
    assert [d.source_kpi for d in found] == ["first_response_hours", "on_time_delivery"]
    first = found[0]
    assert (first.method, first.lag_months, first.acting_month) == ("time_series", 1, pd.Timestamp("2026-09-01"))
    assert first.change == pytest.approx(2.0) and first.expected == pytest.approx(-0.2)
    assert (first.expected_low, first.expected_high) == pytest.approx((-0.3, -0.1))
    assert first.good is False  # slower response, lower satisfaction: bad for CSAT
    assert math.isnan(found[1].change) and found[1].good is None  # unknown, never zero


def test_no_link_no_driver():
    assert drivers.suggested(LINKS.iloc[0:0], VALUES, "average_csat", pd.Timestamp("2026-10-01")) == []
    assert drivers.suggested(LINKS, VALUES, "churn_rate", pd.Timestamp("2026-10-01")) == []
