"""The counterfactual (metrics.program.impact) against published numbers, a planted effect and placebos.

Published figures used:
- Durbin & Koopman (2012), Time Series Analysis by State Space Methods, 2nd ed., section 2.10:
  maximum-likelihood variances of the local level model of the Nile flow, sigma2_eps = 15099 and
  sigma2_eta = 1469.1 (statsmodels' UnobservedComponents gives 1.508e+04 and 1478.81 in C. Fulton's
  "Estimating time series models by state space methods in Python: Statsmodels" notebook).
- Cobb (1978), Biometrika 65: the Nile's level drops after 1898 (Aswan dam), from about 1100 to about
  850 (10^8 m^3); the data's own means are 1097.75 (1871-1898), 858.58 (1899-1910) and 849.97 (1899-1970).
"""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from metrics.program.impact import FRAME_COLUMNS, counterfactual_effect, fit_level_model


@pytest.fixture(scope="module")
def nile() -> pd.Series:
    data = sm.datasets.nile.load_pandas().data
    return pd.Series(data["volume"].to_numpy(dtype=float), index=data["year"].astype(int).to_numpy())


def test_nile_local_level_variances_match_durbin_koopman(nile):
    params = fit_level_model(nile)
    assert params["sigma2.irregular"] == pytest.approx(15099, rel=0.02)
    assert params["sigma2.level"] == pytest.approx(1469.1, rel=0.02)


def test_aswan_dam_drop_is_found_with_its_published_size(nile):
    """The twelve years after the dam. (Over all 72 years the cumulative interval reaches zero: 28 years
    cannot rule out a slowly wandering level that far ahead, and the drawn level variances say so.)"""
    impact = counterfactual_effect(nile.loc[:1910], post_start=1899, seed=1)
    assert impact.cumulative_high < 0
    assert impact.probability_no_effect < 0.01
    # the drop in level, by plain arithmetic on the data: 1899-1910 against 1871-1898
    assert impact.average == pytest.approx(nile.loc[1899:1910].mean() - nile.loc[:1898].mean(), abs=40)
    assert -300 < impact.average < -200


def test_placebo_before_the_dam_shows_no_effect(nile):
    impact = counterfactual_effect(nile.loc[:1898], post_start=1887, seed=1)
    assert impact.cumulative_low < 0 < impact.cumulative_high
    assert impact.probability_no_effect > 0.05


def _planted_series(seed: int, effect: float, n_pre: int = 30, n_post: int = 15):
    rng = np.random.default_rng(seed)
    n = n_pre + n_post
    control = np.cumsum(rng.normal(0, 1, n)) + 50
    level = np.cumsum(rng.normal(0, 0.3, n))
    y = 100 + 2.0 * control + level + rng.normal(0, 1.0, n)
    y[n_pre:] += effect
    index = pd.period_range("2020-01", periods=n, freq="M")
    return pd.Series(y, index=index), pd.DataFrame({"market": control}, index=index), index[n_pre]


def test_planted_effect_is_covered_and_detected_with_a_control():
    y, controls, start = _planted_series(3, effect=6.0)
    impact = counterfactual_effect(y, post_start=start, controls=controls)
    planted = 6.0 * 15
    assert impact.cumulative_low <= planted <= impact.cumulative_high
    assert impact.detected
    assert list(impact.frame.columns) == FRAME_COLUMNS
    assert impact.frame.index[0] == start


def test_without_an_effect_the_interval_covers_zero():
    y, controls, start = _planted_series(4, effect=0.0)
    impact = counterfactual_effect(y, post_start=start, controls=controls)
    assert impact.cumulative_low <= 0 <= impact.cumulative_high


def test_cumulative_interval_is_wider_than_summed_pointwise_noise_alone():
    """Whole paths: the level's random walk makes months correlated, so the cumulative band is wider than
    sqrt(n) times a month's band would be under independence."""
    y, _controls, start = _planted_series(5, effect=0.0)
    frame = counterfactual_effect(y, post_start=start).frame
    month_width = (frame["effect_high"] - frame["effect_low"]).mean()
    cumulative_width = frame["cumulative_high"].iloc[-1] - frame["cumulative_low"].iloc[-1]
    assert cumulative_width > month_width * np.sqrt(len(frame)) * 1.2


def test_same_seed_same_numbers_and_scale_follows_the_data(nile):
    a = counterfactual_effect(nile, post_start=1899, seed=2)
    b = counterfactual_effect(nile, post_start=1899, seed=2)
    assert (a.cumulative_low, a.cumulative_high) == (b.cumulative_low, b.cumulative_high)
    scaled = counterfactual_effect(nile * 1000, post_start=1899, seed=2)
    assert scaled.cumulative == pytest.approx(a.cumulative * 1000, rel=1e-3)


def _trending_control(seed: int, n_pre: int = 18, n_post: int = 18):
    """No effect; a control that keeps growing, faster after the start (like customers on the books), and a
    level that wanders a little: the shape of the program's monthly margin on a short pre-period."""
    rng = np.random.default_rng(seed)
    n = n_pre + n_post
    growth = np.r_[np.full(n_pre, 1.0), np.full(n_post, 1.6)]
    control = 50 + np.cumsum(growth + rng.normal(0, 0.3, n))
    y = 20 + control + np.cumsum(rng.normal(0, 0.3, n)) + rng.normal(0, 1.0, n)
    index = pd.period_range("2020-01", periods=n, freq="M")
    return pd.Series(y, index=index), pd.DataFrame({"customers": control}, index=index), index[n_pre]


def test_95_percent_intervals_cover_no_effect_about_95_percent_of_the_time_on_18_months():
    """Coverage over 40 series without an effect: at least 0.95 - 2.5 binomial standard errors (35 of 40).
    Plugging in the fitted coefficient and variances covered 12 of them: the control is extrapolated
    beyond its pre-period range, so the coefficient's own uncertainty dominates the forecast error."""
    covered = 0
    for seed in range(40):
        y, controls, start = _trending_control(seed)
        impact = counterfactual_effect(y, post_start=start, controls=controls, seed=seed, draws=200,
                                       parameter_draws=40)
        covered += impact.cumulative_low <= 0 <= impact.cumulative_high
    assert covered >= 35


def test_a_variance_estimated_at_zero_is_still_drawn_positive():
    """A straight line plus noise: the level's variance is estimated at (about) zero, yet the paths rest on
    drawn variances, so the interval is wider than with the estimates plugged in."""
    rng = np.random.default_rng(1)
    y = pd.Series(100 + rng.normal(0, 1.0, 36))
    assert fit_level_model(y.iloc[:18])["sigma2.level"] < 1e-6
    drawn = counterfactual_effect(y, post_start=18)
    plugged = counterfactual_effect(y, post_start=18, parameter_draws=0)
    assert drawn.parameter_draws > 0 and plugged.parameter_draws == 0
    assert drawn.cumulative_high - drawn.cumulative_low > 1.5 * (plugged.cumulative_high - plugged.cumulative_low)


@pytest.mark.parametrize(("start", "message"), [(1872, "at least 6"), (1600, "not a period")])
def test_bad_input_says_what(nile, start, message):
    with pytest.raises(ValueError, match=message):
        counterfactual_effect(nile, post_start=start)
