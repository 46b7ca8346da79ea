"""The default scorecard's series are stored at refresh; read back they give the scorecard computed afresh."""

from dataclasses import replace

import pandas as pd

from metrics.base.filters import Filters, default_filters
from metrics.scorecard import scoring as scorecards
from metrics.scorecard import stored as scorecard_store


def test_the_default_filters_are_the_latest_month_with_nothing_filtered(demo_store):
    last = demo_store.query("SELECT max(month) AS m FROM sales")["m"].iloc[0]
    first = demo_store.query("SELECT min(month) AS m FROM sales")["m"].iloc[0]
    f = default_filters(pd.Timestamp(first).date(), pd.Timestamp(last).date())
    assert f == Filters(pd.Timestamp(last).date(), pd.Timestamp(last).date(), grain="month")
    assert default_filters(None, None) is None


def test_the_stored_default_scorecard_equals_one_computed_afresh(demo_store):
    last = pd.Timestamp(demo_store.query("SELECT max(month) AS m FROM sales")["m"].iloc[0]).date()
    f = Filters(last, last)
    assert scorecard_store.stored_values(demo_store, f) is not None  # the refresh kept them
    stored, computed = scorecard_store.scorecard(demo_store, f), scorecards.scorecard(demo_store, f)
    pd.testing.assert_frame_equal(stored, computed)


def test_other_filters_are_computed(demo_store):
    last = pd.Timestamp(demo_store.query("SELECT max(month) AS m FROM sales")["m"].iloc[0]).date()
    east = replace(Filters(last, last), region=("East",))
    assert scorecard_store.stored_values(demo_store, east) is None
    assert scorecard_store.stored_values(demo_store, Filters(last, last, grain="quarter")) is None
