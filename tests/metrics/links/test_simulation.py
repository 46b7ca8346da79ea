"""The link test's error rates under persistence, with the lag chosen from the data (seeded simulation,
``metrics.links.simulation``): independent persistent pairs are called linked at most at the nominal 5% plus
simulation error, planted flow and stock effects are found with the right sign (and lag), and the panel
version holds the same standard.

Simulation error: with 200 pairs a true rate of 5% is observed above 9.5% with probability < 0.5% (binomial),
so 9.5% is the bound for each kind, and 7.5% for the mean over 600 pairs."""

import numpy as np
import pytest

from metrics.links import simulation
from metrics.links.panel import panel_evidence

PAIRS, REPLICATES = 200, 199


@pytest.fixture(scope="module")
def rates() -> dict[str, float]:
    return simulation.study(PAIRS, seed=2024, replicates=REPLICATES)


@pytest.mark.parametrize("kind", simulation.NULL_KINDS)
def test_independent_persistent_pairs_are_called_linked_at_the_nominal_rate(rates, kind):
    assert rates[f"false_positive_{kind}"] <= 0.095


def test_the_mean_false_positive_rate_is_the_nominal_five_percent(rates):
    assert rates["false_positive_rate"] <= 0.075


def test_a_planted_flow_effect_is_found_with_its_sign_and_lag_most_of_the_time(rates):
    assert rates["power_flow"] >= 0.75
    assert rates["flow_right_lag"] >= 0.7
    assert rates["flow_contradicted"] <= 0.03


def test_a_planted_stock_effect_is_found_with_its_sign_and_almost_never_contradicted(rates):
    assert rates["power_stock"] >= 0.75
    assert rates["stock_contradicted"] <= 0.02


def test_a_search_in_levels_without_the_targets_past_would_fail_this_study():
    """The bound is not loose: plain OLS of one random walk on another with a trend, best of 7 lags by |t|
    and the textbook t test (the method the study replaced), calls most independent pairs linked."""
    from scipy import stats

    rng = np.random.default_rng(5)
    hits = 0
    for _ in range(100):
        x, y = simulation.independent_pair("random_walk", rng)
        best = 0.0
        for lag in range(7):
            rows = np.arange(7, simulation.MONTHS)
            design = np.column_stack([np.ones(rows.size), rows, x[rows - lag]])
            coef, rss, *_ = np.linalg.lstsq(design, y[rows], rcond=None)
            se = np.sqrt(rss[0] / (rows.size - 3) * np.linalg.inv(design.T @ design)[2, 2])
            best = max(best, abs(coef[2] / se))
        hits += best > stats.t.ppf(0.975, simulation.MONTHS - 10)
    assert hits > 30


def test_the_panel_version_holds_the_nominal_rate_and_finds_a_planted_effect():
    rng = np.random.default_rng(8)
    null = [panel_evidence(simulation.panel_frame(rng), "x", "y", expected_sign=1, replicates=REPLICATES, seed=i)
            for i in range(60)]
    called = np.mean([e.verdict in ("supported", "contradicted") for e in null])
    assert called <= 0.12  # 5% nominal; with 60 panels, above 12% has probability < 1.5%
    planted = [panel_evidence(simulation.panel_frame(rng, effect=0.6), "x", "y", expected_sign=1,
                              replicates=REPLICATES, seed=i) for i in range(20)]
    assert np.mean([e.verdict == "supported" and e.lag_months == 1 for e in planted]) >= 0.9
