"""Cohort retention: customers grouped by acquisition quarter, share still active k months later."""

import pandas as pd

from metrics.base.facts import dimension_filter
from metrics.base.filters import Filters
from metrics.base.store import Store


def cohort_retention(store: Store, f: Filters, *, max_months: int = 24) -> pd.DataFrame:
    """Tidy frame ``cohort, months_since, customers, retained, rate``.

    A cohort is the calendar quarter of acquisition, for customers acquired from the first month of
    data to ``f.end``; ``rate`` is the share of the cohort not lost ``months_since`` months after the
    start of its acquisition quarter (only months up to the data's last month are shown).
    """
    where, params = dimension_filter(f, "c")
    return store.query(f"""
        WITH bounds AS (SELECT min(month) AS first, max(month) AS last FROM sales),
        c AS (SELECT c.*, CAST(date_trunc('quarter', c.acquired_on) AS DATE) AS cohort
              FROM customer c, bounds b
              WHERE c.acquired_on >= b.first AND c.acquired_on < $end {where}),
        k AS (SELECT unnest(range(0, $max_months + 1, 3)) AS months_since)
        SELECT strftime(c.cohort, '%Y-Q') || CAST(quarter(c.cohort) AS VARCHAR) AS cohort, k.months_since,
               count(*) AS customers,
               count(*) FILTER (WHERE c.churned_on IS NULL
                                OR c.churned_on >= c.cohort + to_months(CAST(k.months_since AS INTEGER)))
                   AS retained,
               retained / customers AS rate
        FROM c CROSS JOIN k, bounds b
        WHERE c.cohort + to_months(CAST(k.months_since AS INTEGER)) <= b.last
        GROUP BY c.cohort, k.months_since ORDER BY c.cohort, k.months_since
        """, {**params, "end": f.end_exclusive, "max_months": max_months})
