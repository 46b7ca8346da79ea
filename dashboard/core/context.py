"""What every page starts from: the state of the data (database, analytical store), its "as of" date and the
filters, as one ``PageContext``; or a message saying why there is nothing to show."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.core import filters, i18n, labels
from dashboard.core.i18n import t
from metrics.base.dataset import DatabaseUnavailable, DatasetSummary
from metrics.base.dimensions import DimensionValues
from metrics.base.filters import Filters
from metrics.base.store import Store, StoreMissing

STALE_AFTER = timedelta(days=31)


@dataclass(frozen=True)
class PageContext:
    store: Store
    values: DimensionValues
    filters: Filters


def load_summary() -> DatasetSummary | None:
    """The dataset summary, or ``None`` after showing why the database cannot be read."""
    try:
        summary = cache.dataset_summary(cache.store_version())
    except DatabaseUnavailable as error:
        st.error(t("db_down", url=error.url, reason=error.reason), icon=":material/database_off:")
        return None
    if summary.empty:
        st.warning(t("empty_database", url=summary.url), icon=":material/inventory_2:")
        return None
    return summary


def open_store() -> tuple[Store, DimensionValues] | None:
    """The analytical store and its dimension values, or ``None`` after saying what is missing."""
    try:
        store = cache.store()
    except StoreMissing:
        return None
    return store, cache.dimension_values_of(store)


def page_context(title_key: str) -> PageContext | None:
    """Title, data "as of" note and the current filters; ``None`` (after a message) when there is nothing
    to show."""
    st.title(t(title_key))
    opened = open_store()
    if opened is None:  # say why: the database is down or empty, or only the store is missing
        if load_summary() is not None:
            st.error(t("store_missing"), icon=":material/database_off:")
        return None
    store, values = opened
    as_of_note(values.as_of, demo=values.demo)
    ignored = filters.problems()
    if ignored:
        st.warning(t("ignored_link_values", values=", ".join(ignored)), icon=":material/link_off:")
    f = filters.current()
    if f is None:
        st.info(t("no_data_for", what=t("period")))
        return None
    return PageContext(store, values, f)


def no_data(card: pd.DataFrame, f: Filters) -> bool:
    """True (after a note) when no customer matches the filters in the selected period."""
    active = card.set_index("id").loc["active_customers", "value"]
    if math.isfinite(active) and active > 0:
        return False
    what = f.label(f.period_start(f.end))
    if f.dimensions:
        what += " · " + ", ".join(f"{t(k)}: {'/'.join(labels.member(v) for v in vs)}" for k, vs in f.dimensions.items())
    st.info(t("no_data_for", what=what), icon=":material/filter_alt_off:")
    return True


def as_of_note(as_of: date | None, *, demo: bool = False, today: date | None = None) -> None:
    """The data's "as of" date, flagged when older than a month (not the demo's: a fixed sample)."""
    today = today or date.today()
    if as_of is None:
        return
    if today - as_of > STALE_AFTER and not demo:
        st.warning(t("stale", as_of=i18n.day(as_of)), icon=":material/history:")
    else:
        st.caption(f"{t('as_of')}: {i18n.day(as_of)}")
