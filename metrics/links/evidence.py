"""Evidence for one strategy-map arrow on two monthly KPI series, calibrated for persistent series.

Why not a regression t-test: KPI series are persistent (levels, rates, stocks). Regressing one trending or
integrated series on another finds "significant" links between independent series most of the time
(Granger & Newbold 1974), and choosing the best of several lags makes it worse. Here:

Model (an ARDL(1, 0) with a trend, Pesaran, Shin & Smith 2001), for each lag L = 0..``max_lag`` on one
common sample of months t::

    y_t = a + c t + rho y_{t-1} + beta_L x_{t-L} + e_t

The target's own last month carries its persistence: a stock (``y_t = y_{t-1} + k x_{t-1} + e``) is read
with rho near 1 and beta = k, a flow (``y_t = k x_{t-L} + e``) with rho near 0 and beta = k, and an
integrated target is in effect modelled in differences (as Toda & Yamamoto 1995 keep levels and add the
lags the integration needs). The lag is the one with the least residual sum of squares (the AIC, every lag
having the same number of terms), i.e. the largest |t| of beta_L.

Null distribution of the whole procedure, lag search included: the source is replaced by ``replicates``
surrogates that keep its own dynamics and are independent of the target (a sieve bootstrap, Bühlmann 1997:
an autoregression of the source, in differences when it looks integrated, driven by its resampled
residuals), and the same search is run on each. The p-value is the share of surrogates whose best |t| is at
least the observed one (Davison & Hinkley 1997, eq. 4.11); the 95% interval is beta +- the 95% quantile of
those |t| times beta's standard error, so it excludes zero when p < 0.05 (up to the replicates'
resolution). The target is kept as it is, so nothing needs to be assumed about its dynamics: under "the
source is independent of the target" the test has its nominal size as far as the surrogates reproduce the
source's persistence (``tests/metrics/links/test_simulation.py`` measures it).

Effects are in target units per unit of the source, in the month ``lag_months`` after the source moved.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

Verdict = Literal["supported", "contradicted", "not_shown", "not_enough_data"]
VERDICTS: tuple[str, ...] = ("supported", "contradicted", "not_shown", "not_enough_data")
ALPHA = 0.05
MAX_LAG = 6
MIN_ROWS = 18  # fewer months than this in the regression: not enough data
REPLICATES = 999
SIEVE_MAX_ORDER = 2
METHOD = "ardl_sieve"
CRITICAL_NORMAL = 1.959963984540054  # the normal 97.5% quantile: std_error is the half-width over it


@dataclass(frozen=True)
class LinkEvidence:
    """What two series say about one arrow. ``effect``, ``ci_low``, ``ci_high``: target units per unit of
    source; ``p_value``: share of source surrogates at least as strongly linked (lag search included);
    ``n``: months in the regression; ``reason``: why nothing was measured (else empty); ``std_error``: the
    interval's half-width over 1.96 (the spread a normal draw of the effect needs to give that interval)."""

    verdict: Verdict
    effect: float = math.nan
    ci_low: float = math.nan
    ci_high: float = math.nan
    p_value: float = math.nan
    lag_months: int | None = None
    n: int = 0
    method: str = METHOD
    reason: str = ""
    r2: float = math.nan
    std_error: float = math.nan  # beta's least-squares standard error at the chosen lag


def not_enough(reason: str, method: str = METHOD, n: int = 0) -> LinkEvidence:
    return LinkEvidence(verdict="not_enough_data", method=method, reason=reason, n=n)


def verdict_for(p_value: float, effect: float, expected_sign: int, alpha: float = ALPHA) -> Verdict:
    """supported / contradicted when ``p_value`` (or a q-value) is below ``alpha``, by the effect's sign."""
    if not (math.isfinite(p_value) and math.isfinite(effect)):
        return "not_enough_data"
    if p_value >= alpha or effect == 0:
        return "not_shown"
    return "supported" if np.sign(effect) == np.sign(expected_sign) else "contradicted"


# --- the source's surrogates -----------------------------------------------------------------------
def _ar_fit(z: np.ndarray, order: int, trend: bool) -> tuple[np.ndarray, np.ndarray, float]:
    """OLS of z_t on a constant (and a trend), z_{t-1..t-order}: coefficients, residuals, AIC."""
    n = z.size - order
    columns = [np.ones(n)] + ([np.arange(n, dtype=float)] if trend else [])
    columns += [z[order - i - 1: z.size - i - 1] for i in range(order)]
    design = np.column_stack(columns)
    coef = np.linalg.lstsq(design, z[order:], rcond=None)[0]
    residual = z[order:] - design @ coef
    rss = max(float(residual @ residual), 1e-300)
    return coef, residual, n * math.log(rss / n) + 2 * design.shape[1]


def integrated(x: np.ndarray) -> bool:
    """Whether ``x`` looks integrated: its AR(1) coefficient around a trend, corrected for the small-sample
    bias of least squares (about -(2 + 4 rho) / n with a trend; Kendall 1954, Shaman & Stine 1988), is
    0.9 or more. A persistent stationary source surrogated as integrated only makes the test stricter."""
    if x.size < 8:
        return True
    coef = _ar_fit(x, 1, trend=True)[0]
    rho = float(coef[-1])
    return rho + (2 + 4 * rho) / x.size >= 0.9


def surrogates(x: np.ndarray, replicates: int, rng: np.random.Generator) -> np.ndarray:
    """``replicates`` x len(x) series with the dynamics of ``x`` and none of its link to anything: a sieve
    bootstrap (AR of order 1..2 by AIC, on the differences when ``x`` looks integrated, on the levels
    around a trend otherwise), started at the observed first values, driven by resampled residuals."""
    diff = integrated(x)
    z = np.diff(x) if diff else x
    fits = [(_ar_fit(z, p, trend=not diff), p) for p in range(1, min(SIEVE_MAX_ORDER, z.size // 6) + 1)]
    (coef, residual, _), order = min(fits, key=lambda f: f[0][2])
    residual = residual - residual.mean()
    shocks = rng.choice(residual, size=(replicates, z.size - order), replace=True)
    out = np.empty((replicates, z.size))
    out[:, :order] = z[:order]
    lead = 2 if not diff else 1  # constant (and trend) before the autoregressive coefficients
    for t in range(order, z.size):
        value = coef[0] + (coef[1] * (t - order) if not diff else 0.0) + shocks[:, t - order]
        for i in range(order):
            value = value + coef[lead + i] * out[:, t - i - 1]
        out[:, t] = value
    if diff:
        out = x[0] + np.concatenate([np.zeros((replicates, 1)), np.cumsum(out, axis=1)], axis=1)
    return out


# --- the search and its statistic ------------------------------------------------------------------
@dataclass(frozen=True)
class Design:
    """Rows of the regression (positions ``rows`` of the series), the target after the controls are
    partialled out (``y_res``), the controls' orthonormal basis ``q`` and the residual degrees of freedom."""

    rows: np.ndarray
    y_res: np.ndarray
    q: np.ndarray
    dof: int
    y_total: float


def partial_out(q: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """``columns`` (..., n) less their projection on the orthonormal basis ``q`` (n x k)."""
    flat = columns.reshape(-1, columns.shape[-1])  # one matrix product, not a batch of small ones
    return (flat - (flat @ q) @ q.T).reshape(columns.shape)


def best_lag(design: Design, x: np.ndarray, max_lag: int) -> tuple[np.ndarray, ...]:
    """For source series ``x`` (..., T): the lag with the largest |t| of its coefficient, that |t|, and the
    coefficient, its standard error and the residual sum of squares there (each of shape ``x.shape[:-1]``)."""
    lagged = np.stack([x[..., design.rows - lag] for lag in range(max_lag + 1)], axis=-2)  # (..., lags, n)
    xr = partial_out(design.q, lagged)
    sxx = np.einsum("...n,...n->...", xr, xr)
    sxy = xr @ design.y_res
    with np.errstate(divide="ignore", invalid="ignore"):
        beta = sxy / sxx
        rss = np.maximum(design.y_res @ design.y_res - beta * sxy, 1e-300)
        se = np.sqrt(rss / design.dof / sxx)
        tstat = np.where(sxx > 1e-12 * max(float(np.max(sxx, initial=0.0)), 1e-300), np.abs(beta / se), 0.0)
    lag = np.argmax(tstat, axis=-1)
    pick = lambda a: np.take_along_axis(a, lag[..., None], axis=-1)[..., 0]  # noqa: E731
    return lag, pick(tstat), pick(beta), pick(se), pick(rss)


def search_result(design: Design, x: np.ndarray, x_star: np.ndarray, max_lag: int,
                  expected_sign: int, method: str) -> LinkEvidence:
    """The observed search on ``x`` against the same search on each surrogate in ``x_star``."""
    lag, tstat, beta, se, rss = (float(v) for v in best_lag(design, x, max_lag))
    null = best_lag(design, x_star, max_lag)[1]
    null = null[np.isfinite(null)]
    if not (math.isfinite(beta) and math.isfinite(se) and null.size):
        return not_enough("The source does not vary over the months the target was measured.", method)
    p_value = (1 + int(np.sum(null >= tstat - 1e-12))) / (null.size + 1)
    critical = float(np.quantile(null, 1 - ALPHA))
    r2 = 1 - rss / design.y_total if design.y_total > 0 else math.nan
    return LinkEvidence(verdict=verdict_for(p_value, beta, expected_sign), effect=beta, ci_low=beta - critical * se,
                        ci_high=beta + critical * se, p_value=p_value, lag_months=int(lag), n=int(design.rows.size),
                        method=method, r2=float(r2), std_error=critical * se / CRITICAL_NORMAL)


# --- one pair of monthly series --------------------------------------------------------------------
def longest_run(ok: np.ndarray) -> tuple[int, int]:
    """[start, end) of the longest run of True in ``ok`` ((0, 0) when none)."""
    best, start = (0, 0), None
    for i, flag in enumerate(np.r_[ok, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            best = max(best, (start, i), key=lambda r: r[1] - r[0])
            start = None
    return best


def own_lags(y: np.ndarray, rows: np.ndarray) -> list[np.ndarray]:
    """The target's own past as controls: its last month, and the month before when that lowers the AIC of
    the target's autoregression (a target that accumulates a stock of the source, e.g. completeness rising
    with every trained manager's new customers, needs two). Chosen from the target alone, so the choice
    does not depend on the source and the null distribution stays that of the whole procedure."""
    one = [y[rows - 1]]
    if rows.min() < 2 or not np.isfinite(y[rows - 2]).all():
        return one
    two = [*one, y[rows - 2]]
    base = [np.ones(rows.size), rows.astype(float)]

    def aic(columns: list[np.ndarray]) -> float:
        design = np.column_stack(base + columns)
        residual = y[rows] - design @ np.linalg.lstsq(design, y[rows], rcond=None)[0]
        return rows.size * math.log(max(float(residual @ residual), 1e-300) / rows.size) + 2 * design.shape[1]

    return two if aic(two) < aic(one) else one


def pair_design(x: np.ndarray, y: np.ndarray, max_lag: int) -> Design | str:
    """The regression's rows and controls, or the reason there are not enough months."""
    start, end = longest_run(np.isfinite(x))
    x, y = x[start:end], y[start:end]
    rows = np.arange(max_lag + 1, x.size)
    rows = rows[np.isfinite(y[rows]) & np.isfinite(y[rows - 1])]
    if rows.size < MIN_ROWS:
        return (f"Only {rows.size} months have the target, its previous month and the source the months "
                f"before; {MIN_ROWS} are needed.")
    target = y[rows]
    if np.ptp(target) == 0:
        return "The target does not change over the months measured."
    controls = np.column_stack([np.ones(rows.size), (rows - rows[0]) / rows.size,
                                *own_lags(y, rows)])
    q, r = np.linalg.qr(controls)
    q = q[:, np.abs(np.diag(r)) > 1e-10 * np.abs(r).max()]
    y_res = target - q @ (q.T @ target)
    return Design(rows=rows + start, y_res=y_res, q=q, dof=rows.size - q.shape[1] - 1,
                  y_total=float(np.sum((target - target.mean()) ** 2)))


def searched_design(x: np.ndarray, y: np.ndarray, max_lag: int) -> tuple[Design | str, int]:
    """The design for lags 0..``max_lag``, or for a shorter search when the series are too short for it (the
    longest that leaves enough months); with the longest lag searched."""
    first = None
    for lag in range(max(max_lag, 0), -1, -1):
        design = pair_design(x, y, lag)
        if isinstance(design, Design):
            return design, lag
        first = first or design
    return first, 0


def partial_points(source: pd.Series, target: pd.Series, lag: int, max_lag: int = MAX_LAG) -> pd.DataFrame:
    """The months of a fit as points (period, x, y): the source ``lag`` months before and the target, each
    less what the model's other terms (constant, trend, the target's own past) explain. By the
    Frisch-Waugh-Lovell theorem the least-squares slope through these points is the fitted effect."""
    frame = pd.concat([pd.Series(source, dtype=float), pd.Series(target, dtype=float)], axis=1).sort_index()
    x, y = frame.iloc[:, 0].to_numpy(), frame.iloc[:, 1].to_numpy()
    if not (np.isfinite(x).any() and np.isfinite(y).any()):
        return pd.DataFrame(columns=["period", "x", "y"])
    design, searched = searched_design(x, y, max_lag)
    if not isinstance(design, Design) or lag > searched:
        return pd.DataFrame(columns=["period", "x", "y"])
    xr = partial_out(design.q, np.nan_to_num(x)[design.rows - lag])
    return pd.DataFrame({"period": frame.index[design.rows], "x": xr, "y": design.y_res})


def pair_evidence(source: pd.Series, target: pd.Series, *, expected_sign: int, max_lag: int = MAX_LAG,
                  replicates: int = REPLICATES, seed: int = 0) -> LinkEvidence:
    """Whether ``source`` moves ``target`` (monthly series on the same index) the way the map's arrow says.

    Parameters
    ----------
    source, target : monthly values on one index (missing months allowed: the longest run of months with
        the source is used, and months without the target are left out).
    expected_sign : +1 when a higher source should give a higher target, -1 when a lower one.
    max_lag : the longest lag searched, in months.
    replicates : surrogates of the source in the null distribution (p-values are multiples of
        1 / (replicates + 1)).

    Returns
    -------
    LinkEvidence; ``not_enough_data`` with the reason for short, constant, gappy or missing series. Never
    raises on real data.
    """
    try:
        frame = pd.concat([pd.Series(source, dtype=float), pd.Series(target, dtype=float)], axis=1)
        frame = frame.sort_index().replace([np.inf, -np.inf], np.nan)
        x, y = frame.iloc[:, 0].to_numpy(), frame.iloc[:, 1].to_numpy()
    except (TypeError, ValueError) as error:
        return not_enough(f"The series are not numbers on one monthly index ({error}).")
    if not np.isfinite(x).any() or not np.isfinite(y).any():
        return not_enough("One of the two series has no values.")
    finite = x[np.isfinite(x)]
    if np.ptp(finite) == 0:
        return not_enough("The source does not change over the months.")
    design, max_lag = searched_design(x, y, max_lag)
    if not isinstance(design, Design):
        return not_enough(design)
    start, end = longest_run(np.isfinite(x))
    if design.dof < 2:
        return not_enough("Too few months for the terms of the model.", n=int(design.rows.size))
    rng = np.random.default_rng(seed)
    try:
        with np.errstate(all="ignore"):
            x_star = np.zeros((replicates, x.size))
            x_star[:, start:end] = surrogates(x[start:end], replicates, rng)
            return search_result(design, np.nan_to_num(x), x_star, max_lag, expected_sign, METHOD)
    except (np.linalg.LinAlgError, ValueError) as error:  # degenerate data the checks above did not catch
        return not_enough(f"The model could not be fitted to these months ({error}).", n=int(design.rows.size))
