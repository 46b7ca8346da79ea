"""The price spread (the line-weighted mean, over product-months with two lines or more, of the coefficient of
variation of the net unit price paid) from sums stored at refresh.

A product-month's spread depends on whose lines it holds, so it does not add up across filters; but a period's
value is the lines-weighted mean over the product-months of its months, so each month's sums (spread x lines,
lines) add up over any period. The refresh (step ``kpi_series``, :func:`precompute`) stores them for every month
of the data, for the whole company and for each region alone (table ``price_spread_monthly``); a scorecard of
any grain with no filter or one region reads them, the others query the lines (:func:`metrics.base.facts.prices`:
0.3 to 0.8 s at a million customers).
"""

from __future__ import annotations

import pandas as pd

from metrics.base import facts
from metrics.base.facts import CALENDAR_CTE, calendar
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.base.value import region_member

TABLE = "price_spread_monthly"  # region ("" the whole company), month, weighted (sum of spread x lines), lines
PRECOMPUTE_SQL = f"""
    CREATE OR REPLACE TABLE {TABLE} AS
    WITH cells AS (
        SELECT CASE WHEN grouping(region) = 1 THEN '' ELSE region END AS region, product_id, month,
               count(*) AS lines, stddev_pop(net_price) / nullif(avg(net_price), 0) AS cv
        FROM sales GROUP BY GROUPING SETS ((product_id, month), (region, product_id, month))
        HAVING count(*) >= 2)
    SELECT region, month, sum(cv * lines) AS weighted, sum(lines) AS lines
    FROM cells WHERE region IS NOT NULL GROUP BY region, month
"""


def prices(store: Store, f: Filters) -> pd.DataFrame:
    """``price_spread`` per period of ``f`` (:func:`metrics.base.facts.prices`), from the stored sums when
    they serve ``f``."""
    found = store.frame(("price_spread_stored", f), lambda: stored(store, f))
    return found if found is not None else facts.prices(store, f)


def stored(store: Store, f: Filters) -> pd.DataFrame | None:
    """The price spread of ``f`` from :data:`TABLE` when ``f`` chooses no filter or one region; else ``None``."""
    member = region_member(f)
    if member is None or not store.has_table(TABLE):
        return None
    rows = store.query(f"""
        WITH {CALENDAR_CTE}
        SELECT pm.period, sum(p.weighted) / sum(p.lines) AS price_spread
        FROM pm JOIN {TABLE} p ON p.month = pm.month AND p.region = $member GROUP BY pm.period
        """, {**calendar(f), "member": member})
    rows["period"] = pd.to_datetime(rows["period"])
    return rows.set_index("period").reindex(f.period_index).astype(float)


def precompute(connection) -> None:
    """Table :data:`TABLE` from the store's ``sales``: every month, the whole company and each region."""
    cursor = connection.cursor()  # a reader may have left a result open on the connection
    try:
        cursor.execute(PRECOMPUTE_SQL)
    finally:
        cursor.close()
