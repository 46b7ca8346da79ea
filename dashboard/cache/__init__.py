"""Cached access to the database, the analytical store and metric results. The only place that caches.

Results are keyed by the store's data version (a refresh bumps it) and the filters.
"""

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy import Engine

from data import accounts
from data.store_file import good_path
from metrics.base import dataset, facts, steps
from metrics.base.dimensions import DimensionValues, dimension_values
from metrics.base.filters import Filters
from metrics.base.store import Store, StoreMissing
from metrics.scorecard import breakdown as breakdowns
from metrics.scorecard import cohorts, drivers, funnel
from metrics.scorecard import scoring as scorecards
from metrics.scorecard import stored as scorecard_store
from metrics.scorecard.registry import get

TTL = 3600  # seconds a result or a shared resource is kept at most
STORE_KEY = {Store: lambda store: (str(store.path), store.data_version)}  # a refresh bumps the version


def results(*, max_entries: int):
    """``st.cache_data`` for metric results: bounded, kept an hour at most, a ``Store`` argument keyed by its file
    and data version (so a refresh starts afresh)."""
    return st.cache_data(ttl=TTL, max_entries=max_entries, show_spinner=False, hash_funcs=STORE_KEY)


def shared(*, max_entries: int):
    """``st.cache_resource`` for objects every session shares read-only (never mutated), keyed like :func:`results`."""
    return st.cache_resource(ttl=TTL, max_entries=max_entries, show_spinner=False, hash_funcs=STORE_KEY)


@st.cache_resource
def engine() -> Engine:
    """One engine per process, shared by every session (never mutated)."""
    return dataset.connect()


@st.cache_resource(max_entries=4, show_spinner=False)
def accounts_ready(url: str) -> bool:
    """The account tables made and the demo's accounts created, once per process and database ``url`` (the
    sign-in asks on every run)."""
    accounts.prepare_accounts(engine())
    return True


@st.cache_resource(ttl=TTL, max_entries=64, show_spinner=False)
def figure(kind: str, key: tuple, _build: Callable[[], go.Figure]) -> go.Figure:
    """A chart built once per ``(kind, key)`` for every session: ``key`` must hold everything ``_build``
    depends on (statuses, language, options). Plotly figures with many annotations take a second to
    build; ``st.plotly_chart`` only reads the figure. Shared: never mutate the returned figure."""
    return _build()


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def dataset_summary(version: str) -> dataset.DatasetSummary:
    """Row counts and facts of the system of record, keyed by the analytical store's data version (``""``
    without a store): after an import's refresh every process counts afresh."""
    return dataset.dataset_summary(engine())


def store_version() -> str:
    """The analytical store's data version, ``""`` when there is none yet."""
    try:
        return store().data_version
    except StoreMissing:
        return ""


@st.cache_resource(max_entries=2)
def _open_store(path: str, modified_ns: int, size: int, good_ns: int) -> Store:
    """Keyed by the files' times and size: a refresh (or a damaged file) replaces the store. A file that cannot be
    read raises (nothing is cached) and the next run tries again."""
    return Store.open(Path(path))


def store() -> Store:
    """The analytical store, reopened when a refresh has replaced the file; the last good one (``fallback``) when
    the live file cannot be read. Raises ``StoreMissing``, or ``StoreDamaged`` when no store reads."""
    path = Store.path_for()
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise StoreMissing(str(path)) from None
    good = good_path(path)
    good_ns = good.stat().st_mtime_ns if good.exists() else 0
    return _open_store(str(path), stat.st_mtime_ns, stat.st_size, good_ns)


@results(max_entries=8)
def step_statuses(store: Store) -> list[steps.StepStatus]:
    """What each derived step of the refresh that built ``store`` did (read on every page)."""
    return steps.step_statuses(store)


@results(max_entries=8)
def dimension_values_of(store: Store) -> DimensionValues:
    return dimension_values(store)


@results(max_entries=64)
def scorecard(store: Store, f: Filters) -> pd.DataFrame:
    return scorecard_store.scorecard(store, f)


@results(max_entries=64)
def breakdown(store: Store, kpi_id: str, f: Filters, dimension: str) -> pd.DataFrame:
    return breakdowns.breakdown(store.scoped(), get(kpi_id), f, dimension)


@results(max_entries=32)
def revenue_split(store: Store, f: Filters) -> pd.DataFrame:
    return facts.sales(store.scoped(), scorecards.trend_filters(f))[["new_revenue", "existing_revenue"]]


@results(max_entries=32)
def cohort_retention(store: Store, f: Filters) -> pd.DataFrame:
    return cohorts.cohort_retention(store.scoped(), f)


@results(max_entries=32)
def funnel_steps(store: Store, f: Filters) -> pd.DataFrame:
    return funnel.funnel(store.scoped(), scorecards.last_year(f))


@results(max_entries=32)
def stage_velocity(store: Store, f: Filters) -> pd.DataFrame:
    return funnel.stage_velocity(store.scoped(), scorecards.last_year(f))


@results(max_entries=32)
def training_vs_completeness(store: Store, f: Filters) -> pd.DataFrame:
    return drivers.training_vs_completeness(store.scoped(), scorecards.trend_filters(f))
