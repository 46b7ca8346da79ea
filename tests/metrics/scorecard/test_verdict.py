"""The verdict in words: score bands, status counts, coverage per perspective, and good/bad by KPI direction."""

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics.scorecard import verdict


@pytest.mark.parametrize(("score", "band"), [(100, "green"), (75, "green"), (74.9, "amber"), (40, "amber"),
                                             (39.9, "red"), (0, "red"), (math.nan, "none")])
def test_score_bands(score, band):
    assert verdict.score_band(score) == band


def test_counts_and_coverage():
    card = pd.DataFrame({"perspective": ["financial"] * 3 + ["customer"] * 2,
                         "status": ["green", "red", "none", "amber", "green"],
                         "score": [100.0, 0.0, math.nan, 50.0, 100.0]})
    counts = verdict.status_counts(card)
    assert (counts.green, counts.amber, counts.red, counts.none, counts.judged) == (2, 1, 1, 1, 4)
    assert verdict.partial_coverage(card) == {"financial": (2, 3)}
    assert verdict.coverage(card)["learning"] == (0, 0)


@pytest.mark.parametrize(("change", "better", "good"), [(5, "higher", "good"), (-5, "higher", "bad"),
                                                        (-0.01, "lower", "good"), (0.01, "lower", "bad"),
                                                        (0, "higher", "flat"), (math.nan, "lower", "flat")])
def test_change_goodness_follows_the_kpi_direction(change, better, good):
    assert verdict.change_goodness(change, better) == good


def test_a_dip_in_a_rising_revenue_is_not_red_and_falling_churn_is_green():
    rising = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 19.5]
    assert verdict.tile_colour(-0.5, rising, "higher") == "off"
    assert verdict.tile_colour(+1.0, rising, "higher") == "green"
    falling = [0.05, 0.048, 0.046, 0.044, 0.042, 0.04]
    assert verdict.tile_colour(-0.002, falling, "lower") == "green"
    assert verdict.tile_colour(+0.002, [v * 2 for v in falling[::-1]], "lower") == "red"


@given(values=st.lists(st.floats(-1e6, 1e6), min_size=3, max_size=24), change=st.floats(-1e6, 1e6))
def test_flipping_the_direction_swaps_green_and_red(values, change):
    up, down = verdict.tile_colour(change, values, "higher"), verdict.tile_colour(change, values, "lower")
    assert {up, down} in ({"off"}, {"green", "red"})
