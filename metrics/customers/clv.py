"""Customer lifetime value: the BG/NBD purchase model and the Gamma-Gamma spend model.

Both are statsmodels ``GenericLikelihoodModel`` subclasses fitted by maximum likelihood, so a fit
carries standard errors, a covariance matrix and a summary. Inputs follow the usual column
vocabulary (``frequency, recency, T, monetary_value``) in one consistent time unit:

frequency
    repeat purchases (purchases after the first) in the calibration period
recency
    age of the customer at the last purchase (time from first to last purchase)
T
    age of the customer at the end of the calibration period
monetary_value
    mean value of the repeat purchases (only customers with ``frequency > 0``)

Sources: P. S. Fader, B. G. S. Hardie and K. L. Lee (2005), "Counting Your Customers the Easy Way:
An Alternative to the Pareto/NBD Model", Marketing Science 24(2) (BG/NBD likelihood, eq. 6;
expected purchases, eq. 10; P(alive), eq. 11). P. S. Fader and B. G. S. Hardie (2013), "The
Gamma-Gamma Model of Monetary Value" (likelihood, eq. 5; conditional expected spend, eq. 6).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import betaln, gammaln, hyp2f1
from statsmodels.base.model import GenericLikelihoodModel, GenericLikelihoodModelResults

from metrics.customers.clv_params import BGNBD_PARAMS, GAMMA_GAMMA_PARAMS


def _array(values) -> np.ndarray:
    return np.asarray(values, dtype=float)


class _TwoStepFit(GenericLikelihoodModel):
    """Maximum likelihood in two steps: a short Nelder-Mead search (robust from any start), then BFGS to
    the optimum; the Hessian, hence the standard errors, comes from the last step only."""

    def fit(self, start_params=None, method="nm", maxiter=800, **kwargs):
        start = np.ones(len(self.exog_names)) if start_params is None else start_params
        rough = super().fit(start_params=start, method=method, maxiter=maxiter, disp=0, skip_hessian=True, **kwargs)
        return super().fit(start_params=rough.params, method="bfgs", maxiter=2_000, disp=0, **kwargs)


class BetaGeometricNBD(_TwoStepFit):
    """BG/NBD: purchases follow a Poisson process (gamma-distributed rates: r, alpha) until the
    customer drops out after a purchase with a beta-distributed probability (a, b)."""

    def __init__(self, frequency, recency, T, **kwds):
        self.x, self.t_x, self.T = _array(frequency), _array(recency), _array(T)
        super().__init__(endog=self.x, exog=None, extra_params_names=BGNBD_PARAMS, **kwds)

    def loglikeobs(self, params):
        r, alpha, a, b = params
        if min(params) <= 0:
            return np.full(self.x.shape, -1e12)
        x, t_x, T = self.x, self.t_x, self.T
        a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        a2 = betaln(a, b + x) - betaln(a, b)
        a3 = -(r + x) * np.log(alpha + T)
        with np.errstate(divide="ignore", invalid="ignore"):
            a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-12)) - (r + x) * np.log(alpha + t_x),
                          -np.inf)
        return a1 + a2 + np.logaddexp(a3, a4)


class GammaGamma(_TwoStepFit):
    """Gamma-Gamma: each transaction's value is gamma(p, nu) with nu ~ gamma(q, gamma) across customers."""

    def __init__(self, frequency, monetary_value, **kwds):
        self.x, self.m = _array(frequency), _array(monetary_value)
        if (self.x <= 0).any() or (self.m <= 0).any():
            raise ValueError("Gamma-Gamma needs customers with frequency > 0 and a positive monetary_value")
        super().__init__(endog=self.m, exog=None, extra_params_names=GAMMA_GAMMA_PARAMS, **kwds)

    def loglikeobs(self, params):
        p, q, gamma = params
        if min(params) <= 0:
            return np.full(self.x.shape, -1e12)
        x, m = self.x, self.m
        return (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(gamma)
                + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(x * m + gamma))


@dataclass(frozen=True)
class _Fit:
    """A fitted model: named ``params``, their standard errors ``bse``, ``cov`` and the statsmodels
    ``result`` (with its ``summary()``)."""

    result: GenericLikelihoodModelResults

    @property
    def names(self) -> list[str]:
        return list(self.result.model.exog_names)

    @property
    def params(self) -> pd.Series:
        return pd.Series(np.asarray(self.result.params), index=self.names)

    @property
    def bse(self) -> pd.Series:
        return pd.Series(np.asarray(self.result.bse), index=self.names)

    @property
    def cov(self) -> np.ndarray:
        return np.asarray(self.result.cov_params())

    def summary(self):
        return self.result.summary()


class BgNbdFit(_Fit):
    """A fitted BG/NBD: ``params`` r, alpha, a, b."""

    def conditional_expected_purchases(self, t, frequency, recency, T, params=None, *,
                                       pairs: Pairs | None = None) -> np.ndarray:
        """Expected purchases in the next ``t`` time units for customers with this history (eq. 10); ``pairs``
        (of these customers, ``t`` one number): its hypergeometric part computed once per distinct pair."""
        r, alpha, a, b = self.params if params is None else params
        x, t_x, T, t = _array(frequency), _array(recency), _array(T), _array(t)
        if pairs is None:
            numerator = _expected_numerator(r, alpha, a, b, x, T, t)
        else:
            numerator = _expected_numerator(r, alpha, a, b, pairs.x, pairs.T, t)[pairs.inverse]
        return numerator / _still_alive_odds(r, alpha, a, b, x, t_x, T)

    def probability_alive(self, frequency, recency, T, params=None) -> np.ndarray:
        """P(the customer is still active | history) (eq. 11)."""
        r, alpha, a, b = self.params if params is None else params
        return 1 / _still_alive_odds(r, alpha, a, b, _array(frequency), _array(recency), _array(T))


def _expected_numerator(r, alpha, a, b, x, T, t) -> np.ndarray:
    """Eq. 10 before its division by the odds of being alive: a function of x and T alone."""
    z = t / (alpha + T + t)
    first = (a + b + x - 1) / (a - 1)
    return first * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z))


@dataclass(frozen=True)
class Pairs:
    """The distinct (frequency, T) of some customers and each customer's row among them (``inverse``). Eq. 10's
    hypergeometric part depends on a history through these two alone: purchases are whole numbers and ages whole
    days, so a million customers hold some tens of thousands of pairs, and scoring them all (a dozen periods, times
    the parameters' gradients) evaluates it on those, not on every customer."""

    x: np.ndarray
    T: np.ndarray
    inverse: np.ndarray

    @classmethod
    def of(cls, frequency, T) -> Pairs:
        found, inverse = np.unique(np.column_stack([_array(frequency), _array(T)]), axis=0, return_inverse=True)
        return cls(found[:, 0], found[:, 1], inverse.ravel())


def _still_alive_odds(r, alpha, a, b, x, t_x, T) -> np.ndarray:
    ratio = np.where(x > 0, a / np.maximum(b + x - 1, 1e-12) * ((alpha + T) / (alpha + t_x)) ** (r + x), 0.0)
    return 1 + ratio


class GammaGammaFit(_Fit):
    """A fitted Gamma-Gamma: ``params`` p, q, gamma."""

    def conditional_expected_average_profit(self, frequency, monetary_value, params=None) -> np.ndarray:
        """E(spend per transaction | x, m_x) (eq. 6); the population mean for customers with x = 0."""
        p, q, gamma = self.params if params is None else params
        x, m = _array(frequency), _array(monetary_value)
        q = np.float64(q)  # a degenerate fit (tiny data, q = 1) gives inf/NaN here, never ZeroDivisionError
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(x > 0, p * (gamma + x * m) / (p * x + q - 1), p * gamma / (q - 1))


def fit_bgnbd(frequency, recency, T) -> BgNbdFit:
    """Fit the BG/NBD model by maximum likelihood (Nelder-Mead, polished by BFGS)."""
    return BgNbdFit(BetaGeometricNBD(frequency, recency, T).fit())


def fit_gamma_gamma(frequency, monetary_value) -> GammaGammaFit:
    """Fit the Gamma-Gamma model on customers with repeat purchases (frequency > 0)."""
    x, m = _array(frequency), _array(monetary_value)
    keep = (x > 0) & (m > 0)
    return GammaGammaFit(GammaGamma(x[keep], m[keep]).fit())


def discounted_expected_purchases(purchases: BgNbdFit, frequency, recency, T, *, horizon: int = 12,
                                  discount_rate: float = 0.01, purchase_params=None,
                                  pairs: Pairs | None = None) -> np.ndarray:
    """Expected purchases in each of the next ``horizon`` periods, each discounted by ``discount_rate``
    per period, summed: the factor that turns a spend per purchase into a lifetime value (``pairs``: see
    :class:`Pairs`)."""
    total = np.zeros_like(_array(T))
    previous = np.zeros_like(total)
    for period in range(1, horizon + 1):
        cumulative = purchases.conditional_expected_purchases(period, frequency, recency, T, purchase_params,
                                                              pairs=pairs)
        total += (cumulative - previous) / (1 + discount_rate) ** period
        previous = cumulative
    return total


def customer_lifetime_value(purchases: BgNbdFit, spend: GammaGammaFit, frequency, recency, T, monetary_value, *,
                            horizon: int = 12, discount_rate: float = 0.01, margin: float = 1.0,
                            purchase_params=None, spend_params=None) -> np.ndarray:
    """Discounted value of the next ``horizon`` periods: expected purchases in each period times the
    expected spend per purchase times ``margin``, discounted by ``discount_rate`` per period."""
    value = spend.conditional_expected_average_profit(frequency, monetary_value, spend_params) * margin
    return value * discounted_expected_purchases(purchases, frequency, recency, T, horizon=horizon,
                                                 discount_rate=discount_rate, purchase_params=purchase_params)


def interval(statistic, fit: BgNbdFit | GammaGammaFit, *, draws: int = 200, level: float = 0.9,
             seed: int = 0) -> tuple[float, float]:
    """An interval for ``statistic(params)`` from parameter draws of the fit's normal approximation
    (its estimated covariance); draws with a non-positive parameter are left out."""
    rng = np.random.default_rng(seed)
    try:
        covariance = fit.cov
    except ValueError:  # a parameter on its bound: no covariance, so no interval
        return float("nan"), float("nan")
    samples = rng.multivariate_normal(fit.params.to_numpy(), covariance, size=draws)
    values = [statistic(s) for s in samples if (s > 0).all()]
    low, high = np.quantile(values, [(1 - level) / 2, (1 + level) / 2])
    return float(low), float(high)
