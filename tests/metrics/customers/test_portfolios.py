"""Portfolios add up to the managed customers; the picket fence accumulates to the whole value."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.core import charts
from metrics.base.filters import Filters
from metrics.customers import lifetime, portfolios, segments

F = Filters(date(2026, 9, 1), date(2026, 9, 1))


@pytest.fixture(scope="module")
def inputs(demo_store):
    return segments.customer_table(demo_store, F), lifetime.lifetime_values(demo_store, F)


def test_portfolios_add_up_to_the_managed_customers(demo_store, inputs):
    table, values = inputs
    frame = portfolios.portfolios(demo_store, F, table, values)
    managed = table[table["manager_id"].notna()]
    assert frame["customers"].sum() == len(managed)
    assert frame["revenue_12m"].sum() == pytest.approx(managed["monetary"].sum())
    assert frame["retention"].dropna().between(0, 1).all()


def test_picket_fence_ranks_by_value_and_accumulates_to_one(demo_store, inputs):
    table, values = inputs
    fence = portfolios.picket_fence(table, values, demo_store, F)
    assert (np.diff(fence["clv"]) <= 0).all()
    assert (np.diff(fence["share"]) >= -1e-12).all() and fence["share"].iloc[-1] == pytest.approx(1.0)
    everyone = portfolios.fence_coverage(fence, len(fence))
    assert everyone["fence_value_share"] == pytest.approx(1.0)
    assert everyone["managed_in_fence"] == everyone["managed_customers"]
    top = portfolios.fence_coverage(fence, len(fence) // 5)
    assert top["fence_value_share"] > 0.2  # the top fifth holds more than a fifth of the value


def test_the_drawn_fence_is_a_few_hundred_points_on_the_same_curve():
    rng = np.random.default_rng(0)
    n = 100_000
    value = np.sort(rng.pareto(1.5, n))[::-1]
    fence = pd.DataFrame({"rank": np.arange(1, n + 1), "share": np.cumsum(value) / value.sum(),
                          "managed": rng.random(n) < 0.08})
    curve = portfolios.fence_curve(fence)
    assert len(curve) <= 602 and curve["managed"].any() and (~curve["managed"]).any()
    assert curve["rank"].iloc[[0, -1]].tolist() == [1, n]
    # every drawn point lies on the full curve, and the curve between them is matched within 1 point
    full = fence.set_index("rank")["share"]
    assert np.allclose(curve["share"], full.loc[curve["rank"]].to_numpy())
    between = np.interp(fence["rank"], curve["rank"], curve["share"])
    assert np.abs(between - fence["share"]).max() < 0.01
    assert len(charts.picket_fence_chart(curve, top=100, title="", x_title="", y_title="", managed_label="m",
                                         unmanaged_label="u", fence_label="f").to_json()) < 60_000
