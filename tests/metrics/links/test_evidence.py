"""``pair_evidence``: its answers on series with a known answer, its reasons when the data cannot speak, and
that it never raises on real data."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from metrics.links import LinkEvidence, pair_evidence
from metrics.links.evidence import partial_points, surrogates, verdict_for
from metrics.links.simulation import ar1

MONTHS = pd.date_range("2023-11-01", periods=36, freq="MS")


def series(values) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=float), index=MONTHS[: len(values)])


def test_a_planted_lagged_effect_is_found_with_its_lag_sign_and_size():
    rng = np.random.default_rng(3)
    x = ar1(rng, 38, 0.6, 2.0)
    y = 5 + 0.5 * x[:-2] + rng.normal(0, 0.3, 36)  # y_t depends on x_{t-2}
    found = pair_evidence(series(x[2:]), series(y), expected_sign=1)
    assert isinstance(found, LinkEvidence) and found.verdict == "supported"
    assert found.lag_months == 2 and found.ci_low < 0.5 < found.ci_high and found.ci_low > 0
    assert found.p_value <= 0.002  # stronger than every one of the 999 surrogates
    assert found.n == 36 - 7  # one common sample for every lag 0..6
    assert pair_evidence(series(x[2:]), series(y), expected_sign=-1).verdict == "contradicted"


def test_the_effect_is_least_squares_with_the_targets_past_and_a_trend():
    rng = np.random.default_rng(4)
    x = ar1(rng, 37, 0.6, 2.0)
    y = np.cumsum(0.3 * x[:-1] + rng.normal(0, 1, 36))  # a stock of the source one month before
    found = pair_evidence(series(x[1:]), series(y), expected_sign=1)
    assert found.lag_months == 1
    rows = np.arange(7, 36)
    xs = x[1:]
    own = [y[rows - 1], y[rows - 2]]
    for lags in (own[:1], own):  # the fit keeps one or two months of the target's past (chosen by AIC)
        design = np.column_stack([np.ones(rows.size), rows, *lags, xs[rows - 1]])
        if np.isclose(np.linalg.lstsq(design, y[rows], rcond=None)[0][-1], found.effect, rtol=1e-8):
            break
    else:
        pytest.fail("the effect is not the least-squares coefficient of the source")
    # the scatter's points are that regression's partial residuals: their slope is the effect
    points = partial_points(series(xs), series(y), found.lag_months)
    assert len(points) == found.n
    assert np.polyfit(points["x"], points["y"], 1)[0] == pytest.approx(found.effect, rel=1e-8)


@pytest.mark.parametrize("source, target, says", [
    (np.ones(36), np.arange(36.0), "source does not change"),
    (np.arange(36.0), np.full(36, 2.5), "target does not change"),
    (np.full(36, np.nan), np.arange(36.0), "no values"),
    (np.arange(10.0), np.arange(10.0) ** 2, "18 are needed"),
    (np.where(np.arange(36) % 9 == 4, np.nan, np.sin(np.arange(36.0))), np.cos(np.arange(36.0)), "18 are needed"),
])
def test_series_that_cannot_speak_give_not_enough_data_with_the_reason(source, target, says):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing printed raw
        found = pair_evidence(series(source), series(target), expected_sign=1)
    assert found.verdict == "not_enough_data" and says in found.reason
    assert math.isnan(found.effect) and found.lag_months is None


def test_text_and_empty_series_are_not_enough_data():
    assert pair_evidence(pd.Series(["a"] * 36), series(np.arange(36.0)), expected_sign=1).reason
    assert pair_evidence(pd.Series([], dtype=float), pd.Series([], dtype=float),
                         expected_sign=1).verdict == "not_enough_data"


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(float, 36, elements=st.one_of(st.floats(-1e6, 1e6), st.just(np.nan), st.just(0.0))),
       hnp.arrays(float, 36, elements=st.one_of(st.floats(-1e6, 1e6), st.just(np.nan), st.just(1.0))))
def test_never_raises_and_keeps_its_invariants(x, y):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = pair_evidence(series(x), series(y), expected_sign=1, replicates=49)
    if found.verdict == "not_enough_data":
        assert found.reason
        return
    assert 0 < found.p_value <= 1 and 0 <= found.lag_months <= 6
    assert found.ci_low <= found.effect <= found.ci_high
    assert found.verdict == verdict_for(found.p_value, found.effect, 1)


def test_surrogates_keep_the_sources_persistence_and_start():
    rng = np.random.default_rng(0)
    walk = np.cumsum(rng.normal(size=36))
    made = surrogates(walk, 400, np.random.default_rng(1))
    assert made.shape == (400, 36) and np.allclose(made[:, 0], walk[0])
    # a random walk's surrogates wander like one: the spread at the end grows with the months
    assert made[:, -1].std() > 3 * made[:, 3].std()
    noise = rng.normal(size=36)
    flat = surrogates(noise, 400, np.random.default_rng(1))
    assert flat[:, -1].std() < 2 * noise.std()


def test_the_verdict_follows_p_and_the_expected_sign():
    assert verdict_for(0.01, -0.2, -1) == "supported"
    assert verdict_for(0.01, 0.2, -1) == "contradicted"
    assert verdict_for(0.2, 0.2, 1) == "not_shown"
    assert verdict_for(math.nan, 0.2, 1) == "not_enough_data"
