"""The customers' value over the 12 months to each period's end (``customer_value``): counts, profit, the top 20 %'s
profit and the top tier's revenue, from ``customer_trailing`` under the rules of :func:`metrics.base.facts.value_rows`
(which the who lists read in SQL).

Ranks do not add up, so the cube does not hold this: a filtered scorecard ranks the customers of its filters, one
sort per period in NumPy (DuckDB's two window sorts took 1.6 s for a region's 24 months at a million customers).
A period's value depends only on the month it ends in and the filters, so the refresh (step ``kpi_series``,
:func:`precompute`) stores every month of its window for the whole company and for each region alone (table
``customer_value_monthly``); a scorecard of any grain with no filter or one region reads those rows, the others
(and months outside the window) compute.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from metrics.base.facts import CALENDAR_CTE, calendar, dimension_filter, value_rows
from metrics.base.filters import Filters
from metrics.base.store import Store, write_table

COLUMNS = ["customers", "buyers", "repeat_buyers", "profit", "unprofitable", "top20_profit", "positive_margin",
           "tier_a_revenue", "revenue_12m"]
TABLE = "customer_value_monthly"  # region ("" the whole company), month, held, COLUMNS


def customer_value(store: Store, f: Filters) -> pd.DataFrame:
    """Over the 12 months to each period's end, among customers alive in its last month: :data:`COLUMNS`
    (customers, buyers, repeat_buyers, profit (margin less service and campaign cost), unprofitable, top20_profit,
    positive_margin, tier_a_revenue, revenue_12m), one row per period of ``f``."""
    def build() -> pd.DataFrame:
        found = stored(store, f)
        return found if found is not None else ranked(store, f)

    return store.frame(("customer_value", f), build)


def ranked(store: Store, f: Filters) -> pd.DataFrame:
    """:func:`customer_value` from the customers' rows, ranked here."""
    where, params = dimension_filter(f, "t")
    sql = f"""
    WITH {CALENDAR_CTE}, {value_rows(where)}
    SELECT period, customer_id, orders_12m, revenue_12m, margin_12m, profit FROM t ORDER BY period
    """
    rows = store.query(sql, {**calendar(f), **params})
    periods = pd.to_datetime(rows["period"]).to_numpy()
    cuts = np.flatnonzero(periods[1:] != periods[:-1]) + 1
    columns = {name: rows[name].to_numpy(dtype=float) for name in
               ("customer_id", "orders_12m", "revenue_12m", "margin_12m", "profit")}
    found = [_of_period({name: values[a:b] for name, values in columns.items()})
             for a, b in zip(np.r_[0, cuts], np.r_[cuts, len(periods)], strict=True) if b > a]
    index = pd.DatetimeIndex([periods[a] for a in np.r_[0, cuts] if a < len(periods)], name="period")
    return pd.DataFrame(found, index=index, columns=COLUMNS).reindex(f.period_index).astype(float)


def _of_period(c: dict[str, np.ndarray]) -> list[float]:
    """:data:`COLUMNS` of one period's customers (``value_rows``' ``t``): ``TOP20``, the first ceil(20 %) by profit
    (ties do not move the sum); ``TIER_A``, by margin then id, those before whom less than 80 % of the positive
    margin is ranked, with a positive margin. An unknown profit or margin ranks last (SQL's NULLS LAST) and adds
    nothing."""
    n = len(c["profit"])
    profit, margin, revenue = c["profit"], c["margin_12m"], c["revenue_12m"]
    ranked_profit = np.where(np.isnan(profit), -np.inf, profit)
    k = min(n, math.ceil(0.2 * n))
    top = np.partition(ranked_profit, n - k)[n - k:] if k else ranked_profit[:0]
    gaining = np.flatnonzero(margin > 0)  # ranked first by margin; the rest add nothing before them and are no tier A
    order = gaining[np.lexsort((c["customer_id"][gaining], -margin[gaining]))]
    before = np.cumsum(margin[order]) - margin[order]
    positive = margin[gaining].sum()
    tier_a = order[before < 0.8 * positive]
    known = ~np.isnan(profit)
    return [n, (c["orders_12m"] >= 1).sum(), (c["orders_12m"] >= 2).sum(),
            profit[known].sum() if known.any() else math.nan, (profit < 0).sum(), top[np.isfinite(top)].sum(),
            positive, np.nansum(revenue[tier_a]), np.nansum(revenue) if (~np.isnan(revenue)).any() else math.nan]


def stored(store: Store, f: Filters) -> pd.DataFrame | None:
    """:func:`customer_value` of ``f`` from :data:`TABLE` when ``f`` chooses no filter or one region and the table
    holds every month its periods end in; else ``None``."""
    chosen = f.dimensions
    if chosen and (list(chosen) != ["region"] or len(chosen["region"]) != 1):
        return None
    if not store.has_table(TABLE):
        return None
    sql = f"""
    WITH {CALENDAR_CTE}, {value_rows("")}
    SELECT ends.period, v.held, {", ".join(f"v.{c}" for c in COLUMNS)}
    FROM ends LEFT JOIN {TABLE} v ON v.month = ends.month AND v.region = $member
    """
    rows = store.query(sql, {**calendar(f), "member": str(chosen["region"][0]) if chosen else ""})
    if rows.empty or rows["held"].isna().any():
        return None
    rows["period"] = pd.to_datetime(rows["period"])
    return rows.set_index("period")[COLUMNS].reindex(f.period_index).astype(float)


def precompute(store: Store, connection, f: Filters, regions: list[str]) -> None:
    """Table :data:`TABLE`: every month of ``f`` (monthly, no filter), for the whole company and each of
    ``regions`` alone. ``store`` is the refresh's view (its frames shared with the KPI series computed before)."""
    parts = [ranked_or_memo(store, f).assign(region="")]
    parts += [ranked_or_memo(store, f.with_dimensions(region=(region,))).assign(region=region) for region in regions]
    rows = pd.concat(parts).rename_axis("month").reset_index()
    rows["held"] = True
    write_table(connection, TABLE, rows[["region", "month", "held", *COLUMNS]].astype(
        {"region": str, "month": "datetime64[ns]", "held": bool, **dict.fromkeys(COLUMNS, float)}))


def ranked_or_memo(store: Store, f: Filters) -> pd.DataFrame:
    """:func:`ranked`, or the frame ``store`` already holds for ``f`` (the KPIs computed it in this refresh)."""
    return store.frame(("customer_value", f), lambda: ranked(store, f))
