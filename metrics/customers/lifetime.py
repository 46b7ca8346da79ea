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
the gradient of its scores in the parameters; ``lifetime_status``: whether the fits hold), so pages
only read. Other calibration ends are computed on demand.

Not estimable
-------------
The scores are only as good as the fits. Nothing is scored (every probability, expected purchase and
lifetime value unknown, never 100 % or 0) and the reason is kept (``LifetimeValues.reason``) when: no
customer has an order (``no_orders``); fewer than ``MIN_REPEAT_CUSTOMERS`` customers bought twice
(``too_few_repeat_customers``: the drop-out and spend models have nothing to learn from); the maximum
likelihood search of either model did not converge (``not_converged``); or a fit is degenerate
(``degenerate``: a parameter not positive and finite, a standard error not finite, or scores that are
not finite, an expected spend per purchase included, which a Gamma-Gamma ``q`` of 1 or less makes infinite). The models'
warnings are caught and turned into these reasons, never printed.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd

from metrics.base.facts import dimension_filter
from metrics.base.filters import Filters, add_months
from metrics.base.store import Store, write_table
from metrics.customers.clv_params import BGNBD_PARAMS, GAMMA_GAMMA_PARAMS

if TYPE_CHECKING:  # the models (statsmodels, scipy) are imported where they are fitted or scored, not to read scores
    from metrics.customers import clv

DAYS_PER_MONTH = 30.44
HORIZON_MONTHS = 12
MONTHLY_DISCOUNT = 0.01
# The models describe the population: their parameters are fitted on a fixed random sample of at
# most this many customers (a third of the time at 100,000), then every customer is scored.
MAX_FIT_CUSTOMERS = 30_000
PURCHASE_PARAMS = tuple(BGNBD_PARAMS)
SPEND_PARAMS = tuple(GAMMA_GAMMA_PARAMS)
PARAMS = PURCHASE_PARAMS + SPEND_PARAMS
Z_90 = 1.6448536269514722  # two-sided 90% normal quantile
SCORES = ("p_alive", "expected_purchases", "clv")
MIN_REPEAT_CUSTOMERS = 20
REASONS = ("no_orders", "too_few_repeat_customers", "not_converged", "degenerate")
GRADIENTS = tuple(f"d_{score}_{param}" for param in PARAMS for score in ("expected_purchases", "clv"))


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
    reason: str | None = None  # one of ``REASONS`` when the scores are not estimable; None when they hold

    @property
    def estimable(self) -> bool:
        return self.reason is None


def purchase_histories(store: Store, end: date, f: Filters | None = None) -> pd.DataFrame:
    """``customer_id, region, channel, industry, manager_id, churned, frequency, recency, T,
    monetary_value, margin_rate`` for customers with an order before ``end``, lost ones included;
    days of purchase count as purchases, monetary value is the mean revenue of the repeat purchase days, and
    the margin rate is unknown (NaN) when a line's unit cost is."""
    where, params = dimension_filter(f, "s") if f is not None else ("", {})
    return store.query(f"""
        WITH days AS (
            SELECT s.customer_id, s.ordered_on, sum(s.revenue) AS revenue,
                   CASE WHEN bool_and(s.margin IS NOT NULL) THEN sum(s.margin) END AS margin
            FROM sales s WHERE s.ordered_on < $end {where} GROUP BY s.customer_id, s.ordered_on),
        ranked AS (SELECT *, row_number() OVER (PARTITION BY customer_id ORDER BY ordered_on) AS k FROM days)
        SELECT r.customer_id, c.region, c.channel, c.industry, c.manager_id,
               coalesce(c.churned_on < $end, FALSE) AS churned,
               count(*) - 1 AS frequency,
               (max(r.ordered_on) - min(r.ordered_on)) / $month AS recency,
               (CAST($end AS DATE) - min(r.ordered_on)) / $month AS T,
               coalesce(avg(r.revenue) FILTER (WHERE r.k > 1), 0) AS monetary_value,
               CASE WHEN count(r.margin) = count(*)  -- a line of unknown cost: margin rate (and CLV) unknown
                    THEN greatest(least(sum(r.margin) / nullif(sum(r.revenue), 0), 1), 0) END AS margin_rate
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


def _scores(purchases: clv.BgNbdFit, spend: clv.GammaGammaFit, h: pd.DataFrame, pairs: clv.Pairs, bg=None,
            gg=None) -> dict:
    from metrics.customers import clv

    x, t_x, T = h["frequency"].to_numpy(), h["recency"].to_numpy(), h["T"].to_numpy()
    per_purchase = spend.conditional_expected_average_profit(x, h["monetary_value"].to_numpy(), gg)
    discounted = clv.discounted_expected_purchases(purchases, x, t_x, T, horizon=HORIZON_MONTHS,
                                                   discount_rate=MONTHLY_DISCOUNT, purchase_params=bg, pairs=pairs)
    return {"expected_purchases": purchases.conditional_expected_purchases(HORIZON_MONTHS, x, t_x, T, bg,
                                                                          pairs=pairs),
            "discounted": discounted, "per_purchase": per_purchase}


class _NotEstimable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _converged(fit: clv.BgNbdFit | clv.GammaGammaFit) -> None:
    """Raise when the fit's last search stopped short or its estimates are degenerate."""
    searched = getattr(getattr(fit, "result", None), "mle_retvals", None) or {}
    if not searched.get("converged", True):
        raise _NotEstimable("not_converged")
    params, bse = fit.params.to_numpy(), fit.bse.to_numpy()
    if not (np.isfinite(params).all() and (params > 0).all() and np.isfinite(bse).all()):
        raise _NotEstimable("degenerate")


def _fits(sample: pd.DataFrame) -> tuple[clv.BgNbdFit, clv.GammaGammaFit]:
    """Both fits on ``sample``, their warnings caught: a fit that does not hold raises ``_NotEstimable``."""
    from metrics.customers import clv

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")  # judged by the results below, never printed
        try:
            purchases = clv.fit_bgnbd(sample["frequency"], sample["recency"], sample["T"])
            spend = clv.fit_gamma_gamma(sample["frequency"], sample["monetary_value"])
        except (ValueError, np.linalg.LinAlgError, FloatingPointError, OverflowError) as error:
            raise _NotEstimable("not_converged") from error
    _converged(purchases)
    _converged(spend)
    return purchases, spend


def not_estimable(histories: pd.DataFrame, *, calibration_end: date, reason: str) -> LifetimeValues:
    """The customers of ``histories`` with every score unknown (NaN; gradients 0) and the ``reason``."""
    table = histories.reset_index(drop=True).copy()
    for name in SCORES:
        table[name] = np.nan
    table = pd.concat([table, pd.DataFrame(0.0, index=table.index, columns=list(GRADIENTS))], axis=1)
    fit = pd.DataFrame(columns=["model", "param", "value", "se"])
    cov = pd.DataFrame(np.nan, index=list(PARAMS), columns=list(PARAMS))
    return LifetimeValues(table, fit, cov, calibration_end, reason)


def score(histories: pd.DataFrame, *, calibration_end: date) -> LifetimeValues:
    """Fit both models on ``histories`` (a fixed sample past ``MAX_FIT_CUSTOMERS``) and score every
    customer: probability alive, expected purchases and lifetime value (gross margin, discounted) over
    the next 12 months, with the gradients of the last two in the 7 parameters (central differences)
    for delta-method intervals of any group's totals. Not estimable (see the module's docstring): every
    score unknown and the reason given."""
    h = histories.reset_index(drop=True)
    if h.empty:
        return not_estimable(h, calibration_end=calibration_end, reason="no_orders")
    if int((h["frequency"] > 0).sum()) < MIN_REPEAT_CUSTOMERS:
        return not_estimable(h, calibration_end=calibration_end, reason="too_few_repeat_customers")
    sample = h if len(h) <= MAX_FIT_CUSTOMERS else h.sample(MAX_FIT_CUSTOMERS, random_state=0)
    try:
        purchases, spend = _fits(sample)
        with np.errstate(all="ignore"):
            values = _scored(purchases, spend, h, calibration_end)
    except _NotEstimable as error:
        return not_estimable(h, calibration_end=calibration_end, reason=error.reason)
    return values


def _scored(purchases: clv.BgNbdFit, spend: clv.GammaGammaFit, h: pd.DataFrame, calibration_end: date
            ) -> LifetimeValues:
    fit, cov = _fit_frame(purchases, spend)
    margin = h["margin_rate"].to_numpy()
    from metrics.customers import clv

    pairs = clv.Pairs.of(h["frequency"], h["T"])  # the scores' costly part, once per distinct (x, T)
    base = _scores(purchases, spend, h, pairs)
    table = h.copy()
    table["p_alive"] = purchases.probability_alive(h["frequency"], h["recency"], h["T"])
    table["expected_purchases"] = base["expected_purchases"]
    table["clv"] = base["per_purchase"] * base["discounted"] * margin
    scores = table[["p_alive", "expected_purchases"]].to_numpy()
    spend_per_purchase = np.asarray(base["per_purchase"], dtype=float)
    # q <= 1: the mean spend per purchase, p * gamma / (q - 1), is infinite or negative
    if not (np.isfinite(scores).all() and np.isfinite(spend_per_purchase).all() and (spend_per_purchase > 0).all()):
        raise _NotEstimable("degenerate")
    bg0, gg0 = purchases.params.to_numpy(), spend.params.to_numpy()
    gradients = {}
    for i, name in enumerate(PURCHASE_PARAMS):
        step = 1e-4 * abs(bg0[i])
        up, down = bg0.copy(), bg0.copy()
        up[i] += step
        down[i] -= step
        hi, lo = _scores(purchases, spend, h, pairs, bg=up), _scores(purchases, spend, h, pairs, bg=down)
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
    """Refresh step: the fits and scores for the default calibration end, stored in the store, with whether
    they hold (``lifetime_status``: calibration_end, reason; a NULL reason when they do)."""
    end = default_end(store)
    values = compute(store, end) if end is not None else not_estimable(
        pd.DataFrame(columns=["customer_id"]), calibration_end=None, reason="no_orders")
    customers = values.table.assign(calibration_end=end)
    fit = values.fit.assign(calibration_end=end)
    cov = values.cov.stack().rename_axis(["row_param", "col_param"]).rename("value").reset_index().assign(
        calibration_end=end)
    status = pd.DataFrame({"calibration_end": pd.Series([end], dtype="datetime64[us]"),
                           "reason": pd.Series([values.reason], dtype="string")})
    for name, frame in (("customer_lifetime", customers), ("lifetime_fit", fit), ("lifetime_cov", cov),
                        ("lifetime_status", status)):
        write_table(connection, name, frame)


def _dimension_mask(table: pd.DataFrame, f: Filters) -> np.ndarray:
    mask = np.ones(len(table), dtype=bool)
    for name, values in f.dimensions.items():
        column = "manager_id" if name == "manager" else name
        mask &= table[column].isin(list(values)).to_numpy()
    return mask


NOT_STORED = "not_stored"  # :func:`stored_reason`: the refresh stored no values for that calibration end


def stored_reason(store: Store, calibration_end: date) -> str | None:
    """The ``reason`` :func:`stored` would give its values, read without their rows (a million customers' scores
    read to print a note took 1.5 s): ``None`` when they hold, :data:`NOT_STORED` when :func:`stored` has none."""
    if not store.has_table("customer_lifetime"):
        return NOT_STORED
    reason = _status_reason(store, calibration_end)
    if reason is not None:
        return reason
    fitted = store.query("SELECT count(*) AS n FROM lifetime_fit WHERE calibration_end = $end",
                         {"end": calibration_end})
    return None if int(fitted["n"].iloc[0]) else NOT_STORED


def _status_reason(store: Store, calibration_end: date) -> str | None:
    """The reason the refresh recorded for ``calibration_end`` (``lifetime_status``); ``None`` when none."""
    if not store.has_table("lifetime_status"):
        return None
    status = store.query("SELECT reason FROM lifetime_status WHERE calibration_end = $end", {"end": calibration_end})
    return None if status.empty or pd.isna(status["reason"].iloc[0]) else str(status["reason"].iloc[0])


def stored_scores(store: Store, f: Filters) -> pd.DataFrame | None:
    """``customer_id`` and :data:`SCORES` of the customers of ``f`` (its dimension filters), as :func:`lifetime_values`
    scores them, read alone when the refresh stored them and they hold (the table's other 25 columns cost a
    million-customer page 1.4 s); ``None`` otherwise."""
    if stored_reason(store, f.end_exclusive) is not None:
        return None
    where, params = dimension_filter(f, "l")
    return store.query(f"SELECT l.customer_id, {', '.join(f'l.{name}' for name in SCORES)} FROM customer_lifetime l "
                       f"WHERE l.calibration_end = $end {where} ORDER BY l.customer_id",
                       {**params, "end": f.end_exclusive})


def stored(store: Store, calibration_end: date) -> LifetimeValues | None:
    """The precomputed values for ``calibration_end`` (not estimable ones with their reason), or ``None`` when
    the refresh did not store them."""
    if not store.has_table("customer_lifetime"):
        return None
    params = {"end": calibration_end}
    reason = _status_reason(store, calibration_end)
    table = store.query("SELECT * EXCLUDE (calibration_end) FROM customer_lifetime WHERE calibration_end = $end "
                        "ORDER BY customer_id", params)
    if reason is not None:
        return not_estimable(table.drop(columns=[*SCORES, *GRADIENTS], errors="ignore"),
                             calibration_end=calibration_end, reason=reason)
    fit = store.query("SELECT model, param, value, se FROM lifetime_fit WHERE calibration_end = $end", params)
    if fit.empty:
        return None
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
    return LifetimeValues(table, values.fit, values.cov, values.calibration_end, values.reason)


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
        # lost customers add nothing (their scores are NaN); an alive one's unknown value makes the total unknown
        point = (float(rows.loc[~rows["churned"].astype(bool), name].sum(skipna=False)) if values.estimable
                 else np.nan)
        spread = Z_90 * float(np.sqrt(max(gradient @ cov @ gradient, 0.0))) if np.isfinite(cov).all() else np.nan
        out.append({"statistic": name, "value": point, "low": point - spread, "high": point + spread})
    return pd.DataFrame(out)
