"""A who list: the customers behind a KPI for the period and filters, with their names and dimensions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.base.filters import Filters, add_months
from metrics.base.keys import shown_id_sql
from metrics.base.store import Store
from metrics.drill.who import Part, Who

COLUMNS = ["customer_id", "shown_id", "name", "value", "revenue_12m", "last_order", "manager", "region", "channel",
           "industry", "contact_name", "phone", "numerator", "denominator", "num", "den"]


def context(store: Store, f: Filters, ids: list[int]) -> pd.DataFrame:
    """Per customer of ``ids``: revenue_12m (its revenue over the 12 months to the end of ``f``'s period, 0 when it
    bought nothing), last_order (its latest order up to that end, NaT when none) and manager (its customer
    manager's name)."""
    end = f.end_exclusive
    start = add_months(end, -12)
    return store.query(
        """SELECT c.id AS customer_id, coalesce(r.revenue, 0) AS revenue_12m, o.last_order, e.name AS manager
           FROM customer c
           LEFT JOIN (SELECT customer_id, sum(revenue) AS revenue FROM sales
                      WHERE ordered_on >= $start AND ordered_on < $end GROUP BY customer_id) r ON r.customer_id = c.id
           LEFT JOIN (SELECT customer_id, max(ordered_on) AS last_order FROM sales_order
                      WHERE ordered_on < $end GROUP BY customer_id) o ON o.customer_id = c.id
           LEFT JOIN employee e ON e.id = c.manager_id
           WHERE c.id IN (SELECT unnest($ids))""", {"ids": ids or [-1], "start": start, "end": end})


def customers(store: Store, who: Who, f: Filters) -> pd.DataFrame:
    """Every customer in the KPI's numerator or denominator for the period holding ``f.end``.

    Columns ``customer_id`` (the internal number, for links), ``shown_id`` (the company's own id), ``name``,
    ``region``, ``channel``, ``industry``, ``contact_name``, ``phone``, ``value`` (the measure beside each customer,
    in ``who.unit``), ``revenue_12m``, ``last_order``, ``manager`` (:func:`context`), ``numerator`` and
    ``denominator`` (booleans: the parts holding it), ``num`` and ``den`` (its share of each: ``KPI = who.scale x
    sum(num) / sum(den)``). Ordered by what matters: ``value``, largest first (smallest first when
    ``who.lowest_first``), unknown values last; customers of equal value (a count: 1 each) by revenue over 12
    months, then the latest order, largest and latest first; the id last.
    """
    rows = who.rows(store, f).reset_index()
    ids = [int(i) for i in rows["customer_id"]]
    people = store.query(
        f"SELECT c.id AS customer_id, {shown_id_sql('c')} AS shown_id, c.name, c.region, c.channel, c.industry, "
        "c.contact_name, c.phone FROM customer c WHERE c.id IN (SELECT unnest($ids))", {"ids": ids or [-1]})
    out = rows.merge(people, on="customer_id", how="left").merge(context(store, f, ids), on="customer_id", how="left")
    out["last_order"] = pd.to_datetime(out["last_order"])
    out["numerator"], out["denominator"] = out["num"].notna(), out["den"].notna()
    key = out["value"]
    if pd.api.types.is_datetime64_any_dtype(key):
        key = key.astype("int64").where(key.notna()).astype(float)
    key = pd.to_numeric(key, errors="coerce")
    last = out["last_order"].astype("int64").where(out["last_order"].notna()).astype(float)
    out = out.assign(_missing=key.isna(), _key=key if who.lowest_first else -key,
                     _revenue=-out["revenue_12m"].astype(float).fillna(0.0), _last=-last.fillna(-np.inf))
    out = out.sort_values(["_missing", "_key", "_revenue", "_last", "customer_id"], kind="stable")
    return out.reset_index(drop=True)[COLUMNS]


def part(frame: pd.DataFrame, which: Part) -> pd.DataFrame:
    """The rows of one part: the numerator, the denominator, or the shortfall (in the denominator, not the
    numerator)."""
    if which == "numerator":
        mask = frame["numerator"]
    elif which == "denominator":
        mask = frame["denominator"]
    elif which == "shortfall":
        mask = frame["denominator"] & ~frame["numerator"]
    else:
        raise ValueError(f"part must be numerator, shortfall or denominator, not {which!r}")
    return frame[np.asarray(mask, dtype=bool)].reset_index(drop=True)

