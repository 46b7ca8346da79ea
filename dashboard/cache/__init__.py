"""Cached access to the database, the analytical store and metric results. The only place that caches.

Results are keyed by the store's data version (a refresh bumps it) and the filters.
"""

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy import Engine

from data import accounts, store_file
from data.store_file import good_path
from metrics.base import dataset, facts, steps
from metrics.base.dimensions import DimensionValues, dimension_values
from metrics.base.filters import Filters
from metrics.base.store import Store, StoreDamaged, StoreMissing
from metrics.cube.view import cubed  # the facts from the cube's cells where it holds them
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


# Files a page's read found damaged after they opened (garbage inside: the header and catalogue read), by device,
# inode, time and size: this process reads the last good store instead (a refresh's new file is another file).
_DAMAGED: set[tuple[int, int, int, int]] = set()


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)


@st.cache_resource(max_entries=2)
def _open_store(path: str, live: tuple, good: tuple | None, live_damaged: bool, good_damaged: bool) -> Store:
    """Keyed by the files' identities: a refresh (or a damaged file) replaces the store. A file that cannot be
    read raises (nothing is cached) and the next run tries again."""
    if not live_damaged:
        return Store(Path(path)) if good_damaged else Store.open(Path(path))
    if good is None or good_damaged:
        raise StoreDamaged(f"the analytical store at {path} and its last good copy cannot be read")
    return Store(good_path(Path(path)), fallback=True)


def store() -> Store:
    """The analytical store, reopened when a refresh has replaced the file; the last good one (``fallback``) when
    the live file cannot be read. Raises ``StoreMissing``, or ``StoreDamaged`` when no store reads."""
    path = Store.path_for()
    live = _identity(path)
    if live is None:
        raise StoreMissing(str(path))
    good = _identity(good_path(path))
    return _open_store(str(path), live, good, live in _DAMAGED, good is not None and good in _DAMAGED)


def store_damaged() -> bool:
    """After a read of the store failed with ``StoreDamaged``: when the file read now is indeed damaged (every
    table of it read back), this process stops reading it. Returns whether the last good store is there to read
    instead (the next run shows it under the fallback banner)."""
    path = Store.path_for()
    try:
        current = store()
    except StoreMissing:
        return False
    read = good_path(path) if current.fallback else path
    marked = _identity(read)
    if marked is None or marked in _DAMAGED:
        return False
    try:
        store_file.verify(read, version=current.data_version, counts={})
    except store_file.StoreNotVerified:
        _DAMAGED.add(marked)
    else:
        return False  # the file reads whole: the failure was not its
    good = _identity(good_path(path))
    return not current.fallback and good is not None and good not in _DAMAGED


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
    return breakdowns.breakdown(cubed(store), get(kpi_id), f, dimension)


@results(max_entries=32)
def revenue_split(store: Store, f: Filters) -> pd.DataFrame:
    return facts.sales(cubed(store), scorecards.trend_filters(f))[["new_revenue", "existing_revenue"]]


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
    return drivers.training_vs_completeness(cubed(store), scorecards.trend_filters(f))
