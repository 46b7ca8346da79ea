"""The targets editor works in display units: 20 is 20% for a percentage, the band a percentage, money and days
as they are; a share outside 0-100% is refused; the preview rescores with the edited targets."""

import math

import pandas as pd
import pytest

from dashboard.admin.targets import from_display, to_display, unit_text
from data import targets
from metrics.base.format import use_currency
from metrics.scorecard.registry import get
from metrics.scorecard.scoring import overall_before_after

ROWS = pd.DataFrame({"kpi_id": ["churn_rate", "revenue", "sales_cycle_days"], "target": [0.008, 1.0e6, 1.5],
                     "baseline": [0.02, 8.0e5, 3.0], "threshold": [0.5, 0.3, 0.5], "weight": [1.0, 2.0, 1.0]})


def test_percentages_are_shown_in_percent_and_come_back_as_fractions():
    shown = to_display(ROWS)
    assert list(shown["target"]) == pytest.approx([0.8, 1.0e6, 1.5])
    assert list(shown["threshold"]) == pytest.approx([50, 30, 50])
    pd.testing.assert_frame_equal(from_display(shown), ROWS, check_dtype=False)


def test_typing_20_for_a_churn_target_means_20_percent():
    shown = to_display(ROWS)
    shown.loc[0, "target"] = 20
    assert from_display(shown).loc[0, "target"] == pytest.approx(0.20)


def test_a_share_beyond_100_percent_is_refused():
    shown = to_display(ROWS)
    shown.loc[0, ["target", "baseline"]] = [120, 150]  # 120% churn
    edited = from_display(shown)
    found = targets.problems(edited, {"churn_rate": "lower"}, shares={"churn_rate"})
    assert ("churn_rate", "share_range") in found
    assert targets.problems(from_display(to_display(ROWS)), {"churn_rate": "lower"}, shares={"churn_rate"}) == []


@pytest.mark.parametrize(("kpi", "unit"), [("churn_rate", "%"), ("revenue", "¥"), ("sales_cycle_days", "d"),
                                           ("complaints_per_100", "per 100")])
def test_each_row_says_its_unit(kpi, unit):
    use_currency("CNY")  # money in the company's currency: the yuan here (another test may have set dollars)
    assert unit_text(get(kpi), "en") == unit


def test_the_preview_rescores_with_edited_targets():
    card = pd.DataFrame({"id": ["revenue"], "objective": ["grow_revenue"], "perspective": ["financial"],
                         "better": ["higher"], "value": [900.0], "target": [1000.0], "baseline": [800.0],
                         "threshold": [0.5], "status": ["amber"], "score": [50.0], "weight": [1.0],
                         "objective_weight": [math.nan], "needs": [[]]})
    edited = pd.DataFrame({"kpi_id": ["revenue"], "target": [900.0], "baseline": [800.0], "threshold": [0.5]})
    before, after = overall_before_after(card, {"revenue": 1.0}, {}, targets=edited)
    # one perspective of four scored: the overall is that perspective's score
    assert (before, after) == (50.0, 100.0)
