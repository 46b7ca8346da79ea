"""What every page starts from: the state of the data (database, analytical store), its "as of" date and the
filters, as one ``PageContext``; or a message saying why there is nothing to show."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.core import filters, i18n, labels
from dashboard.core.i18n import t
from dashboard.core.navigation import PERSPECTIVE_PAGES
from dashboard.core.safe import plain
from metrics.base.dataset import DatabaseUnavailable, DatasetSummary
from metrics.base.dimensions import DimensionValues
from metrics.base.filters import Filters
from metrics.base.format import use_currency
from metrics.base.store import Store, StoreDamaged, StoreMissing

STALE_AFTER = timedelta(days=31)
# page title key -> the refresh steps whose tables the page reads: a step that could not compute is said at the top
# (the Strategy links page says it in its own view: dashboard/links)
READS_STEPS: dict[str, tuple[str, ...]] = {
    "overview_title": ("default_scorecard", "forecast"),
    **{spec.title_key: ("forecast",) for spec in PERSPECTIVE_PAGES.values()},
    "segments_title": ("lifetime_values",),
    "page_customer_detail": ("lifetime_values",),
    "portfolios_title": ("lifetime_values",),
    "page_program": ("program_impact",),
    "page_links": ("links",),
}


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


def open_store(*, banner: bool = True) -> tuple[Store, DimensionValues] | None:
    """The analytical store and its dimension values, or ``None``; says when the store is damaged (with no good
    one to fall back to) and, with ``banner``, when the figures come from the last good store."""
    try:
        store = cache.store()
        values = cache.dimension_values_of(store)
    except StoreDamaged:
        if cache.store_damaged():  # a damaged block read (garbage inside the file): the last good store instead
            return open_store(banner=banner)
        st.error(t("storefault_damaged"), icon=":material/report:")
        return None
    except StoreMissing:
        return None
    if banner and store.fallback:
        fallback_banner(store)
    use_currency(values.currency)  # money on this run is written in the company's currency
    return store, values


def fallback_banner(store: Store) -> None:
    """"Figures as of <when>; the latest refresh failed": the last good store is shown."""
    stamp = store.refreshed_at()
    try:
        when = i18n.day(datetime.fromisoformat(stamp).date())
    except ValueError:
        when = "?"
    st.warning(t("storefault_fallback", when=when, version=store.data_version), icon=":material/history:")


def step_note(store: Store, *steps: str) -> bool:
    """True (after a note in the reader's language: "<what> could not be estimated: <reason>") when one of the
    refresh ``steps`` whose tables a view reads could not compute."""
    failed = next((s for s in cache.step_statuses(store) if s.step in steps and s.failed), None)
    if failed is None:
        return False
    st.info(t("storefault_not_estimated", what=step_label(failed.step), reason=failed.reason(i18n.lang())),
            icon=":material/query_stats:")
    return True


def step_label(step: str) -> str:
    """A refresh step's name for people (its code when the step is not one of ours)."""
    key = f"storefault_step_{step}"
    return t(key) if key in i18n.TEXT else step


def page_context(title_key: str) -> PageContext | None:
    """Title, data "as of" note and the current filters; ``None`` (after a message) when there is nothing
    to show."""
    st.title(t(title_key))
    opened = open_store(banner=False)  # the sidebar carries the fallback banner on every page
    if opened is None:  # say why: the database is down or empty, or the store is missing (or damaged: said)
        if not isinstance(_store_problem(), StoreDamaged) and load_summary() is not None:
            st.error(t("store_missing"), icon=":material/database_off:")
        return None
    store, values = opened
    as_of_note(values.as_of, demo=values.demo)
    step_note(store, *READS_STEPS.get(title_key, ()))
    ignored = filters.problems()
    if ignored:
        st.warning(t("ignored_link_values", values=plain(", ".join(ignored))), icon=":material/link_off:")
    f = filters.current()
    if f is None:
        st.info(t("no_data_for", what=t("period")))
        return None
    return PageContext(store, values, f)


def _store_problem() -> Exception | None:
    try:
        cache.store()
    except StoreMissing as error:
        return error
    return None


def no_data(card: pd.DataFrame, f: Filters) -> bool:
    """True (after a note) when no customer matches the filters in the selected period."""
    active = card.set_index("id").loc["active_customers", "value"]
    if math.isfinite(active) and active > 0:
        return False
    what = f.label(f.period_start(f.end))
    if f.dimensions:
        what += " · " + ", ".join(f"{t(k)}: {'/'.join(labels.member(v) for v in vs)}" for k, vs in f.dimensions.items())
    st.info(t("no_data_for", what=plain(what)), icon=":material/filter_alt_off:")
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
