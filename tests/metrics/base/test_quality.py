"""Data quality read from the store: completeness per column, freshness per table, rule violations, orphans and
possible duplicates, each checked on tiny stores written by hand."""

import math
from datetime import date

import pytest

from data import models
from metrics.base.quality import completeness, freshness, precompute, stored_violations, violations
from metrics.base.store import Store
from tests.metrics.stores import tiny_store


def _store(*statements: str, tables=None) -> Store:
    return tiny_store(*statements, tables=tables, derived=False)



# --- completeness --------------------------------------------------------------------------------------------

CUSTOMERS = """INSERT INTO customer (id, name, region, email, phone, city) VALUES
    (1, 'A', 'East', 'a@x.cn', '+86 10 1234567', NULL),
    (2, 'B', NULL, NULL, '+86 10 7654321', NULL),
    (3, NULL, 'West', 'c@x.cn', '+86 10 1111111', NULL),
    (4, 'D', NULL, NULL, '+86 10 2222222', NULL)"""


@pytest.fixture(scope="module")
def complete_store():
    store = _store(CUSTOMERS, "INSERT INTO employee (id, name) VALUES (1, 'Ann')",
                   "INSERT INTO kpi_target (kpi_id, target, baseline, threshold, weight) "
                   "VALUES ('revenue', 1, 0, .1, 1)")
    yield store
    store.close()


def _by_column(frame, table: str) -> dict:
    rows = frame[frame["table"] == table]
    return {r.column: (r.rows, r.given, r.share) for r in rows.itertuples()}


def test_completeness_counts_the_values_given_per_column(complete_store):
    customer = _by_column(completeness(complete_store), "customer")
    assert customer["id"] == (4, 4, 1.0)
    assert customer["name"] == (4, 3, 0.75)
    assert customer["region"] == (4, 2, 0.5)
    assert customer["email"] == (4, 2, 0.5)
    assert customer["phone"] == (4, 4, 1.0)
    assert customer["city"] == (4, 0, 0.0)
    assert customer["churned_on"] == (4, 0, 0.0)


def test_completeness_has_a_row_for_every_column_of_the_table(complete_store):
    customer = completeness(complete_store).query("table == 'customer'")
    # ``code`` is the company's own id as written in its ``id`` column (data.importing.keys), not a column of its own
    assert customer["column"].tolist() == [c.name for c in models.Customer.__table__.columns if c.name != "code"]
    assert set(customer["rows"]) == {4}


def test_an_empty_table_has_no_share(complete_store):
    frame = completeness(complete_store)
    empty = frame[frame["table"] == "sales_order"]
    assert not empty.empty and set(empty["rows"]) == {0} and set(empty["given"]) == {0}
    assert all(math.isnan(s) for s in empty["share"])


def test_completeness_covers_the_tables_a_company_imports_only(complete_store):
    tables = set(completeness(complete_store)["table"])
    assert {"customer", "employee", "sales_order", "order_line", "lead", "crm_activity"} <= tables
    assert not tables & {"kpi_target", "objective_weight", "program_cost", "dataset_info", "benchmark_case"}


def test_a_table_missing_from_the_store_is_left_out_of_completeness():
    store = _store(CUSTOMERS, tables={"customer"})
    try:
        frame = completeness(store)
    finally:
        store.close()
    assert set(frame["table"]) == {"customer"}
    assert list(frame.columns) == ["table", "column", "rows", "given", "share"]


# --- freshness -----------------------------------------------------------------------------------------------

TODAY = date(2025, 4, 10)


@pytest.fixture(scope="module")
def dated_store():
    store = _store(
        """INSERT INTO customer (id, acquired_on) VALUES
            (1, DATE '2024-01-01'), (2, DATE '2024-06-30'), (3, NULL)""",
        """INSERT INTO sales_order (id, customer_id, ordered_on) VALUES
            (1, 1, DATE '2025-03-31'), (2, 1, DATE '2025-01-05'), (3, 2, DATE '2025-02-14')""",
        """INSERT INTO service_ticket (id, customer_id, category, channel, opened_at, promised_at) VALUES
            (1, 1, 'repair', 'phone', TIMESTAMP '2025-04-09 23:00:00', TIMESTAMP '2025-04-11 23:00:00'),
            (2, 2, 'repair', 'phone', TIMESTAMP '2025-02-01 08:00:00', TIMESTAMP '2025-02-03 08:00:00')""",
        "INSERT INTO program_cost (id, step_id, incurred_on, category, amount) VALUES (1, 1, DATE '2025-04-10', "
        "'staff', 10)",
        "INSERT INTO crm_activity (id, employee_id, occurred_on, kind) VALUES (1, 1, NULL, 'call')",
    )
    yield store
    store.close()


def test_freshness_gives_each_dated_table_its_first_and_last_day_and_days_since(dated_store):
    """Customers acquired 1 Jan .. 30 Jun 2024 (one date unknown): 30 Jun 2024 is 284 days before 10 Apr 2025
    (1 + 184 to 1 Jan, + 31 + 28 + 31 + 9). The last ticket was opened late on 9 April: one day old."""
    rows = [tuple(r) for r in freshness(dated_store, TODAY).itertuples(index=False)]
    assert rows == [
        ("customer", date(2024, 1, 1), date(2024, 6, 30), 284),
        ("sales_order", date(2025, 1, 5), date(2025, 3, 31), 10),
        ("service_ticket", date(2025, 2, 1), date(2025, 4, 9), 1),
    ]


def test_freshness_days_count_from_the_day_given(dated_store):
    frame = freshness(dated_store, date(2025, 3, 31)).set_index("table")
    assert frame.loc["sales_order", "days_old"] == 0
    assert frame.loc["customer", "days_old"] == 274


def test_tables_without_a_known_date_and_tables_not_imported_have_no_freshness(dated_store):
    """crm_activity's only row has no date; program_cost is dated but no company imports it."""
    tables = set(freshness(dated_store, TODAY)["table"])
    assert not tables & {"crm_activity", "program_cost", "lead", "campaign"}


def test_a_store_without_dated_rows_has_an_empty_freshness_table():
    store = _store(tables={"customer", "sales_order"})
    try:
        frame = freshness(store, TODAY)
    finally:
        store.close()
    assert frame.empty and list(frame.columns) == ["table", "first", "last", "days_old"]


# --- violations ----------------------------------------------------------------------------------------------

BROKEN = [
    "INSERT INTO employee (id, name) VALUES (1, 'Ann')",
    "INSERT INTO product (id, name) VALUES (1, 'P1')",
    """INSERT INTO customer (id, name, acquired_on, churned_on, manager_id, referred_by_id) VALUES
        (1, 'Acme Ltd', DATE '2025-01-01', NULL, 1, NULL),
        (2, 'acme ltd', DATE '2025-01-01', NULL, 1, NULL),
        (3, ' ACMELTD', DATE '2025-01-01', NULL, NULL, 1),
        (4, 'Beta', DATE '2025-01-01', DATE '2024-12-01', 1, NULL),
        (5, NULL, DATE '2025-01-01', DATE '2025-01-01', 1, 5),
        (6, NULL, DATE '2025-01-01', NULL, 9, NULL),
        (7, 'Acme Ltd.', DATE '2025-01-01', NULL, 1, NULL)""",
    """INSERT INTO sales_order (id, customer_id, ordered_on, delivered_on) VALUES
        (1, 1, DATE '2025-02-01', DATE '2025-01-20'),
        (2, 4, DATE '2024-12-15', DATE '2024-12-15'),
        (3, 99, DATE '2025-02-01', NULL),
        (4, 2, DATE '2025-01-01', DATE '2025-01-02')""",
    """INSERT INTO order_line (id, order_id, product_id, quantity, unit_price, unit_cost, discount) VALUES
        (1, 1, 1, 0, 10, 5, 0), (2, 1, 1, 1, -5, 5, 0), (3, 1, 1, 1, 10, 5, 1.5),
        (4, 1, 7, 1, 10, NULL, 0), (5, 4, 1, 1, 10, 0, 1), (6, 4, 1, 1, 0, 0, 0), (7, 4, 1, 2, 10, -1, 0.5)""",
    """INSERT INTO service_ticket (id, customer_id, category, channel, opened_at, first_response_at, resolved_at,
                                   promised_at, csat) VALUES
        (1, 1, 'repair', 'phone', TIMESTAMP '2025-03-01 10:00', TIMESTAMP '2025-03-01 09:00', NULL,
         TIMESTAMP '2025-03-03 10:00', 5),
        (2, 1, 'repair', 'phone', TIMESTAMP '2025-03-01 10:00', TIMESTAMP '2025-03-01 10:00',
         TIMESTAMP '2025-02-28 10:00', TIMESTAMP '2025-03-03 10:00', 1),
        (3, 1, 'repair', 'phone', TIMESTAMP '2025-03-01 10:00', NULL, TIMESTAMP '2025-03-02 10:00',
         TIMESTAMP '2025-03-03 10:00', 0)""",
    """INSERT INTO survey_response (id, customer_id, responded_on, nps, csat) VALUES
        (1, 1, DATE '2025-03-01', 11, 3), (2, 1, DATE '2025-03-01', 10, 5), (3, 1, DATE '2025-03-01', 0, 1),
        (4, 1, DATE '2025-03-01', 5, 0)""",
    """INSERT INTO opportunity (id, owner_id, created_on, closed_on, stage, status, amount) VALUES
        (1, 1, DATE '2025-03-01', DATE '2025-02-28', 'lost', 'lost', 1),
        (2, 1, DATE '2025-03-01', DATE '2025-03-01', 'won', 'won', 1)""",
]


def test_violations_count_the_rows_breaking_each_rule_and_list_only_those_broken():
    """Each row above breaks one rule (or none: the boundaries discount 0 and 1, CSAT 1 and 5, NPS 0 and 10,
    an answer at the minute a ticket opened, a churn on the acquisition day, an opportunity closed the day it
    opened). Customers 1-3 share a name ignoring case and spaces; 'Acme Ltd.' has a full stop, and missing
    names are no name."""
    store = _store(*BROKEN)
    try:
        got = violations(store)
    finally:
        store.close()
    assert list(got.columns) == ["rule", "rows"]
    assert dict(zip(got["rule"], got["rows"], strict=True)) == {
        "order lines with a quantity of zero or less": 1,
        "order lines with a negative price or cost": 2,
        "order lines with a discount outside 0..1": 1,
        "orders before their customer was acquired": 1,
        "orders delivered before they were placed": 1,
        "tickets answered before they were opened": 1,
        "tickets resolved before they were opened": 1,
        "tickets with a CSAT outside 1..5": 1,
        "survey answers outside their scale (NPS 0..10, CSAT 1..5)": 2,
        "customers churned before they were acquired": 1,
        "customers referred by themselves": 1,
        "opportunities closed before they were opened": 1,
        "customer.manager_id pointing to a missing employee": 1,
        "sales_order.customer_id pointing to a missing customer": 1,
        "order_line.product_id pointing to a missing product": 1,
        "customers sharing a name with another customer (possible duplicates)": 3,
    }


def test_the_refresh_stores_the_violations_the_page_reads():
    """The page reads what the refresh step wrote (the rules cost seconds at a million customers); a store without
    the step's table is checked on the spot. A row broken after the refresh shows after the next one."""
    store = _store(*BROKEN)
    try:
        checked = stored_violations(store)
        precompute(store, store._conn)
        store._conn.execute("INSERT INTO order_line (id, order_id, product_id, quantity, unit_price, unit_cost, "
                            "discount) VALUES (99, 4, 1, -3, 10, 5, 0)")
        stored = stored_violations(store)
        precompute(store, store._conn)
        again = stored_violations(store)
    finally:
        store.close()
    assert checked.to_dict("records") == stored.to_dict("records") and list(stored.columns) == ["rule", "rows"]
    assert dict(zip(stored["rule"], stored["rows"], strict=True))["order lines with a quantity of zero or less"] == 1
    assert dict(zip(again["rule"], again["rows"], strict=True))["order lines with a quantity of zero or less"] == 2
    assert list(again["rule"]) == list(stored["rule"])  # in the rules' order


def test_clean_data_has_no_violations():
    store = _store(
        "INSERT INTO employee (id, name) VALUES (1, 'Ann')",
        "INSERT INTO customer (id, name, acquired_on, manager_id) VALUES (1, 'Acme', DATE '2025-01-01', 1), "
        "(2, 'Acme Group', DATE '2025-01-01', 1), (3, NULL, DATE '2025-01-01', NULL), (4, NULL, NULL, NULL)",
        "INSERT INTO product (id, name) VALUES (1, 'P1')",
        "INSERT INTO sales_order (id, customer_id, ordered_on) VALUES (1, 1, DATE '2025-01-01')",
        "INSERT INTO order_line (id, order_id, product_id, quantity, unit_price, discount) VALUES (1, 1, 1, 1, 10, 0)",
    )
    try:
        got = violations(store)
    finally:
        store.close()
    assert got.empty and list(got.columns) == ["rule", "rows"]


def test_rules_on_tables_missing_from_the_store_are_skipped():
    """Only the customer table: duplicates and self-referrals can be checked, orders and orphan managers not."""
    store = _store("INSERT INTO customer (id, name, manager_id, referred_by_id) VALUES "
                   "(1, 'Acme', 9, 1), (2, 'ACME', NULL, NULL)", tables={"customer"})
    try:
        got = violations(store)
    finally:
        store.close()
    assert dict(zip(got["rule"], got["rows"], strict=True)) == {
        "customers referred by themselves": 1,
        "customers sharing a name with another customer (possible duplicates)": 2,
    }
