"""The price spread from the monthly sums stored at refresh equals the query over the lines (``facts.prices``)."""

from datetime import date

import pandas as pd
import pytest

from metrics.base import facts, price_spread
from metrics.base.filters import Filters


@pytest.mark.parametrize(("grain", "fiscal_start", "region"),
                         [("month", 1, ()), ("quarter", 1, ()), ("year", 1, ()), ("quarter", 4, ("East",)),
                          ("month", 1, ("West",)), ("year", 7, ("North",))])
def test_the_stored_sums_give_the_spread_of_the_lines(demo_store, grain, fiscal_start, region):
    f = Filters(date(2024, 1, 1), date(2026, 9, 1), grain=grain, fiscal_start=fiscal_start, region=region)
    found = price_spread.stored(demo_store, f)
    assert found is not None
    expected = facts.prices(demo_store.scoped(), f)
    assert found["price_spread"].notna().sum() >= 2  # periods with lines are compared, not only empty ones
    pd.testing.assert_series_equal(found["price_spread"], expected["price_spread"], rtol=1e-9, check_names=False)


@pytest.mark.parametrize("kwargs", [{"region": ("East", "West")}, {"channel": ("online",)},
                                    {"region": ("East",), "industry": ("retail",)}])
def test_other_filters_query_the_lines(demo_store, kwargs):
    f = Filters(date(2026, 9, 1), date(2026, 9, 1), **kwargs)
    assert price_spread.stored(demo_store, f) is None
    pd.testing.assert_frame_equal(price_spread.prices(demo_store.scoped(), f), facts.prices(demo_store.scoped(), f))
