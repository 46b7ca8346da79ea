"""Cached reads of initiatives and the review pack (``dashboard.initiatives``). The initiative tables and decisions
are read from the system of record on every run (a handful of rows: an edit shows at once); the measured effects,
fitted at refresh, are keyed by the store's data version."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.cache import results
from data.initiatives import tables
from metrics.base.store import Store
from metrics.initiatives import effect, flags


@st.cache_resource(max_entries=4, show_spinner=False)
def tables_ready(url: str) -> bool:
    """The initiative tables made, once per process and database ``url``."""
    tables.ensure_tables(cache.engine())
    return True


def initiatives() -> tables.Initiatives:
    """Every initiative with its links, milestones, risks and updates, fresh (tiny: no cache)."""
    engine = cache.engine()
    tables_ready(engine.url.render_as_string(hide_password=True))
    return tables.load(engine)


@results(max_entries=4)
def stored_effects(store: Store) -> pd.DataFrame | None:
    return effect.stored(store)


def data_end(store: Store) -> pd.Timestamp:
    """"Now" for initiatives: the last day of the data's last month (today without data)."""
    last = cache.dimension_values_of(store).last_month
    return (pd.Timestamp(last) + pd.offsets.MonthEnd(0)) if last is not None else pd.Timestamp.today().normalize()


def covered_kpis(store: Store) -> set[str]:
    """The KPIs an active initiative works on at the end of the data (:func:`metrics.initiatives.flags.covered_kpis`),
    read fresh: an initiative started now clears its KPI's flag at once."""
    engine = cache.engine()
    tables_ready(engine.url.render_as_string(hide_password=True))
    found, kpis, objectives = tables.coverage_rows(engine)
    return flags.covered_kpis(found, kpis, objectives, today=data_end(store))
