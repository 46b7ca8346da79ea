"""The default period is the latest complete month; a partial period knows the days it covers; the company's
currency is read from the store."""

from datetime import date

import pytest

from metrics.base.dimensions import dataset_currency, dimension_values
from metrics.base.filters import complete_periods, covered_days, default_filters, last_complete_month
from tests.metrics.stores import tiny_store


@pytest.mark.parametrize(("last_month", "data_end", "expected"), [
    (date(2026, 5, 1), date(2026, 5, 6), date(2026, 4, 1)),  # six days of May: April is the latest complete month
    (date(2026, 5, 1), date(2026, 5, 31), date(2026, 5, 1)), (date(2026, 5, 1), date(2026, 6, 2), date(2026, 5, 1)),
    (date(2026, 5, 1), None, date(2026, 5, 1)),
    (date(2024, 2, 1), date(2024, 2, 29), date(2024, 2, 1)), (date(2024, 2, 1), date(2024, 2, 28), date(2024, 1, 1)),
])
def test_the_latest_complete_month(last_month, data_end, expected):
    assert last_complete_month(last_month, data_end) == expected


def test_a_partial_period_covers_its_first_day_to_the_datas_end():
    assert covered_days(date(2026, 5, 1), 1, date(2026, 5, 6)) == (date(2026, 5, 1), date(2026, 5, 6))
    assert covered_days(date(2026, 4, 1), 3, date(2026, 5, 6)) == (date(2026, 4, 1), date(2026, 5, 6))
    assert covered_days(date(2026, 4, 1), 1, date(2026, 5, 6)) is None
    assert covered_days(date(2026, 5, 1), 1, date(2026, 5, 31)) is None


def test_the_default_and_complete_periods_leave_a_partial_month_out():
    assert default_filters(date(2024, 1, 1), date(2026, 5, 1), data_end=date(2026, 5, 6)).start == date(2026, 4, 1)
    quarters = complete_periods(date(2024, 1, 1), date(2026, 6, 1), "quarter", data_end=date(2026, 6, 10))
    assert quarters[-1] == date(2026, 1, 1)  # 2026-Q2 ends with a partial June
    assert complete_periods(date(2024, 1, 1), date(2026, 6, 1), "quarter")[-1] == date(2026, 4, 1)


ORDERS = ["INSERT INTO customer (id, acquired_on) VALUES (1, DATE '2026-01-01')",
          "INSERT INTO product (id, name, category, list_price, unit_cost) VALUES (1, 'p', 'c', 10, 5)",
          "INSERT INTO sales_order (id, customer_id, ordered_on) VALUES (1, 1, DATE '2026-03-03'), "
          "(2, 1, DATE '2026-05-06')",
          "INSERT INTO order_line (id, order_id, product_id, quantity, unit_price, unit_cost, discount) "
          "VALUES (1, 1, 1, 1, 10, 5, 0), (2, 2, 1, 1, 10, 5, 0)"]


def test_dimension_values_carry_the_currency_and_the_complete_month():
    store = tiny_store(*ORDERS, "INSERT INTO dataset_info VALUES ('currency', 'usd')")
    values = dimension_values(store)
    assert values.currency == "USD" and values.last_month == date(2026, 5, 1)
    assert values.complete_month == date(2026, 4, 1)


@pytest.mark.parametrize(("rows", "expected"), [([], "CNY"), (["('currency', 'EUR')"], "EUR"),
                                                 (["('currency', 'not money')"], "CNY")])
def test_the_currency_is_cny_unless_the_data_says_otherwise(rows, expected):
    store = tiny_store(*[f"INSERT INTO dataset_info VALUES {r}" for r in rows])
    assert dataset_currency(store) == expected
