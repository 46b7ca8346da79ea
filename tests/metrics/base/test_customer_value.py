"""``metrics.base.value`` ranks each period's customers in NumPy; the who lists rank them in SQL
(``facts.value_rows``). Both must count the same customers: the value is checked against the SQL windows (the query
the fact ran before), for random filters and periods, and on hand-made rows where ties and unknown margins decide.
The values the refresh stored (whole company, each region) equal those ranked on the spot, at any grain."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.base import facts, value
from metrics.base.facts import BUYER, CALENDAR_CTE, REPEAT_BUYER, TIER_A, TOP20, UNPROFITABLE
from metrics.base.filters import Filters, add_months
from metrics.base.store import Store
from tests.metrics.strategies import filters_kwargs

REFERENCE = """
    WITH {calendar}, {rows}
    SELECT period, count(*) AS customers,
           count(*) FILTER (WHERE {buyer}) AS buyers,
           count(*) FILTER (WHERE {repeat}) AS repeat_buyers,
           sum(profit) AS profit,
           count(*) FILTER (WHERE {unprofitable}) AS unprofitable,
           coalesce(sum(profit) FILTER (WHERE {top20}), 0) AS top20_profit,
           any_value(positive_margin) AS positive_margin,
           coalesce(sum(revenue_12m) FILTER (WHERE {tier_a}), 0) AS tier_a_revenue,
           sum(revenue_12m) AS revenue_12m
    FROM ranked GROUP BY period
"""


def _reference(store, f: Filters) -> pd.DataFrame:
    """The value over SQL window functions: rank by profit, running positive margin by margin then id."""
    where, params = facts.dimension_filter(f, "t")
    sql = REFERENCE.format(calendar=CALENDAR_CTE, rows=facts.value_rows(where), buyer=BUYER, repeat=REPEAT_BUYER,
                           unprofitable=UNPROFITABLE, top20=TOP20, tier_a=TIER_A)
    frame = store.query(sql, {**facts.calendar(f), **params})
    frame["period"] = pd.to_datetime(frame["period"])
    return frame.set_index("period").reindex(f.period_index).astype(float)


def _same(found: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert list(found.columns) == list(expected.columns)
    assert np.allclose(found.to_numpy(float), expected.to_numpy(float), rtol=1e-9, atol=1e-6, equal_nan=True), (
        found.compare(expected))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kwargs=filters_kwargs(), end=st.dates(min_value=date(2024, 6, 1), max_value=date(2026, 10, 31)))
def test_the_value_equals_the_sql_windows_for_any_filters(demo_store, kwargs, end):
    months = {"month": 6, "quarter": 9, "year": 24}[kwargs["grain"]]
    f = Filters(**{**kwargs, "start": add_months(date(end.year, end.month, 1), -months), "end": end})
    _same(value.ranked(demo_store.scoped(), f), _reference(demo_store, f))


def _rows(rows: list[tuple]) -> Store:
    """A store whose ``customer_trailing`` is hand-made rows (the value's only table)."""
    connection = duckdb.connect()
    connection.execute(
        "CREATE TABLE customer_trailing (customer_id BIGINT, month DATE, region VARCHAR, channel VARCHAR, "
        "industry VARCHAR, manager_id BIGINT, revenue_12m DOUBLE, margin_12m DOUBLE, orders_12m HUGEINT, "
        "service_cost_12m DOUBLE, campaign_cost_12m DOUBLE)")
    connection.executemany("INSERT INTO customer_trailing VALUES (?, DATE '2026-09-01', 'East', 'online', "
                           "'retail', NULL, ?, ?, ?, 0, 0)", rows)
    return Store(Path(":memory:"), connection=connection)


@pytest.mark.parametrize("rows", [
    # a tie in margin across the 80 % line (60 ranked before the one, 80 before the other): the lower id comes
    # first and alone makes the cut
    [(1, 100.0, 60.0, 3), (3, 70.0, 20.0, 2), (2, 50.0, 20.0, 1), (4, 10.0, 0.0, 0), (5, 5.0, -10.0, 1)],
    # unknown margins (no costs): they rank last, add nothing, and the profit is unknown only when all are
    [(1, 100.0, None, 3), (2, 50.0, 20.0, 1), (3, 70.0, None, 2), (4, 10.0, 5.0, 0)],
    [(1, 100.0, None, 3), (2, 50.0, None, 1)],
    # a single customer: the top 20 % is that one
    [(7, 30.0, 12.0, 2)],
])
def test_ties_and_unknown_margins_rank_as_in_sql(rows):
    store = _rows(rows)
    f = Filters(date(2026, 9, 1), date(2026, 9, 1))
    found, expected = value.ranked(store, f), _reference(store, f)
    _same(found, expected)
    if rows[0][2] == 60.0:
        assert found["tier_a_revenue"].iloc[0] == 150.0
    if all(r[2] is None for r in rows):
        assert math.isnan(found["profit"].iloc[0])


def test_the_rules_by_hand():
    # profits 40, 30, 30, 0, -10: the top 20 % of five is one customer (40); the positive margin is 100, and the
    # customers before whom less than 80 were ranked (0, 40, 70) hold revenue 100 + 50 + 70
    store = _rows([(1, 100.0, 40.0, 3), (2, 50.0, 30.0, 1), (3, 70.0, 30.0, 2), (4, 10.0, 0.0, 0),
                   (5, 5.0, -10.0, 1)])
    row = value.ranked(store, Filters(date(2026, 9, 1), date(2026, 9, 1))).iloc[0]
    assert (row["customers"], row["buyers"], row["repeat_buyers"], row["unprofitable"]) == (5, 4, 2, 1)
    assert (row["top20_profit"], row["positive_margin"], row["tier_a_revenue"]) == (40.0, 100.0, 220.0)
    assert row["profit"] == 90.0 and row["revenue_12m"] == 235.0


@pytest.mark.parametrize(("grain", "region"), [("month", ()), ("quarter", ()), ("year", ()), ("month", ("East",)),
                                               ("quarter", ("West",))])
def test_the_stored_values_equal_the_ranked_ones_at_any_grain(demo_store, grain, region):
    f = Filters(date(2025, 10, 1), date(2026, 9, 30), grain=grain, region=region)
    found = value.stored(demo_store, f)
    assert found is not None  # the refresh stored every month of its window, whole company and per region
    _same(found, value.ranked(demo_store.scoped(), f))


@pytest.mark.parametrize("kwargs", [{"region": ("East", "West")}, {"channel": ("online",)},
                                    {"region": ("East",), "industry": ("retail",)}])
def test_other_filters_and_months_outside_the_window_are_ranked_on_the_spot(demo_store, kwargs):
    assert value.stored(demo_store, Filters(date(2026, 9, 1), date(2026, 9, 1), **kwargs)) is None
    assert value.stored(demo_store, Filters(date(2019, 1, 1), date(2019, 1, 1))) is None
