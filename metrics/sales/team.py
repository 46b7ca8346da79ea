"""Who is on the sales team for a period, and whether the data knows sales reps at all.

The team of a period is everyone with the employee role ``sales_rep`` employed at some time in it (hired before it
ends, not left before it starts), plus everyone named as the sales rep of an order in it (whatever their role, and
whether or not their employee row exists). So a rep who sold nothing still appears, with zeros, and an account
manager who took orders is counted for them.

``status`` says what the employee rows know: ``active``; ``left`` (left on or before the period's last day);
``missing`` (orders name the rep but no employee row does).
"""

from __future__ import annotations

import pandas as pd

from metrics.base.facts import dimension_filter
from metrics.base.filters import Filters
from metrics.base.store import Store

SALES_REP_ROLE = "sales_rep"
STATUSES = ("active", "left", "missing")
COLUMNS = ["rep_id", "name", "status"]


def has_sales_reps(store: Store) -> bool:
    """Whether any order names a sales rep (a company that records none gets "no sales reps in this data")."""
    return bool(store.query("SELECT EXISTS (SELECT 1 FROM sales_order WHERE sales_rep_id IS NOT NULL) AS any")
                ["any"].iloc[0])


def team(store: Store, f: Filters, *, dimensions: bool = True) -> pd.DataFrame:
    """``rep_id, name, status`` for the filters' whole range (``f.first_day`` to ``f.end_exclusive``), ordered by
    ``rep_id``. With ``dimensions``, the orders that put a rep on the team are those the dimension filters keep
    (the customer's region, channel, industry and manager); the reps by role are on it whatever the filters.
    ``name`` is ``None`` for a ``missing`` rep."""
    where, params = dimension_filter(f, "s") if dimensions else ("", {})
    frame = store.query(f"""
        WITH on_orders AS (
            SELECT DISTINCT s.sales_rep_id AS rep_id FROM sales s
            WHERE s.sales_rep_id IS NOT NULL AND s.ordered_on >= $start AND s.ordered_on < $end {where}),
        by_role AS (
            SELECT id AS rep_id FROM employee
            WHERE role = $role AND (hired_on IS NULL OR hired_on < $end) AND (left_on IS NULL OR left_on >= $start)),
        ids AS (SELECT rep_id FROM on_orders UNION SELECT rep_id FROM by_role)
        SELECT ids.rep_id, e.name,
               CASE WHEN e.id IS NULL THEN 'missing' WHEN e.left_on < $end THEN 'left' ELSE 'active' END AS status
        FROM ids LEFT JOIN employee e ON e.id = ids.rep_id
        ORDER BY ids.rep_id
        """, {**params, "start": f.first_day, "end": f.end_exclusive, "role": SALES_REP_ROLE})
    frame["rep_id"] = frame["rep_id"].astype("int64")
    frame["name"] = frame["name"].astype(object).where(frame["name"].notna(), None)
    return frame[COLUMNS]
