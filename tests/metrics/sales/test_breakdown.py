"""Sales by rep on the tiny team of ``company.py``: values worked out by hand in its docstring."""

import math
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.base.filters import Filters
from metrics.sales.breakdown import rep_breakdown
from tests.metrics.sales import company
from tests.metrics.stores import tiny_store


@pytest.fixture(scope="module")
def store():
    store = company.store()
    yield store
    store.close()


def rows(frame) -> dict[int, tuple]:
    return {int(r.rep_id): (r.revenue, r.orders, r.customers, r.margin, r.new_customers)
            for r in frame.itertuples(index=False)}


def test_march_by_rep(store):
    got = rows(rep_breakdown(store, company.MARCH))
    assert set(got) == {1, 2, 3, 4, 9}
    assert got[1] == (650.0, 2, 2, 230.0, 1)
    assert got[3] == (300.0, 1, 1, 150.0, 1)
    assert got[9] == (50.0, 1, 1, 30.0, 0)
    assert got[4] == (0.0, 0, 0, 0.0, 0)  # nothing sold: nothing earned


def test_an_unknown_cost_is_an_unknown_margin_never_zero(store):
    revenue, orders, customers, margin, won = rows(rep_breakdown(store, company.MARCH))[2]
    assert (revenue, orders, customers, won) == (400.0, 1, 1, 0)  # one of its two lines has a cost
    assert math.isnan(margin)


def test_ordered_by_revenue_then_rep(store):
    assert list(rep_breakdown(store, company.MARCH)["rep_id"]) == [1, 2, 3, 9, 4]


def test_an_order_without_a_rep_counts_for_nobody(store):
    total = rep_breakdown(store, company.MARCH)["revenue"].sum()
    assert total == 650 + 400 + 300 + 50  # order 6 (1,000) names no rep


def test_dimension_filters_apply_to_the_customer_behind_the_order(store):
    got = rows(rep_breakdown(store, company.MARCH.with_dimensions(region=("East",))))
    assert got[1] == (200.0, 1, 1, 80.0, 0)  # customer 11 (West) is out, and with it Ann's new customer
    assert got[3] == (300.0, 1, 1, 150.0, 1)


def test_a_quarter_sums_its_months(store):
    got = rows(rep_breakdown(store, company.Q1))
    assert got[1][:3] == (950.0, 3, 2)  # January 300 and March 650
    assert got[2][:2] == (800.0, 2)  # February 400 and March 400


REPS = (1, 2, 3, None)
EDGES = (0, 30, 31, 58, 59, 89, 90)  # days after 1 January 2025 on either side of the periods' boundaries


@settings(max_examples=100, deadline=None)
@given(orders=st.lists(st.tuples(st.sampled_from((10, 11, 12)),
                                 st.sampled_from(EDGES) | st.integers(0, 150), st.sampled_from(REPS)),
                       min_size=1, max_size=12),
       order_ids=st.randoms(use_true_random=False),
       period=st.sampled_from((company.MARCH, company.Q1, Filters(date(2025, 2, 1), date(2025, 2, 1)))))
def test_a_rep_wins_the_customers_whose_first_order_it_took_in_the_range(orders, order_ids, period):
    ids = list(range(1, len(orders) + 1))
    order_ids.shuffle(ids)  # the id breaks ties between orders of one day, whatever order they were written in
    rows = [(i, c, date(2025, 1, 1) + timedelta(days=d), rep) for i, (c, d, rep) in zip(ids, orders, strict=True)]
    frame = pd.DataFrame(rows, columns=["id", "customer_id", "ordered_on", "rep"])
    values = ", ".join(f"({r.id}, {r.customer_id}, DATE '{r.ordered_on}', {'NULL' if pd.isna(r.rep) else int(r.rep)})"
                       for r in frame.itertuples())
    firsts = frame.sort_values(["ordered_on", "id"]).groupby("customer_id").head(1)
    firsts = firsts[(firsts["ordered_on"] >= period.first_day) & (firsts["ordered_on"] < period.end_exclusive)]
    expected = firsts["rep"].dropna().astype(int).value_counts().to_dict()
    lines = ", ".join(f"({i}, {i}, 100, 1, 100, 0, 10)" for i in ids)  # a rep who sold is on the team
    store = tiny_store(company.EMPLOYEES, company.CUSTOMERS, company.PRODUCTS,
                       f"INSERT INTO sales_order (id, customer_id, ordered_on, sales_rep_id) VALUES {values}",
                       "INSERT INTO order_line (id, order_id, product_id, quantity, unit_price, discount, unit_cost) "
                       f"VALUES {lines}")
    try:
        got = {int(r.rep_id): r.new_customers for r in rep_breakdown(store, period).itertuples() if r.new_customers}
    finally:
        store.close()
    assert got == expected
