"""Portfolios add up to the managed customers; the picket fence accumulates to the whole value."""

from datetime import date

import numpy as np
import pytest

from metrics import lifetime, portfolios, segments
from metrics.filters import Filters

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
