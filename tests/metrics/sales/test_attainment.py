"""Targets, baselines, attainment and the ranking on the tiny team of ``company.py`` (values by hand), and the
baseline rule against numpy's median (hypothesis)."""

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics.base.filters import add_months
from metrics.sales.attainment import attainment, baselines, monthly_targets, ranking, team_summary
from tests.metrics.sales import company


@pytest.fixture(scope="module")
def store():
    store = company.store()
    yield store
    store.close()


def by_rep(frame) -> dict[int, dict]:
    return {int(r["rep_id"]): r for r in frame.to_dict("records")}


def test_march_targets_set_and_baseline(store):
    got = by_rep(attainment(store, company.MARCH))
    assert (got[1]["target"], got[1]["target_kind"]) == (100.0, "baseline")  # median of Dec 100, Jan 300, Feb 0
    assert (got[2]["target"], got[2]["target_kind"]) == (400.0, "baseline")  # Feb 400: its only month of history
    assert (got[3]["target"], got[3]["target_kind"]) == (600.0, "set")
    assert got[1]["attainment"] == pytest.approx(6.5)
    assert got[2]["attainment"] == pytest.approx(1.0)
    assert got[3]["attainment"] == pytest.approx(0.5)


def test_no_history_and_no_target_is_unknown_never_zero(store):
    got = by_rep(attainment(store, company.MARCH))
    for rep in (4, 9):  # Dee sold nothing ever; rep 9 first sold in March
        assert math.isnan(got[rep]["target"]) and math.isnan(got[rep]["attainment"])
        assert got[rep]["target_kind"] is None and got[rep]["no_target"] == "no_history"
        assert math.isnan(got[rep]["rank"])


def test_ranked_by_attainment_reps_without_one_last(store):
    frame = attainment(store, company.MARCH)
    assert list(frame["rep_id"]) == [1, 2, 3, 9, 4]  # then by revenue: 50 before 0
    assert list(frame["rank"][:3]) == [1.0, 2.0, 3.0]


def test_a_quarter_sums_its_monthly_targets_and_says_mixed(store):
    got = by_rep(attainment(store, company.Q1))
    # Ann: January baseline 100 (December alone), February set 250, March baseline 100
    assert (got[1]["target"], got[1]["target_kind"]) == (450.0, "mixed")
    assert got[1]["attainment"] == pytest.approx(950 / 450)
    # Bob had no history before February, Cid none before March: a month without a target leaves the quarter's unknown
    for rep in (2, 3):
        assert math.isnan(got[rep]["target"]) and got[rep]["no_target"] == "no_history"


def test_monthly_targets_keep_the_baseline_beside_a_set_target(store):
    frame = monthly_targets(store, company.Q1, [1])
    assert list(frame["month"]) == [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]
    assert list(frame["kind"]) == ["baseline", "set", "baseline"]
    assert list(frame["target"]) == [100.0, 250.0, 100.0]
    assert list(frame["baseline"]) == [100.0, 200.0, 100.0]  # February: median of 100 and 300


def test_months_a_rep_was_not_employed_carry_no_target(store):
    april = company.MARCH.__class__(date(2025, 4, 1), date(2025, 4, 1))
    assert monthly_targets(store, april, [2]).empty  # Bob left in March
    got = by_rep(attainment(store, april))
    assert 2 not in got


def test_attainment_ignores_the_dimension_filters_the_breakdown_follows(store):
    east = company.MARCH.with_dimensions(region=("East",))
    whole, sliced = by_rep(ranking(store, company.MARCH)), by_rep(ranking(store, east))
    assert sliced[1]["revenue"] == 200.0 and whole[1]["revenue"] == 650.0
    assert sliced[1]["revenue_all"] == whole[1]["revenue_all"] == 650.0  # what the attainment counts
    assert sliced[1]["attainment"] == whole[1]["attainment"] == pytest.approx(6.5)


def test_a_set_target_of_zero_gives_no_attainment(store):
    zero = company.store("UPDATE sales_rep_target SET revenue_target = 0 WHERE employee_id = 3")
    assert math.isnan(by_rep(attainment(zero, company.MARCH))[3]["attainment"])


def test_team_summary(store):
    summary = team_summary(attainment(store, company.MARCH))
    assert (summary.reps, summary.with_target, summary.on_target) == (5, 3, 2)  # 100 % is on target
    assert summary.attainment == pytest.approx((650 + 400 + 300) / (100 + 400 + 600))
    empty = team_summary(pd.DataFrame({"attainment": [float("nan")], "target": [float("nan")]}))
    assert empty.with_target == 0 and math.isnan(empty.attainment)


def test_a_store_older_than_the_targets_table_uses_baselines(store):
    old = company.store("DROP TABLE sales_rep_target")
    assert by_rep(attainment(old, company.MARCH))[3]["no_target"] == "no_history"
    assert by_rep(attainment(old, company.MARCH))[1]["target_kind"] == "baseline"


FIRST = date(2023, 1, 1)


@given(st.lists(st.integers(0, 10_000), min_size=24, max_size=24), st.integers(0, 11))
def test_the_baseline_is_the_median_of_the_twelve_months_before(values, start):
    """24 months of revenue from 2023-01, the rep's first order in month ``start``: the baseline of each month of
    the second year is numpy's median of the months before it since the first order, months without orders as 0."""
    months = [add_months(FIRST, k) for k in range(24)]
    revenue = pd.DataFrame({"rep_id": 1, "month": months, "revenue": [float(v) for v in values]})
    revenue = revenue[(revenue["revenue"] > 0) & (revenue["month"] >= months[start])]  # sparse, as orders are
    got = baselines(revenue, {1: months[start]}, months[12:]).set_index("month")["baseline"]
    for k in range(12, 24):
        window = [values[j] for j in range(k - 12, k) if j >= start]
        assert got[months[k]] == pytest.approx(float(np.median(window)))


def test_no_history_no_baseline():
    got = baselines(pd.DataFrame(columns=["rep_id", "month", "revenue"]), {1: date(2025, 3, 1)}, [date(2025, 3, 1)])
    assert math.isnan(got["baseline"].iloc[0])
