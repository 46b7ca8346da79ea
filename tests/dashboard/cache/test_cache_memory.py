"""The shared store never changes: filter changes leave nothing behind in it (no memory growth)."""

from datetime import date

import pytest

from dashboard import cache
from metrics.base.filters import Filters
from metrics.base.store import Store


@pytest.fixture
def store(demo_url):
    opened = Store.for_url(demo_url)
    yield opened
    opened.close()


def test_filter_changes_leave_the_shared_store_unchanged(store):
    before = {name: (id(value), len(value) if hasattr(value, "__len__") else None)
              for name, value in vars(store).items()}
    for region in ("East", "West", "North", "South", "Central"):
        f = Filters(date(2026, 9, 1), date(2026, 9, 1), region=(region,))
        cache.scorecard(store, f)
        cache.breakdown(store, "revenue", f, "channel")
        cache.cohort_retention(store, f)
    after = {name: (id(value), len(value) if hasattr(value, "__len__") else None)
             for name, value in vars(store).items()}
    assert after == before


def test_a_scoped_view_memoises_and_is_dropped(store):
    view = store.scoped()
    calls = []
    first = view.frame("k", lambda: calls.append(1) or "built")
    assert view.frame("k", lambda: calls.append(1) or "again") == first and calls == [1]
    assert store.frame("k", lambda: "fresh") == "fresh"  # the store itself keeps nothing
