"""Sales by rep on the tiny team of ``company.py``: values worked out by hand in its docstring."""

import math

import pytest

from metrics.sales.breakdown import rep_breakdown
from tests.metrics.sales import company


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
