"""Cached reads of the Program view. The stored counterfactual is keyed by the store's data version; the
program tables themselves are read from the system of record on every run (a handful of rows), so an edit
shows at once without a refresh."""

from __future__ import annotations

import pandas as pd

from dashboard import cache
from dashboard.cache import results
from metrics.base.store import Store
from metrics.program import tables as pg
from metrics.program.indicators import health_check


def program_tables() -> pg.Program:
    """The program tables, fresh from the database (tiny: no cache, so edits show at once)."""
    return pg.load_program(cache.engine())


@results(max_entries=4)
def stored_impact(store: Store) -> pg.StoredImpact | None:
    return pg.read_impact(store)


@results(max_entries=16)
def health(store: Store, _program: pg.Program, change_percent: float,
           today: pd.Timestamp) -> pd.DataFrame:
    """Success factors; keyed by the data version and the one program figure it reads (step 11's % complete)."""
    return health_check(store, _program, today=today)
