"""The members of each filter dimension, the months of sales and the as-of day, on tiny stores written by hand."""

from datetime import date

import pytest

from metrics.base.dimensions import DimensionValues, dimension_values
from tests.metrics.stores import tiny_store as _store

EMPLOYEES = "INSERT INTO employee (id, name) VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cy'), (4, 'Di')"
CUSTOMERS = """INSERT INTO customer (id, region, channel, industry, manager_id, acquired_on) VALUES
    (1, 'West', 'online', 'mining', 3, DATE '2023-05-01'),
    (2, 'East', 'direct', NULL, 3, DATE '2023-05-01'),
    (3, NULL, 'direct', 'logistics', 2, DATE '2023-05-01'),
    (4, 'West', NULL, 'mining', 2, DATE '2023-05-01'),
    (5, 'North', 'direct', 'mining', 1, DATE '2023-05-01'),
    (6, 'East', 'online', 'logistics', NULL, DATE '2023-05-01')"""
PRODUCT = "INSERT INTO product (id, name) VALUES (1, 'P1')"
ORDERS = """INSERT INTO sales_order (id, customer_id, ordered_on) VALUES
    (1, 1, DATE '2024-02-29'), (2, 2, DATE '2024-07-15'), (3, 5, DATE '2025-03-31')"""
LINES = """INSERT INTO order_line (id, order_id, product_id, quantity, unit_price, discount) VALUES
    (1, 1, 1, 1, 10, 0), (2, 2, 1, 1, 10, 0), (3, 3, 1, 1, 10, 0)"""


@pytest.fixture(scope="module")
def values() -> DimensionValues:
    store = _store(EMPLOYEES, CUSTOMERS, PRODUCT, ORDERS, LINES)
    yield dimension_values(store)
    store.close()


def test_regions_are_the_distinct_values_in_alphabetical_order_without_missing_ones(values):
    assert values.region == ("East", "North", "West")


def test_channels_and_industries_are_distinct_sorted_and_without_missing_ones(values):
    assert values.channel == ("direct", "online")
    assert values.industry == ("logistics", "mining")


def test_managers_come_largest_portfolio_first_then_by_id_with_their_names(values):
    """Cy and Bob manage two customers each (Bob, id 2, first), Ann one; Di manages nobody; customer 6 no one."""
    assert values.manager == ((2, "Bob"), (3, "Cy"), (1, "Ann"))
    assert all(isinstance(i, int) for i, _ in values.manager)


def test_the_months_of_sales_run_from_the_first_to_the_last_order_month(values):
    """Orders on 29 Feb 2024, 15 Jul 2024 and 31 Mar 2025: months 2024-02 .. 2025-03, as plain dates."""
    assert (values.first_month, values.last_month) == (date(2024, 2, 1), date(2025, 3, 1))
    assert type(values.first_month) is date and type(values.last_month) is date


def test_with_sales_only_the_as_of_day_is_the_last_order_day(values):
    assert values.as_of == date(2025, 3, 31)
    assert type(values.as_of) is date


TICKET = ("INSERT INTO service_ticket (id, customer_id, category, channel, opened_at, promised_at) VALUES "
          "(1, 1, 'repair', 'phone', TIMESTAMP '{day} 23:30:00', TIMESTAMP '{day} 23:30:00')")
ACTIVITY = "INSERT INTO crm_activity (id, employee_id, occurred_on, kind) VALUES (1, 1, DATE '{day}', 'call')"


@pytest.mark.parametrize(("ticket_day", "activity_day", "as_of"), [
    ("2025-04-02", "2025-01-01", date(2025, 4, 2)),  # a ticket opened late on 2 April: that day, not the 3rd
    ("2025-01-01", "2025-05-20", date(2025, 5, 20)),  # an activity after every order and ticket
    ("2024-12-31", "2025-02-01", date(2025, 3, 31)),  # the orders are the latest fact
], ids=["ticket", "activity", "order"])
def test_the_as_of_day_is_the_latest_day_any_fact_was_recorded(ticket_day, activity_day, as_of):
    store = _store(EMPLOYEES, CUSTOMERS, PRODUCT, ORDERS, LINES, TICKET.format(day=ticket_day),
                   ACTIVITY.format(day=activity_day))
    try:
        got = dimension_values(store)
    finally:
        store.close()
    assert got.as_of == as_of
    assert (got.first_month, got.last_month) == (date(2024, 2, 1), date(2025, 3, 1))  # tickets are no sales


def test_an_empty_store_has_no_members_no_months_and_no_as_of_day():
    store = _store()
    try:
        got = dimension_values(store)
    finally:
        store.close()
    assert got == DimensionValues(region=(), channel=(), industry=(), manager=(), first_month=None, last_month=None,
                                  as_of=None)


def test_customers_without_orders_still_give_their_members_but_no_months():
    store = _store(EMPLOYEES, CUSTOMERS, ACTIVITY.format(day="2025-06-01"))
    try:
        got = dimension_values(store)
    finally:
        store.close()
    assert got.region == ("East", "North", "West") and got.manager[0] == (2, "Bob")
    assert (got.first_month, got.last_month, got.as_of) == (None, None, date(2025, 6, 1))
