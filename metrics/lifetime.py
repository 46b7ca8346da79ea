"""Lifetime value of the customers in the store: BG/NBD and Gamma-Gamma fitted on their history.

Time unit: months (30.44 days). The calibration period runs from the first month of data to the
end of the selected period; customers acquired before the data start are seen from their first
order in the data (left-truncated histories, a known simplification).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics import clv
from metrics.facts import dimension_filter
from metrics.filters import Filters
from metrics.store import Store

DAYS_PER_MONTH = 30.44
HORIZON_MONTHS = 12
MONTHLY_DISCOUNT = 0.01
# The models describe the population: their parameters are fitted on a fixed random sample of at
# most this many customers (a third of the time at 100,000), then every customer is scored.
MAX_FIT_CUSTOMERS = 30_000


@dataclass(frozen=True)
class LifetimeValues:
    table: pd.DataFrame  # customer_id, dimensions, frequency, recency, T, monetary_value, margin_rate,
    #                      p_alive, expected_purchases, clv
    purchases: clv.BgNbdFit
    spend: clv.GammaGammaFit


def purchase_histories(store: Store, f: Filters) -> pd.DataFrame:
    """``customer_id, region, channel, industry, manager_id, frequency, recency, T, monetary_value,
    margin_rate`` for customers with an order before the period's end, lost ones included (the model
    learns drop-out from them); days of purchase count as purchases, monetary value is the mean
    revenue of the repeat purchase days."""
    where, params = dimension_filter(f, "s")
    return store.query(f"""
        WITH days AS (
            SELECT s.customer_id, s.ordered_on, sum(s.revenue) AS revenue, sum(s.margin) AS margin
            FROM sales s WHERE s.ordered_on < $end {where} GROUP BY s.customer_id, s.ordered_on),
        ranked AS (SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY ordered_on) AS k FROM days)
        SELECT r.customer_id, c.region, c.channel, c.industry, c.manager_id,
               count(*) - 1 AS frequency,
               (max(r.ordered_on) - min(r.ordered_on)) / $month AS recency,
               (CAST($end AS DATE) - min(r.ordered_on)) / $month AS T,
               coalesce(avg(r.revenue) FILTER (WHERE r.k > 1), 0) AS monetary_value,
               greatest(least(sum(r.margin) / nullif(sum(r.revenue), 0), 1), 0) AS margin_rate
        FROM ranked r JOIN customer c ON c.id = r.customer_id
        GROUP BY r.customer_id, c.region, c.channel, c.industry, c.manager_id
        ORDER BY r.customer_id
        """, {**params, "end": f.end_exclusive, "month": DAYS_PER_MONTH}).astype(
        {"frequency": float, "recency": float, "T": float, "monetary_value": float, "margin_rate": float})


def lifetime_values(store: Store, f: Filters) -> LifetimeValues:
    """Fit both models on the customers' histories and score each customer: probability alive,
    expected purchases and lifetime value (gross margin, discounted) over the next 12 months."""
    h = purchase_histories(store, f)
    sample = h if len(h) <= MAX_FIT_CUSTOMERS else h.sample(MAX_FIT_CUSTOMERS, random_state=0)
    purchases = clv.fit_bgnbd(sample["frequency"], sample["recency"], sample["T"])
    spend = clv.fit_gamma_gamma(sample["frequency"], sample["monetary_value"])
    table = h.assign(
        p_alive=purchases.probability_alive(h["frequency"], h["recency"], h["T"]),
        expected_purchases=purchases.conditional_expected_purchases(HORIZON_MONTHS, h["frequency"], h["recency"],
                                                                    h["T"]),
        clv=clv.customer_lifetime_value(purchases, spend, h["frequency"], h["recency"], h["T"],
                                        h["monetary_value"], horizon=HORIZON_MONTHS,
                                        discount_rate=MONTHLY_DISCOUNT) * h["margin_rate"],
    )
    return LifetimeValues(table, purchases, spend)


def segment_forecast(values: LifetimeValues, customer_ids, *, draws: int = 100) -> pd.DataFrame:
    """A segment's expected purchases and CLV over the next 12 months, each with a 90% interval
    from parameter draws of the two fits (``statistic, value, low, high``)."""
    rows = values.table[values.table["customer_id"].isin(list(customer_ids))]
    x, t_x, T, m, rate = (rows[c].to_numpy() for c in ("frequency", "recency", "T", "monetary_value",
                                                      "margin_rate"))
    rng = np.random.default_rng(0)
    bg = rng.multivariate_normal(values.purchases.params.to_numpy(), values.purchases.cov, size=draws)
    gg = rng.multivariate_normal(values.spend.params.to_numpy(), values.spend.cov, size=draws)
    purchases, lifetime = [], []
    for b, g in zip(bg, gg, strict=True):
        if (b <= 0).any() or (g <= 0).any() or g[1] <= 1:
            continue
        purchases.append(values.purchases.conditional_expected_purchases(HORIZON_MONTHS, x, t_x, T, b).sum())
        lifetime.append((clv.customer_lifetime_value(values.purchases, values.spend, x, t_x, T, m,
                                                     horizon=HORIZON_MONTHS, discount_rate=MONTHLY_DISCOUNT,
                                                     purchase_params=b, spend_params=g) * rate).sum())
    out = []
    for name, point, sample in [("expected_purchases", rows["expected_purchases"].sum(), purchases),
                                ("clv", rows["clv"].sum(), lifetime)]:
        low, high = np.quantile(sample, [0.05, 0.95]) if sample else (np.nan, np.nan)
        out.append({"statistic": name, "value": float(point), "low": float(low), "high": float(high)})
    return pd.DataFrame(out)
