"""Sales by sales rep for the filters' whole range: revenue, orders, customers, gross margin, new customers won.

Definitions (``sales`` rows are order lines at net price; dimension filters apply to the customer behind an order):

- ``revenue``: net revenue of the rep's order lines in the range;
- ``orders``: distinct orders; ``customers``: distinct customers who ordered from the rep;
- ``margin``: the lines' gross margin, unknown (NaN) when any of the rep's lines has no unit cost: an unknown cost
  is an unknown margin, never 0; a rep who sold nothing has a margin of 0 (nothing sold, nothing earned);
- ``new_customers``: customers whose first order in the data (earliest date, then lowest order id) falls in the
  range and was taken by the rep: the rep won them.

Every rep of :func:`metrics.sales.team.team` has a row, those without orders with zeros.
"""

from __future__ import annotations

import pandas as pd

from metrics.base.facts import dimension_filter
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.sales.team import COLUMNS as TEAM_COLUMNS
from metrics.sales.team import team

MEASURES = ["revenue", "orders", "customers", "margin", "new_customers"]
COLUMNS = [*TEAM_COLUMNS, *MEASURES]


def rep_breakdown(store: Store, f: Filters) -> pd.DataFrame:
    """``rep_id, name, status, revenue, orders, customers, margin, new_customers``, one row per rep of the team,
    ordered by revenue (largest first), then ``rep_id``. Money in currency units (float)."""
    where, params = dimension_filter(f, "s")
    customer_where, _ = dimension_filter(f, "c")
    bounds = {**params, "start": f.first_day, "end": f.end_exclusive}
    sold = store.query(f"""
        SELECT s.sales_rep_id AS rep_id, sum(s.revenue) AS revenue, count(DISTINCT s.order_id) AS orders,
               count(DISTINCT s.customer_id) AS customers,
               CASE WHEN bool_and(s.margin IS NOT NULL) THEN sum(s.margin) END AS margin
        FROM sales s
        WHERE s.sales_rep_id IS NOT NULL AND s.ordered_on >= $start AND s.ordered_on < $end {where}
        GROUP BY s.sales_rep_id
        """, bounds)
    # a customer's first order is in the range when it ordered in the range and never before it: the range's
    # orders grouped by customer and every earlier order only probed, not all of history numbered per customer
    # (2.3 s to 0.7 s at a million customers); arg_min_null keeps a first order that names no rep (arg_min skips it)
    won = store.query(f"""
        WITH firsts AS (
            SELECT customer_id, arg_min_null(sales_rep_id, (ordered_on, id)) AS rep_id FROM sales_order
            WHERE ordered_on >= $start AND ordered_on < $end GROUP BY customer_id)
        SELECT o.rep_id, count(*) AS new_customers
        FROM firsts o JOIN customer c ON c.id = o.customer_id
        WHERE o.rep_id IS NOT NULL {customer_where}
          AND NOT EXISTS (SELECT 1 FROM sales_order p WHERE p.customer_id = o.customer_id AND p.ordered_on < $start)
        GROUP BY o.rep_id
        """, bounds)
    out = team(store, f).merge(sold, on="rep_id", how="left").merge(won, on="rep_id", how="left")
    nothing_sold = out["orders"].isna()
    for column in ("revenue", "orders", "customers", "new_customers"):
        out[column] = out[column].astype(float).fillna(0.0)
    out["margin"] = out["margin"].astype(float)
    out.loc[nothing_sold, "margin"] = 0.0
    for column in ("orders", "customers", "new_customers"):
        out[column] = out[column].astype("int64")
    return out.sort_values(["revenue", "rep_id"], ascending=[False, True]).reset_index(drop=True)[COLUMNS]
