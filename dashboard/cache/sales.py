"""Cached results of the Sales team view (``metrics.sales``), keyed by the store's data version and the filters."""

import pandas as pd

from dashboard.cache import results
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.sales import advancement, attainment, team


@results(max_entries=8)
def has_sales_reps(store: Store) -> bool:
    return team.has_sales_reps(store)


@results(max_entries=32)
def ranking(store: Store, f: Filters) -> pd.DataFrame:
    return attainment.ranking(store.scoped(), f)


@results(max_entries=32)
def stage_advancement(store: Store, f: Filters) -> pd.DataFrame:
    return advancement.stage_advancement(store.scoped(), f)


@results(max_entries=16)
def monthly_targets(store: Store, f: Filters) -> pd.DataFrame:
    """The team's (whole sales) months of the range with their target and where it comes from."""
    reps = team.team(store, f, dimensions=False)
    return attainment.monthly_targets(store, f, [int(r) for r in reps["rep_id"]]).merge(
        reps, on="rep_id", how="left")
