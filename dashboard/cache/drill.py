"""Cached who lists: the customers behind a KPI (``metrics.drill``), contacts masked by role."""

import pandas as pd

from dashboard.cache import results
from dashboard.core.roles import shows_contacts
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.customers import privacy
from metrics.drill import lists
from metrics.scorecard.registry import get


@results(max_entries=32)
def who_list(store: Store, kpi_id: str, f: Filters, role: str | None) -> pd.DataFrame:
    """The customers behind ``kpi_id`` for ``f``'s period and filters; contact name and phone masked unless ``role``
    may see them (the role is part of the cache key, so a masked and an unmasked copy never mix)."""
    frame = lists.customers(store.scoped(), get(kpi_id).who, f)
    return frame if shows_contacts(role) else privacy.mask_contacts(frame)
