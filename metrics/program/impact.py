"""The counterfactual effect of an intervention on a series: what would have happened without it.

A structural time-series model (local level, plus a regression on control series the intervention
did not affect) is fitted by maximum likelihood on the periods before the intervention only, then
forecast over the periods after it. The effect is the actual series minus that forecast.

Model (Durbin & Koopman 2012, *Time Series Analysis by State Space Methods*, 2nd ed., ch. 2; the
local level model with regression effects, section 6.2.2), in units standardised on the pre-period::

    y_t  = mu_t + x_t' beta + eps_t,      eps_t ~ N(0, sigma2_eps)
    mu_t+1 = mu_t + eta_t,                eta_t ~ N(0, sigma2_eta)

fitted with statsmodels ``UnobservedComponents(level="llevel", exog=x, mle_regression=False)``: the
regression coefficients are part of the state (constant over time, diffuse start, as in Durbin & Koopman
section 6.2.2), so the Kalman filter gives their exact uncertainty given the variances, and only the two
variances are estimated by maximum likelihood. This is the frequentist counterpart of Brodersen et al.
(2015), "Inferring causal impact using Bayesian structural time-series models", Annals of Applied
Statistics 9(1), the CausalImpact method.

Uncertainty comes from whole simulated paths of the counterfactual (``draws`` of them), so the interval
on the cumulative effect accounts for the correlation between months; summing pointwise bounds would
not. Each path carries three sources of uncertainty: the variances, drawn from the asymptotic normal
distribution of their maximum-likelihood estimates on the optimiser's unconstrained scale (standard
deviations, so a variance estimated at zero, common on 18 months, can still be drawn positive; the
covariance is the inverse of the negative Hessian of the log-likelihood there, by finite differences);
the state at the end of the pre-period (level and coefficients) given those variances, from the Kalman
filter; and the future state and observation shocks. Plugging in the estimated variances instead
(``parameter_draws=0``) gives intervals that are too narrow on short pre-periods: a level variance
estimated at zero makes the level a constant and any drift before the intervention looks like an effect
after it (``tests/metrics/program/test_impact.py`` measures the coverage). The simulation uses
``numpy.random.default_rng(seed)``: the same inputs and seed give the same numbers.

Validated against published numbers (``tests/metrics/program/test_impact.py``): the Nile river flow
(Durbin & Koopman 2012, section 2.10: sigma2_eps = 15099, sigma2_eta = 1469.1; also reproduced by
statsmodels' ``UnobservedComponents`` in C. Fulton, "Estimating time series models by state space
methods in Python: Statsmodels", log-likelihood -632.538) and the drop in the Nile's level after the
Aswan dam of 1899 (Cobb 1978, Biometrika 65: from about 1100 to about 850 x 10^8 m^3).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

FRAME_COLUMNS = ["actual", "predicted", "predicted_low", "predicted_high", "effect", "effect_low", "effect_high",
                 "cumulative_effect", "cumulative_low", "cumulative_high"]
DRAWS = 1000
PARAMETER_DRAWS = 200  # variance draws; each gives DRAWS / PARAMETER_DRAWS paths
MIN_PRE_PERIODS = 6


@dataclass(frozen=True)
class Impact:
    """The estimated effect over the post period, in the units of ``y``.

    ``frame`` has one row per post period with the columns of ``FRAME_COLUMNS``: the actual value,
    the counterfactual prediction and its pointwise interval, the effect (actual - predicted) with
    its interval, and the running cumulative effect with its interval (from whole paths).
    ``effect_draws`` holds the simulated effect paths (draws x post periods), so later sums
    (discounted benefits, payback) carry the same uncertainty. ``params`` are the maximum-likelihood
    variances (in the squared units of ``y``).
    """

    cumulative: float
    cumulative_low: float
    cumulative_high: float
    average: float
    probability_no_effect: float
    frame: pd.DataFrame
    alpha: float
    params: dict[str, float]
    effect_draws: np.ndarray = field(repr=False, compare=False)
    parameter_draws: int = 0  # variance draws behind the paths; 0: the estimates were plugged in

    @property
    def detected(self) -> bool:
        """Whether the interval on the cumulative effect excludes zero."""
        return self.cumulative_low > 0 or self.cumulative_high < 0


def _standardise(values: np.ndarray, pre: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mean = values[:pre].mean(axis=0)
    scale = values[:pre].std(axis=0, ddof=1)
    scale = np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)
    return (values - mean) / scale, mean, scale


def _fit(z: np.ndarray, exog: np.ndarray | None):
    # statsmodels imported where a model is fitted (the refresh): the pages reading stored effects load none of it
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    model = UnobservedComponents(z, level="llevel", exog=exog, mle_regression=exog is None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on short series
        return model.fit(disp=False, maxiter=200)


def _variance_draws(result, n: int, rng: np.random.Generator) -> np.ndarray | None:
    """``n`` parameter vectors drawn from the asymptotic normal distribution of the estimates on the
    unconstrained scale, returned constrained; None when the curvature there is not negative definite."""
    from statsmodels.tools.numdiff import approx_hess3

    model = result.model
    u = np.asarray(model.untransform_params(result.params), dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        hessian = approx_hess3(u, lambda q: model.loglike(q, transformed=False))
    information = -(hessian + hessian.T) / 2
    if not np.isfinite(information).all():
        return None
    try:
        root = np.linalg.cholesky(np.linalg.inv(information))
        np.linalg.cholesky(information)  # positive definite, not just invertible
    except np.linalg.LinAlgError:
        return None
    unconstrained = u + rng.standard_normal((n, len(u))) @ root.T
    return np.array([model.transform_params(q) for q in unconstrained])


def _paths(result, n_post: int, exog_post: np.ndarray | None, *, draws: int, parameter_draws: int,
           rng: np.random.Generator) -> tuple[np.ndarray, int]:
    """Simulated counterfactual paths (draws x n_post, standardised units) and how many variance draws
    they rest on (0: the estimates plugged in)."""
    params = _variance_draws(result, parameter_draws, rng) if parameter_draws else None
    if params is None:
        sim = result.simulate(n_post, anchor="end", repetitions=draws, rng=rng, exog=exog_post)
        return np.asarray(sim).reshape(n_post, draws).T, 0
    per = -(-draws // len(params))
    paths = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for p in params:
            filtered = result.model.filter(p)
            sim = filtered.simulate(n_post, anchor="end", repetitions=per, rng=rng, exog=exog_post)
            paths.append(np.asarray(sim).reshape(n_post, per).T)
    return np.vstack(paths)[:draws], len(params)


def _params(result, y_scale: float) -> dict[str, float]:
    """Fitted parameters; variances back in the squared units of ``y``, coefficients per pre-period sd."""
    names = result.model.param_names
    values = np.asarray(result.params, dtype=float)
    return {name: float(v * y_scale**2 if name.startswith("sigma2") else v)
            for name, v in zip(names, values, strict=True)}


def fit_level_model(y: pd.Series) -> dict[str, float]:
    """Maximum-likelihood parameters of the local level model of ``y`` (all periods), in ``y``'s units.

    The same fit :func:`counterfactual_effect` runs on its pre-period: ``sigma2.irregular`` is
    sigma2_eps, ``sigma2.level`` is sigma2_eta.
    """
    values = y.to_numpy(dtype=float)
    z, _, scale = _standardise(values[:, None], len(values))
    return _params(_fit(z[:, 0], None), float(scale[0]))


def counterfactual_effect(y: pd.Series, *, post_start, controls: pd.DataFrame | None = None, alpha: float = 0.05,
                          seed: int = 0, draws: int = DRAWS, parameter_draws: int = PARAMETER_DRAWS) -> Impact:
    """Effect of an intervention starting at ``post_start`` on ``y``, against a forecast from before it.

    Parameters
    ----------
    y : pandas.Series
        The outcome, one value per period, indexed by period (or position), in time order, no gaps.
    post_start
        The first index label of the post-intervention period.
    controls : pandas.DataFrame, optional
        Series the intervention did not affect, on the same index (e.g. regions not yet rolled out);
        each is standardised on the pre-period and enters as a regression term.
    alpha : float
        1 - coverage of the intervals (0.05: 95% intervals, the 2.5% and 97.5% quantiles of the draws).
    seed : int
        Seed of the path simulation.
    draws : int
        Number of simulated counterfactual paths.
    parameter_draws : int
        Number of variance draws the paths are spread over; 0 plugs the estimates in (too narrow).

    Returns
    -------
    Impact
        ``probability_no_effect`` is the one-sided tail-area probability of Brodersen et al. (2015):
        the share of simulated cumulative counterfactuals at least as far from the forecast as the
        actual cumulative value, ``min(P(sim >= actual), P(sim <= actual))`` with the actual counted once.

    Raises
    ------
    ValueError
        When ``post_start`` is not in the index, fewer than 6 pre periods (and 4 more than controls) remain,
        values are missing, or the controls do not cover ``y``'s index.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}")
    if post_start not in y.index:
        raise ValueError(f"post_start {post_start!r} is not a period of the series")
    pre = int(y.index.get_loc(post_start))
    n_post = len(y) - pre
    needed = max(MIN_PRE_PERIODS, 4 + (0 if controls is None else controls.shape[1]))
    if pre < needed:
        raise ValueError(f"need at least {needed} periods before {post_start!r}, got {pre}")
    values = y.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        raise ValueError(f"the series has missing values at {list(y.index[~np.isfinite(values)])[:5]}")
    exog = None
    if controls is not None and not controls.empty:
        if not controls.index.equals(y.index):
            raise ValueError("controls must have the same index as y")
        x = controls.to_numpy(dtype=float)
        if not np.isfinite(x).all():
            raise ValueError("controls have missing values")
        exog, _, _ = _standardise(x, pre)
    z, y_mean, y_scale = _standardise(values[:, None], pre)
    z = z[:, 0]
    y_mean, y_scale = float(y_mean[0]), float(y_scale[0])
    result = _fit(z[:pre], None if exog is None else exog[:pre])
    exog_post = None if exog is None else exog[pre:]
    forecast = result.get_forecast(n_post, exog=exog_post)
    predicted = np.asarray(forecast.predicted_mean) * y_scale + y_mean
    rng = np.random.default_rng(seed)
    paths, used = _paths(result, n_post, exog_post, draws=draws, parameter_draws=parameter_draws, rng=rng)
    paths = paths * y_scale + y_mean  # draws x n_post

    actual = values[pre:]
    effect_draws = actual[None, :] - paths
    cumulative_draws = effect_draws.cumsum(axis=1)
    lo, hi = alpha / 2, 1 - alpha / 2
    effect = actual - predicted
    frame = pd.DataFrame({
        "actual": actual,
        "predicted": predicted,
        "predicted_low": np.quantile(paths, lo, axis=0),
        "predicted_high": np.quantile(paths, hi, axis=0),
        "effect": effect,
        "effect_low": np.quantile(effect_draws, lo, axis=0),
        "effect_high": np.quantile(effect_draws, hi, axis=0),
        "cumulative_effect": effect.cumsum(),
        "cumulative_low": np.quantile(cumulative_draws, lo, axis=0),
        "cumulative_high": np.quantile(cumulative_draws, hi, axis=0),
    }, index=y.index[pre:])
    simulated_total = paths.sum(axis=1)
    actual_total = actual.sum()
    tail = min((simulated_total >= actual_total).sum() + 1, (simulated_total <= actual_total).sum() + 1)
    params = _params(result, y_scale)
    return Impact(
        cumulative=float(effect.sum()),
        cumulative_low=float(frame["cumulative_low"].iloc[-1]),
        cumulative_high=float(frame["cumulative_high"].iloc[-1]),
        average=float(effect.mean()),
        probability_no_effect=float(tail / (draws + 1)),
        frame=frame,
        alpha=alpha,
        params=params,
        effect_draws=effect_draws,
        parameter_draws=used,
    )
