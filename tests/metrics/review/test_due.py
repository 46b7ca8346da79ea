"""When a note is due: red, or less than an even chance of the year target; overdue after the grace days."""

from datetime import date

import pandas as pd

from metrics.review import due

FORECASTS = pd.DataFrame([
    {"kpi_id": "a", "horizon": "year", "probability": 0.8, "flag": "on_track"},
    {"kpi_id": "b", "horizon": "year", "probability": 0.3, "flag": "at_risk"},
    {"kpi_id": "b", "horizon": "quarter", "probability": 0.9, "flag": "on_track"},  # the year's chance counts
    {"kpi_id": "c", "horizon": "year", "probability": float("nan"), "flag": "missed"},
    {"kpi_id": "d", "horizon": "year", "probability": float("nan"), "flag": "not_estimable"},
])
STATUSES = {"a": "red", "b": "green", "c": "amber", "d": "amber", "e": "green"}
OCT = date(2026, 10, 1)


def test_red_or_an_unlikely_year_makes_a_note_due():
    found = due.reasons(STATUSES, FORECASTS)
    assert found.keys() == {"a", "b", "c"}
    assert found["a"][0] == ("red",) and found["b"] == (("forecast",), 0.3) and found["c"] == (("forecast",), 0.0)


def test_due_then_overdue_after_the_grace_days_and_settled_by_a_check_in():
    assert due.due_by(OCT) == date(2026, 11, 10)
    on_time = due.notes_due(STATUSES, FORECASTS, period=OCT, written={"b"}, today=date(2026, 11, 10))
    assert {k: v.state for k, v in on_time.items()} == {"a": "due", "b": "written", "c": "due"}
    late = due.notes_due(STATUSES, FORECASTS, period=OCT, written=set(), today=date(2026, 11, 11))
    assert {v.state for v in late.values()} == {"overdue"}
    assert due.month_end(date(2026, 12, 1)) == date(2026, 12, 31)


def test_no_forecast_table_judges_by_status_alone():
    empty = pd.DataFrame(columns=["kpi_id", "horizon", "probability", "flag"])
    assert set(due.notes_due(STATUSES, empty, period=OCT, written=set(), today=OCT)) == {"a"}
