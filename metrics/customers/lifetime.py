"""Lifetime value of the customers in the store: BG/NBD and Gamma-Gamma fitted on their history.

Time unit: months (30.44 days). The calibration period runs from the first month of data to the
end of the selected period; customers acquired before the data start are seen from their first
order in the data (left-truncated histories, a known simplification).

The models describe the whole customer base: they are fitted once per calibration end on every
customer (lost ones included: the model learns drop-out from them) and every customer is scored;
dimension filters then select customers, they do not refit. A customer known to be lost by the
calibration end (``churned_on`` before it) has no lifetime value and no probability of being alive
(NULL), since neither means anything for them.

At refresh (:func:`precompute`, a step of ``jobs.refresh``) the fits for the end of the latest
month are stored in the analytical store (``lifetime_fit``: parameters and standard errors;
``lifetime_cov``: their covariance; ``customer_lifetime``: one row per customer with its scores and
the gradient of its scores in the parameters), so pages only read. Other calibration ends are
computed on demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from metrics.base.facts import dimension_filter
from metrics.base.filters import Filters, add_months
from metrics.base.store import Store, write_table
from metrics.customers import clv

DAYS_PER_MONTH = 30.44
HORIZON_MONTHS = 12
MONTHLY_DISCOUNT = 0.01
# The models describe the population: their parameters are fitted on a fixed random sample of at
# most this many customers (a third of the time at 100,000), then every customer is scored.
MAX_FIT_CUSTOMERS = 30_000
PURCHASE_PARAMS = tuple(clv.BGNBD_PARAMS)
SPEND_PARAMS = tuple(clv.GAMMA_GAMMA_PARAMS)
PARAMS = PURCHASE_PARAMS + SPEND_PARAMS
Z_90 = 1.6448536269514722  # two-sided 90% normal quantile
SCORES = ("p_alive", "expected_purchases", "clv")


@dataclass(frozen=True)
class LifetimeValues:
    """Scores of the customers and the fits behind them (read only: cached and shared).

    ``table``: customer_id, region, channel, industry, manager_id, frequency, recency, T,
    monetary_value, margin_rate, churned, p_alive, expected_purchases, clv (NULL for churned
    customers) and the gradients ``d_expected_purchases_<param>``, ``d_clv_<param>`` (0 for churned).
    ``fit``: model, param, value, se. ``cov``: the parameters' covariance (both models; they are fitted
    independently, so it is block diagonal), indexed by parameter name both ways.
    """

    table: pd.DataFrame
    fit: pd.DataFrame
    cov: pd.DataFrame
    calibration_end: date


def purchase_histories(store: Store, end: date, f: Filters | None = None) -> pd.DataFrame:
    """``customer_id, region, channel, industry, manager_id, churned, frequency, recency, T,
    monetary_value, margin_rate`` for customers with an order before ``end``, lost ones included;
    days of purchase count as purchases, monetary value is the mean revenue of the repeat purchase days."""
    where, params = dimension_filter(f, "s") if f is not None else ("", {})
    return store.query(f"""
        WITH days AS (
            SELECT s.customer_id, s.ordered_on, sum(s.revenue) AS revenue, sum(s.margin) AS margin
            FROM sales s WHERE s.ordered_on < $end {where} GROUP BY s.customer_id, s.ordered_on),
        ranked AS (SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY ordered_on) AS k FROM days)
        SELECT r.customer_id, c.region, c.channel, c.industry, c.manager_id,
               coalesce(c.churned_on < $end, FALSE) AS churned,
               count(*) - 1 AS frequency,
               (max(r.ordered_on) - min(r.ordered_on)) / $month AS recency,
               (CAST($end AS DATE) - min(r.ordered_on)) / $month AS T,
               coalesce(avg(r.revenue) FILTER (WHERE r.k > 1), 0) AS monetary_value,
               greatest(least(sum(r.margin) / nullif(sum(r.revenue), 0), 1), 0) AS margin_rate
        FROM ranked r JOIN customer c ON c.id = r.customer_id
        GROUP BY r.customer_id, c.region, c.channel, c.industry, c.manager_id, c.churned_on
        ORDER BY r.customer_id
        """, {**params, "end": end, "month": DAYS_PER_MONTH}).astype(
        {"frequency": float, "recency": float, "T": float, "monetary_value": float, "margin_rate": float,
         "churned": bool})


def _fit_frame(purchases: clv.BgNbdFit, spend: clv.GammaGammaFit) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, cov = [], pd.DataFrame(0.0, index=list(PARAMS), columns=list(PARAMS))
    for model, fit in (("bgnbd", purchases), ("gamma_gamma", spend)):
        try:
            block = fit.cov
        except ValueError:  # a parameter on its bound: no covariance, so no interval
            block = np.full((len(fit.names), len(fit.names)), np.nan)
        cov.loc[fit.names, fit.names] = block
        rows += [{"model": model, "param": name, "value": float(fit.params[name]), "se": float(fit.bse[name])}
                 for name in fit.names]
    return pd.DataFrame(rows), cov


def _scores(purchases: clv.BgNbdFit, spend: clv.GammaGammaFit, h: pd.DataFrame, bg=None, gg=None) -> dict:
    x, t_x, T = h["frequency"].to_numpy(), h["recency"].to_numpy(), h["T"].to_numpy()
    per_purchase = spend.conditional_expected_average_profit(x, h["monetary_value"].to_numpy(), gg)
    discounted = clv.discounted_expected_purchases(purchases, x, t_x, T, horizon=HORIZON_MONTHS,
                                                   discount_rate=MONTHLY_DISCOUNT, purchase_params=bg)
    return {"expected_purchases": purchases.conditional_expected_purchases(HORIZON_MONTHS, x, t_x, T, bg),
            "discounted": discounted, "per_purchase": per_purchase}


def score(histories: pd.DataFrame, *, calibration_end: date) -> LifetimeValues:
    """Fit both models on ``histories`` (a fixed sample past ``MAX_FIT_CUSTOMERS``) and score every
    customer: probability alive, expected purchases and lifetime value (gross margin, discounted) over
    the next 12 months, with the gradients of the last two in the 7 parameters (central differences)
    for delta-method intervals of any group's totals."""
    h = histories.reset_index(drop=True)
    sample = h if len(h) <= MAX_FIT_CUSTOMERS else h.sample(MAX_FIT_CUSTOMERS, random_state=0)
    purchases = clv.fit_bgnbd(sample["frequency"], sample["recency"], sample["T"])
    spend = clv.fit_gamma_gamma(sample["frequency"], sample["monetary_value"])
    fit, cov = _fit_frame(purchases, spend)
    margin = h["margin_rate"].to_numpy()
    base = _scores(purchases, spend, h)
    table = h.copy()
    table["p_alive"] = purchases.probability_alive(h["frequency"], h["recency"], h["T"])
    table["expected_purchases"] = base["expected_purchases"]
    table["clv"] = base["per_purchase"] * base["discounted"] * margin
    bg0, gg0 = purchases.params.to_numpy(), spend.params.to_numpy()
    gradients = {}
    for i, name in enumerate(PURCHASE_PARAMS):
        step = 1e-4 * abs(bg0[i])
        up, down = bg0.copy(), bg0.copy()
        up[i] += step
        down[i] -= step
        hi, lo = _scores(purchases, spend, h, bg=up), _scores(purchases, spend, h, bg=down)
        gradients[f"d_expected_purchases_{name}"] = (hi["expected_purchases"] - lo["expected_purchases"]) / (2 * step)
        gradients[f"d_clv_{name}"] = base["per_purchase"] * margin * (hi["discounted"] - lo["discounted"]) / (2 * step)
    for i, name in enumerate(SPEND_PARAMS):
        step = 1e-4 * abs(gg0[i])
        up, down = gg0.copy(), gg0.copy()
        up[i] += step
        down[i] -= step
        x, m = h["frequency"].to_numpy(), h["monetary_value"].to_numpy()
        slope = (spend.conditional_expected_average_profit(x, m, up)
                 - spend.conditional_expected_average_profit(x, m, down)) / (2 * step)
        gradients[f"d_expected_purchases_{name}"] = np.zeros(len(h))
        gradients[f"d_clv_{name}"] = slope * base["discounted"] * margin
    table = pd.concat([table, pd.DataFrame(gradients, index=table.index)], axis=1)
    lost = table["churned"].to_numpy()
    table.loc[lost, list(SCORES)] = np.nan
    table.loc[lost, list(gradients)] = 0.0
    return LifetimeValues(table, fit, cov, calibration_end)


def default_end(store: Store) -> date | None:
    """The calibration end the app opens on: the end of the latest month of sales."""
    last = store.query("SELECT max(month) AS m FROM sales")["m"].iloc[0]
    return None if pd.isna(last) else add_months(pd.Timestamp(last).date(), 1)


def compute(store: Store, calibration_end: date) -> LifetimeValues:
    """Fit and score every customer with orders before ``calibration_end`` (the slow path)."""
    return score(purchase_histories(store, calibration_end), calibration_end=calibration_end)


def precompute(store: Store, connection: duckdb.DuckDBPyConnection) -> None:
    """Refresh step: the fits and scores for the default calibration end, stored in the store."""
    end = default_end(store)
    try:
        values = compute(store, end) if end is not None else None
    except (ValueError, np.linalg.LinAlgError):  # too little history to fit (no repeat buyers): pages fit on demand
        values = None
    customers = (values.table if values is not None else pd.DataFrame(columns=["customer_id"])).assign(
        calibration_end=end)
    fit = (values.fit if values is not None else pd.DataFrame(columns=["model", "param", "value", "se"])).assign(
        calibration_end=end)
    cov = (values.cov.stack().rename_axis(["row_param", "col_param"]).rename("value").reset_index()
           if values is not None else pd.DataFrame(columns=["row_param", "col_param", "value"])).assign(
        calibration_end=end)
    for name, frame in (("customer_lifetime", customers), ("lifetime_fit", fit), ("lifetime_cov", cov)):
        write_table(connection, name, frame)


def _dimension_mask(table: pd.DataFrame, f: Filters) -> np.ndarray:
    mask = np.ones(len(table), dtype=bool)
    for name, values in f.dimensions.items():
        column = "manager_id" if name == "manager" else name
        mask &= table[column].isin(list(values)).to_numpy()
    return mask


def stored(store: Store, calibration_end: date) -> LifetimeValues | None:
    """The precomputed values for ``calibration_end``, or ``None`` when the refresh did not store them."""
    if not store.has_table("customer_lifetime"):
        return None
    params = {"end": calibration_end}
    fit = store.query("SELECT model, param, value, se FROM lifetime_fit WHERE calibration_end = $end", params)
    if fit.empty:
        return None
    table = store.query("SELECT * EXCLUDE (calibration_end) FROM customer_lifetime WHERE calibration_end = $end "
                        "ORDER BY customer_id", params)
    pairs = store.query("SELECT row_param, col_param, value FROM lifetime_cov WHERE calibration_end = $end", params)
    cov = pairs.pivot(index="row_param", columns="col_param", values="value").reindex(index=list(PARAMS),
                                                                                       columns=list(PARAMS))
    return LifetimeValues(table, fit, cov, calibration_end)


def lifetime_values(store: Store, f: Filters) -> LifetimeValues:
    """The customers of ``f`` scored by the models calibrated at the end of its period: read from the
    store when the refresh precomputed that end, computed otherwise."""
    end = f.end_exclusive
    values = stored(store, end) or compute(store, end)
    return select(values, f)


def select(values: LifetimeValues, f: Filters) -> LifetimeValues:
    """Only the customers matching ``f``'s dimension filters (the fits are the population's)."""
    if not f.dimensions:
        return values
    table = values.table[_dimension_mask(values.table, f)].reset_index(drop=True)
    return LifetimeValues(table, values.fit, values.cov, values.calibration_end)


def segment_forecast(values: LifetimeValues, customer_ids) -> pd.DataFrame:
    """A group's expected purchases and CLV over the next 12 months, each with a 90% interval from the
    delta method (``statistic, value, low, high``): the group total's variance is g' Σ g, with g the
    sum of its customers' gradients in the parameters and Σ the fits' covariance. Lost customers add
    nothing. Its coverage matches parameter draws of the two fits (``tests/metrics/customers/test_lifetime.py``)."""
    rows = values.table[values.table["customer_id"].isin(list(customer_ids))]
    cov = values.cov.to_numpy()
    out = []
    for name in ("expected_purchases", "clv"):
        gradient = rows[[f"d_{name}_{p}" for p in PARAMS]].sum().to_numpy()
        point = float(rows[name].sum())
        spread = Z_90 * float(np.sqrt(max(gradient @ cov @ gradient, 0.0))) if np.isfinite(cov).all() else np.nan
        out.append({"statistic": name, "value": point, "low": point - spread, "high": point + spread})
    return pd.DataFrame(out)
