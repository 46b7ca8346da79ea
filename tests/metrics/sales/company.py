"""A tiny sales team written by hand (see ``store``'s docstring), shared by the sales metric tests."""

from datetime import date

from metrics.base.filters import Filters
from metrics.base.store import Store
from tests.metrics.stores import tiny_store

MARCH = Filters(date(2025, 3, 1), date(2025, 3, 1))
Q1 = Filters(date(2025, 1, 1), date(2025, 1, 1), grain="quarter")

EMPLOYEES = """INSERT INTO employee (id, name, role, hired_on, left_on) VALUES
    (1, 'Ann', 'sales_rep', DATE '2020-01-01', NULL),
    (2, 'Bob', 'sales_rep', DATE '2020-01-01', DATE '2025-03-15'),
    (3, 'Cid', 'account_manager', DATE '2020-01-01', NULL),
    (4, 'Dee', 'sales_rep', NULL, NULL),
    (5, 'Eve', 'sales_rep', DATE '2020-01-01', DATE '2024-06-30'),
    (6, 'Fay', 'sales_rep', DATE '2025-04-10', NULL),
    (7, 'Gus', 'account_manager', DATE '2020-01-01', NULL)"""
CUSTOMERS = """INSERT INTO customer (id, region, channel, industry, acquired_on) VALUES
    (10, 'East', 'direct', 'mining', DATE '2024-01-01'),
    (11, 'West', 'online', 'mining', DATE '2025-03-02'),
    (12, 'East', 'direct', 'mining', DATE '2025-03-10')"""
PRODUCTS = "INSERT INTO product (id, name, category) VALUES (100, 'Bolt', 'parts')"
# order id, customer, rep, day | line: quantity, unit price, discount, unit cost
ORDERS = """INSERT INTO sales_order (id, customer_id, ordered_on, sales_rep_id) VALUES
    (1, 10, DATE '2025-03-03', 1), (2, 11, DATE '2025-03-05', 1), (3, 10, DATE '2025-03-20', 2),
    (4, 12, DATE '2025-03-12', 3), (5, 12, DATE '2025-03-25', 9), (6, 10, DATE '2025-03-26', NULL),
    (7, 10, DATE '2024-12-10', 1), (8, 10, DATE '2025-01-15', 1), (9, 10, DATE '2025-02-14', 2),
    (10, 10, DATE '2025-04-02', 1)"""
LINES = """INSERT INTO order_line (id, order_id, product_id, quantity, unit_price, discount, unit_cost) VALUES
    (1, 1, 100, 2, 100, 0, 60), (2, 2, 100, 1, 500, 0.1, 300), (3, 3, 100, 1, 300, 0, NULL),
    (4, 4, 100, 3, 100, 0, 50), (5, 5, 100, 1, 50, 0, 20), (6, 6, 100, 1, 1000, 0, 10),
    (7, 7, 100, 1, 100, 0, 10), (8, 8, 100, 3, 100, 0, 10), (9, 9, 100, 4, 100, 0, 10),
    (10, 10, 100, 1, 700, 0, 10), (11, 3, 100, 1, 100, 0, 40)"""
TARGETS = """INSERT INTO sales_rep_target (employee_id, month, revenue_target, source) VALUES
    (3, DATE '2025-03-01', 600, 'editor'), (1, DATE '2025-02-01', 250, 'editor')"""


def store(*extra: str) -> Store:
    """March 2025, by rep (revenue, orders, customers, margin, new customers won):

    - 1 Ann, sales rep: orders 1 (2 x 100, cost 60) and 2 (500 less 10 %, cost 300): 650, 2, 2, 230, 1 (customer
      11's first order); before: 100 in Dec 2024, 300 in Jan 2025, none in Feb; a target of 250 set for February;
    - 2 Bob, sales rep who left on 15 March: order 3 (a line of 300 without a unit cost, one of 100 with):
      400, 1, 1, unknown, 0; 400 in Feb 2025;
    - 3 Cid, account manager taking order 4 (3 x 100, cost 50): 300, 1, 1, 150, 1 (customer 12); target 600 set;
    - 9, no employee row: order 5 (50, cost 20): 50, 1, 1, 30, 0;
    - 4 Dee, sales rep without orders: zeros; 5 Eve left in 2024, 6 Fay joins in April: not on the team;
    - order 6 names no rep: counted for nobody.
    """
    return tiny_store(EMPLOYEES, CUSTOMERS, PRODUCTS, ORDERS, LINES, TARGETS, *extra)
