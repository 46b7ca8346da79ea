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
PERIODS_PER_QUERY = 6  # periods whose customers one query reads (:func:`_ranked`)


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
    return _ranked(store, f, by_region=False)[""]


def _ranked(store: Store, f: Filters, *, by_region: bool) -> dict[str, pd.DataFrame]:
    """:func:`ranked` of ``f`` (key ``""``) and, ``by_region``, of each region alone within it (key: the region),
    from one read of the rows, :data:`PERIODS_PER_QUERY` periods at a time (a million customers' 36 months at
    once held 1.2 GB)."""
    where, params = dimension_filter(f, "t")
    names = store.query("SELECT DISTINCT region FROM customer_trailing WHERE region IS NOT NULL ORDER BY 1"
                        )["region"].tolist() if by_region else []
    sql = f"""
    WITH {CALENDAR_CTE}, {value_rows(where + " AND t.month BETWEEN $first AND $last")}
    SELECT period, coalesce(list_position($names, region), 0) AS region, CAST(customer_id AS DOUBLE) AS customer_id,
           CAST(orders_12m AS DOUBLE) AS orders_12m, CAST(revenue_12m AS DOUBLE) AS revenue_12m,
           CAST(margin_12m AS DOUBLE) AS margin_12m, CAST(profit AS DOUBLE) AS profit
    FROM t ORDER BY period{", region" if by_region else ""}
    """
    whole = calendar(f)
    latest = store.query("SELECT max(month) AS m FROM customer_trailing")["m"].iloc[0]
    found: dict[str, dict[pd.Timestamp, list[float]]] = {"": {}}
    for a in range(0, len(whole["periods"]) if pd.notna(latest) else 0, PERIODS_PER_QUERY):
        part = {**whole, **{name: whole[name][a:a + PERIODS_PER_QUERY]
                            for name in ("periods", "period_last_month", "period_end")}}
        months = [min(pd.Timestamp(m), pd.Timestamp(latest)) for m in part["period_last_month"]]  # ``ends``
        rows = store.arrays(sql, {**part, **params, "names": names, "first": min(months).date(),
                                  "last": max(months).date()})
        periods, regions = rows.pop("period"), rows.pop("region")
        columns = rows  # the rest: float arrays (the casts above)
        for start, stop in _runs(periods):
            period = pd.Timestamp(periods[start])
            found[""][period] = _of_period({k: v[start:stop] for k, v in columns.items()})
            for a_row, b_row in (_runs(regions[start:stop]) if by_region else ()):
                code = regions[start + a_row]
                if code:  # a customer without a region is in the whole only
                    found.setdefault(names[code - 1], {})[period] = _of_period(
                        {k: v[start + a_row:start + b_row] for k, v in columns.items()})
    return {key: (pd.DataFrame.from_dict(values, orient="index", columns=COLUMNS) if values else
                  pd.DataFrame(columns=COLUMNS)).reindex(f.period_index).astype(float)
            for key, values in found.items()}


def _runs(values: np.ndarray) -> list[tuple[int, int]]:
    """The (start, stop) of each run of equal values."""
    cuts = np.flatnonzero(values[1:] != values[:-1]) + 1
    return list(zip(np.r_[0, cuts], np.r_[cuts, len(values)], strict=True)) if len(values) else []



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
    positive = margin[gaining].sum()
    known = ~np.isnan(profit)
    return [n, (c["orders_12m"] >= 1).sum(), (c["orders_12m"] >= 2).sum(),
            profit[known].sum() if known.any() else math.nan, (profit < 0).sum(), top[np.isfinite(top)].sum(),
            positive, _tier_a_revenue(gaining, margin, c["customer_id"], revenue, positive),
            np.nansum(revenue) if (~np.isnan(revenue)).any() else math.nan]


def _tier_a_revenue(gaining: np.ndarray, margin: np.ndarray, customer_id: np.ndarray, revenue: np.ndarray,
                    positive: float) -> float:
    """The revenue of the first k customers of ``gaining`` by margin (descending) then id, k the number before
    whom less than 80 % of ``positive`` is ranked: the margins sorted alone give k and the k-th margin, and only
    the customers tied on it are ordered by id (a sort of the values, not of a million customers' order)."""
    margins = margin[gaining]
    descending = -np.sort(-margins)
    k = int(np.count_nonzero(np.cumsum(descending) - descending < 0.8 * positive))
    if not k:
        return 0.0
    cut = descending[k - 1]
    above, tied = gaining[margins > cut], gaining[margins == cut]
    tied = tied[np.argsort(customer_id[tied], kind="stable")][:k - len(above)]
    return float(np.nansum(revenue[above]) + np.nansum(revenue[tied]))


def region_member(f: Filters) -> str | None:
    """The row key of a table stored per region for ``f``: ``""`` without a filter, the region when ``f`` chooses
    exactly one region and nothing else, else ``None`` (not stored)."""
    chosen = f.dimensions
    if not chosen:
        return ""
    return str(chosen["region"][0]) if list(chosen) == ["region"] and len(chosen["region"]) == 1 else None


def stored(store: Store, f: Filters) -> pd.DataFrame | None:
    """:func:`customer_value` of ``f`` from :data:`TABLE` when ``f`` chooses no filter or one region and the table
    holds every month its periods end in; else ``None``."""
    member = region_member(f)
    if member is None or not store.has_table(TABLE):
        return None
    sql = f"""
    WITH {CALENDAR_CTE}, {value_rows("")}
    SELECT ends.period, v.held, {", ".join(f"v.{c}" for c in COLUMNS)}
    FROM ends LEFT JOIN {TABLE} v ON v.month = ends.month AND v.region = $member
    """
    rows = store.query(sql, {**calendar(f), "member": member})
    if rows.empty or rows["held"].isna().any():
        return None
    rows["period"] = pd.to_datetime(rows["period"])
    return rows.set_index("period")[COLUMNS].reindex(f.period_index).astype(float)


def precompute(store: Store, connection, f: Filters) -> None:
    """Table :data:`TABLE`: every month of ``f`` (monthly, no filter), for the whole company and each region
    alone, from one read of the rows."""
    parts = [frame.assign(region=region) for region, frame in _ranked(store, f, by_region=True).items()]
    rows = pd.concat(parts).rename_axis("month").reset_index()
    rows["held"] = True
    write_table(connection, TABLE, rows[["region", "month", "held", *COLUMNS]].astype(
        {"region": str, "month": "datetime64[ns]", "held": bool, **dict.fromkeys(COLUMNS, float)}))
