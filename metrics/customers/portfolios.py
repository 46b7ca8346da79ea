"""Customer portfolios (客户组合) by customer manager, and the picket fence (尖桩篱栅策略).

A company whose customers have no manager has no portfolios (an empty table: views say so, never a row of
zeros). Predicted value is unknown where the lifetime models are not estimable or a customer's margin is
unknown; a lost customer, or one without orders, is worth 0."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.base.filters import Filters, add_months
from metrics.base.store import Store
from metrics.customers.lifetime import LifetimeValues


def portfolios(store: Store, f: Filters, table: pd.DataFrame, values: LifetimeValues) -> pd.DataFrame:
    """One row per customer manager: ``manager_id, manager, customers, revenue_12m, profit_12m,
    predicted_value`` (CLV next 12 months), ``growth`` (revenue of the last 12 months over the 12
    before, minus 1) and ``retention`` (of the customers they managed that were active 12 months
    before the period's end, the share still active at its end). Empty when no customer has a manager;
    profit and predicted value unknown (NaN) for a manager when they are for one of the customers."""
    end = f.end_exclusive
    year_ago = add_months(end, -12)
    managed = table[table["manager_id"].notna()].copy()
    if managed.empty:
        return pd.DataFrame({"manager_id": pd.Series(dtype="Int64"), "customers": pd.Series(dtype="int64"),
                             **{c: pd.Series(dtype=float) for c in ("revenue_12m", "profit_12m", "predicted_value")},
                             "manager": pd.Series(dtype=object), "left_on": pd.Series(dtype="datetime64[us]"),
                             "growth": pd.Series(dtype=float), "retention": pd.Series(dtype=float)})
    managed["clv"] = predicted_values(managed["customer_id"], values)

    def unknown_sum(v: pd.Series) -> float:  # one unknown customer: the manager's total is unknown
        return v.sum(skipna=False)

    summary = managed.groupby("manager_id").agg(customers=("customer_id", "size"), revenue_12m=("monetary", "sum"),
                                                profit_12m=("profit", unknown_sum),
                                                predicted_value=("clv", unknown_sum))
    history = store.query("""
        WITH revenue AS (
            SELECT manager_id, coalesce(sum(revenue) FILTER (WHERE ordered_on >= $year_ago), 0) AS recent,
                   coalesce(sum(revenue) FILTER (WHERE ordered_on < $year_ago), 0) AS before
            FROM sales WHERE ordered_on >= $two_years_ago AND ordered_on < $end AND manager_id IS NOT NULL
            GROUP BY manager_id),
        kept AS (
            SELECT manager_id, count(*) AS at_start,
                   count(*) FILTER (WHERE churned_on IS NULL OR churned_on >= $end) AS retained
            FROM customer WHERE manager_id IS NOT NULL AND acquired_on < $year_ago
              AND (churned_on IS NULL OR churned_on >= $year_ago)
            GROUP BY manager_id)
        SELECT e.id AS manager_id, e.name AS manager, e.left_on, r.recent / nullif(r.before, 0) - 1 AS growth,
               k.retained / nullif(k.at_start, 0) AS retention
        FROM employee e LEFT JOIN revenue r ON r.manager_id = e.id LEFT JOIN kept k ON k.manager_id = e.id
        """, {"year_ago": year_ago, "two_years_ago": add_months(end, -24), "end": end}).set_index("manager_id")
    out = summary.join(history, how="left").reset_index()
    return out.sort_values("predicted_value", ascending=False).reset_index(drop=True)


def predicted_values(customer_ids: pd.Series, values: LifetimeValues) -> pd.Series:
    """Each customer's lifetime value over the next 12 months: 0 for a lost customer or one the models did not
    score (no order before the calibration end), NaN where unknown (models not estimable, margin unknown)."""
    if not values.estimable:
        return pd.Series(np.nan, index=customer_ids.index)
    scored = values.table.set_index("customer_id")
    clv = customer_ids.map(scored["clv"])
    worthless = ~customer_ids.isin(scored.index) | customer_ids.map(scored["churned"]).fillna(True).astype(bool)
    return clv.mask(worthless, 0.0)


def picket_fence(table: pd.DataFrame, values: LifetimeValues, store: Store, f: Filters) -> pd.DataFrame:
    """Customers ranked by predicted value (CLV next 12 months), most valuable first: ``rank,
    customer_id, name, clv, profit, managed`` (an owner still employed at the period's end) and
    ``share`` (cumulative share of the total predicted value up to this customer). Empty when a predicted
    value is unknown: a ranking of the known part would misplace the rest."""
    owners = store.query("SELECT id, left_on FROM employee")
    active = set(owners.loc[owners["left_on"].isna() | (owners["left_on"] >= pd.Timestamp(f.end_exclusive)), "id"])
    ranked = table[["customer_id", "name", "profit", "manager_id"]].copy()
    ranked["clv"] = predicted_values(ranked["customer_id"], values)
    if ranked["clv"].isna().any():
        return ranked.iloc[:0].assign(rank=pd.Series(dtype="int64"), managed=pd.Series(dtype=bool),
                                      share=pd.Series(dtype=float)).drop(columns="manager_id")
    ranked = ranked.sort_values(["clv", "customer_id"], ascending=[False, True]).reset_index(drop=True)
    ranked["managed"] = ranked["manager_id"].isin(active)
    total = ranked["clv"].clip(lower=0).sum()
    ranked["share"] = ranked["clv"].clip(lower=0).cumsum() / total if total else np.nan
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    return ranked.drop(columns="manager_id")


def fence_coverage(fence: pd.DataFrame, top: int) -> dict[str, float]:
    """What a fence around the ``top`` most valuable customers would cover, against today's named
    management: shares of predicted value and of profit, inside the fence and under managers now."""
    inside = fence.head(top)
    value = fence["clv"].clip(lower=0).sum()
    profit = fence["profit"].clip(lower=0).sum(skipna=False)  # one unknown profit: the shares are unknown
    managed = fence[fence["managed"]]
    return {
        "fence_value_share": inside["clv"].clip(lower=0).sum() / value if value else np.nan,
        "fence_profit_share": inside["profit"].clip(lower=0).sum() / profit if profit > 0 else np.nan,
        "managed_customers": float(len(managed)),
        "managed_value_share": managed["clv"].clip(lower=0).sum() / value if value else np.nan,
        "managed_in_fence": float(inside["managed"].sum()),
    }


def fence_curve(fence: pd.DataFrame, *, points: int = 600) -> pd.DataFrame:
    """The picket fence thinned for drawing: at most about ``points`` rows (``rank, share, managed``).

    A row is kept when the curve has moved by 2/``points`` since the last kept one, counting both its
    rank (as a share of all customers) and its cumulative share, so the steep start of a Pareto curve
    keeps as many points as its long flat tail; straight lines between kept points stay within
    2/``points`` of the full curve, and the browser gets a few KB instead of one marker per customer."""
    columns = ["rank", "share", "managed"]
    if len(fence) <= points:
        return fence[columns]
    travelled = fence["rank"].to_numpy() / len(fence) + fence["share"].fillna(0).to_numpy()
    step = np.floor(travelled * points / 2)
    keep = np.append(True, step[1:] != step[:-1])
    keep[-1] = True
    return fence.loc[keep, columns].reset_index(drop=True)
