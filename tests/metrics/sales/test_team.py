"""Who is on the sales team for a period (the tiny team of ``company.py``)."""

from dataclasses import replace
from datetime import date

import pytest

from metrics.sales.team import has_sales_reps, team
from tests.metrics.sales import company
from tests.metrics.stores import tiny_store


@pytest.fixture(scope="module")
def store():
    store = company.store()
    yield store
    store.close()


def test_the_team_is_the_sales_reps_employed_and_everyone_on_an_order(store):
    frame = team(store, company.MARCH)
    assert frame.to_dict("records") == [
        {"rep_id": 1, "name": "Ann", "status": "active"},
        {"rep_id": 2, "name": "Bob", "status": "left"},  # left on 15 March
        {"rep_id": 3, "name": "Cid", "status": "active"},  # an account manager who took an order
        {"rep_id": 4, "name": "Dee", "status": "active"},  # no orders, still on the team
        {"rep_id": 9, "name": None, "status": "missing"},  # named by an order, no employee row
    ]


def test_a_rep_who_left_before_or_joins_after_the_period_is_not_on_it(store):
    ids = set(team(store, company.MARCH)["rep_id"])
    assert 5 not in ids and 6 not in ids
    april = set(team(store, replace(company.MARCH, start=date(2025, 4, 1), end=date(2025, 4, 1)))["rep_id"])
    assert april == {1, 4, 6}  # Ann sold in April; Bob left in March; Fay joined


def test_dimension_filters_choose_the_orders_not_the_staff(store):
    west = team(store, company.MARCH.with_dimensions(region=("West",)))
    assert list(west["rep_id"]) == [1, 2, 4]  # Ann sold in the West; Bob and Dee are sales reps


def test_whether_any_order_names_a_rep(store):
    assert has_sales_reps(store)
    bare = tiny_store(company.CUSTOMERS, company.PRODUCTS,
                      "INSERT INTO sales_order (id, customer_id, ordered_on) VALUES (1, 10, DATE '2025-03-01')")
    assert not has_sales_reps(bare)
    assert team(bare, company.MARCH).empty
