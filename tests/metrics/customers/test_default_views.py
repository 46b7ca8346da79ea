"""The customer pages' first view stored at refresh (``metrics.customers.default_views``) reads back as the very rows,
order and types its queries give on the store; other filters are never answered from it."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from metrics.base import dimensions
from metrics.customers import default_views, segments


@pytest.fixture(scope="module")
def first_view(demo_store):
    f = dimensions.first_view(demo_store)
    assert f is not None and demo_store.has_table(segments.CUSTOMER_TABLE)
    return f


def test_the_customer_table_reads_back_as_its_query(demo_store, first_view):
    stored = default_views.read(demo_store, segments.CUSTOMER_TABLE, first_view, order_by="customer_id")
    assert stored is not None and len(stored) > 1000
    queried = segments.with_groups(demo_store.query(*segments.customer_query(first_view)))
    assert set(queried["segment"]) > {"champions"} and set(queried["tier"]) == {"A", "B", "C"}
    pd.testing.assert_frame_equal(stored, queried)  # the segments and tiers stored with the rows, as ranked here
    table = segments.customer_table(demo_store, first_view)
    assert {"segment", "tier"} <= set(table.columns) and table["customer_id"].is_monotonic_increasing


@pytest.mark.parametrize("lapsed", [None, False, True])
def test_the_reorder_lists_read_back_as_their_query(demo_store, first_view, lapsed):
    direct = demo_store.query(*segments.due_query(first_view, lapsed=lapsed))
    assert len(direct) > 10
    pd.testing.assert_frame_equal(segments.due_to_reorder(demo_store, first_view, lapsed=lapsed), direct)


def test_other_filters_are_not_read_from_the_first_view(demo_store, first_view):
    region = demo_store.query("SELECT min(region) AS r FROM customer")["r"].iloc[0]
    for other in (first_view.with_dimensions(region=(region,)), replace(first_view, grain="quarter")):
        assert default_views.read(demo_store, segments.CUSTOMER_TABLE, other, order_by="customer_id") is None
    filtered = first_view.with_dimensions(region=(region,))
    table = segments.customer_table(demo_store, filtered)
    assert set(table["region"]) == {region}
    assert table["r_score"].max() == 5  # scored among the region's customers, not read from everyone's


def test_the_profile_the_segments_page_opens_on_reads_back_as_computed(demo_store, first_view):
    from metrics.customers import lifetime, profiles

    table = segments.with_groups(demo_store.query(*segments.customer_query(first_view)))
    opening = next(f"segment:{name}" for name in segments.SEGMENT_NAMES if (table["segment"] == name).any())
    assert segments.group_choices(table)[0] == opening  # the picker's first choice: the first segment present
    stored = profiles.opening_profile(demo_store, first_view, opening)
    assert stored is not None and len(stored) > 20
    computed = profiles.seven_p(demo_store, first_view, table, lifetime.compute(demo_store, first_view.end_exclusive),
                                segments.members(table, opening)["customer_id"])
    pd.testing.assert_frame_equal(stored, computed, rtol=1e-9)
    assert profiles.opening_profile(demo_store, first_view, "tier:A") is None  # other groups compute
    region = demo_store.query("SELECT min(region) AS r FROM customer")["r"].iloc[0]
    assert profiles.opening_profile(demo_store, replace(first_view, region=(region,)), opening) is None
