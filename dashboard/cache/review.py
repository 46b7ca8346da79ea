"""Cached reads of the monthly review (``dashboard.review``). Owners and check-ins are read from the system of
record on every run (a few rows, so an edit shows at once); the monthly values and the status history, which read
the analytical store, are keyed by its data version and the target change log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.cache import results
from data.review import checkins
from metrics.base.store import Store
from metrics.review import history


@results(max_entries=8)
def monthly_values(store: Store, kpi_ids: tuple[str, ...]) -> pd.DataFrame:
    return history.monthly_values(store, list(kpi_ids))


@results(max_entries=32)
def status_history(store: Store, changes: pd.DataFrame, kpi_ids: tuple[str, ...], last: pd.Timestamp | None
                   ) -> pd.DataFrame:
    """:func:`metrics.review.history.status_history`; ``changes`` (the target change log) is part of the key."""
    return history.status_history(store, changes, list(kpi_ids), last=last)


@st.cache_resource(max_entries=4, show_spinner=False)
def tables_ready(url: str) -> bool:
    """The owner and check-in tables made, once per process and database ``url``."""
    checkins.ensure_tables(cache.engine())
    return True
