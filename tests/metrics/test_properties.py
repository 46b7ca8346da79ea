"""Invariants of the metrics on the demo company, for filters hypothesis draws."""

import math
from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data.demo.company import CHANNELS, REGIONS
from metrics.base.filters import Filters, add_months
from metrics.scorecard.registry import CATALOGUE
from tests.metrics.strategies import filters_kwargs

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SHARES = [k for k in CATALOGUE if k.share]
ADDITIVE = [k for k in CATALOGUE if k.additive]


@SETTINGS
@given(kwargs=filters_kwargs(), kpi=st.sampled_from(SHARES))
def test_shares_stay_between_zero_and_one(demo_store, kwargs, kpi):
    values = kpi.compute(demo_store, Filters(**kwargs)).dropna()
    assert ((values >= 0) & (values <= 1)).all(), values[(values < 0) | (values > 1)]


@SETTINGS
@given(kwargs=filters_kwargs(), kpi=st.sampled_from(ADDITIVE),
       dimension=st.sampled_from([("region", REGIONS), ("channel", CHANNELS)]))
def test_splits_of_additive_kpis_sum_to_the_total(demo_store, kwargs, kpi, dimension):
    name, members = dimension
    f = Filters(**{**kwargs, name: ()})
    total = kpi.compute(demo_store, f).fillna(0)
    parts = sum(kpi.compute(demo_store, f.with_dimensions(**{name: (m,)})).fillna(0) for m in members)
    pd.testing.assert_series_equal(parts, total, check_names=False, rtol=1e-9)


@SETTINGS
@given(kwargs=filters_kwargs(), kpi=st.sampled_from(CATALOGUE))
def test_filters_matching_nothing_give_empty_results(demo_store, kwargs, kpi):
    f = Filters(**{**kwargs, "region": ("Atlantis",)})
    values = kpi.compute(demo_store, f)
    assert list(values.index) == list(f.period_index)
    assert values.fillna(0).eq(0).all()


@given(kwargs=filters_kwargs())
def test_periods_partition_the_months(kwargs):
    f = Filters(**kwargs)
    months = [add_months(p, k) for p in f.periods for k in range(f.months)]
    assert months == sorted(set(months))
    assert months[0] <= date(f.start.year, f.start.month, 1) and date(f.end.year, f.end.month, 1) <= months[-1]
    assert all(f.period_start(m) == p for p in f.periods for m in (add_months(p, k) for k in range(f.months)))


@pytest.mark.parametrize("kpi", CATALOGUE, ids=lambda k: k.id)
def test_every_kpi_has_a_finite_value_for_a_recent_month(demo_store, kpi):
    f = Filters(date(2026, 9, 1), date(2026, 9, 1))
    value = kpi.compute(demo_store, f).iloc[0]
    assert math.isfinite(value), f"{kpi.id} has no value for 2026-09"
