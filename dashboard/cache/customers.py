"""Cached customer analytics (segments, lifetime value, profiles, portfolios).

Kept apart from ``cache.py`` so the scorecard pages do not import statsmodels (0.7 s at start).
"""

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.cache import TTL
from dashboard.core.roles import shows_contacts
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.customers import lifetime, portfolios, privacy, profiles, segments


@st.cache_data(ttl=TTL, max_entries=16, show_spinner=False)
def customer_table(_store: Store, version: str, f: Filters) -> pd.DataFrame:
    return segments.customer_table(_store, f)


@st.cache_resource(ttl=TTL, max_entries=4, show_spinner=False)
def _lifetime_at(_store: Store, version: str, calibration_end: date) -> lifetime.LifetimeValues:
    """Every customer's scores at one calibration end: read from the store when the refresh precomputed
    them, fitted otherwise. Shared by every session, read only (never mutated)."""
    return lifetime.stored(_store, calibration_end) or lifetime.compute(_store, calibration_end)


@st.cache_resource(ttl=TTL, max_entries=16, show_spinner=False)
def lifetime_values(_store: Store, version: str, f: Filters) -> lifetime.LifetimeValues:
    """The customers of ``f``'s dimension filters, scored (read only, never mutated)."""
    return lifetime.select(_lifetime_at(_store, version, f.end_exclusive), f)


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def seven_p(_store: Store, version: str, f: Filters, group: str) -> pd.DataFrame:
    """The 7P profile of a group (``segment:..``, ``tier:..``, ``custom:filters``) under ``f``: keyed by the
    group's name, not by its thousands of member ids."""
    table = customer_table(_store, version, f)
    return profiles.seven_p(_store, f, table, lifetime_values(_store, version, f),
                            segments.members(table, group)["customer_id"])


@st.cache_data(ttl=TTL, max_entries=16, show_spinner=False)
def _reorder_lists(_store: Store, version: str, f: Filters) -> pd.DataFrame:
    return segments.due_to_reorder(_store, f, lapsed=None)  # the call list and the win-back list in one pass


@st.cache_data(ttl=TTL, max_entries=16, show_spinner=False)
def due_to_reorder(_store: Store, version: str, f: Filters, role: str | None, customer_id: int | None = None,
                   lapsed: bool = False) -> pd.DataFrame:
    """Who is due to reorder (or lapsed), with whom to call: contacts masked unless ``role`` may see them (the
    role is part of the cache key)."""
    if customer_id is None:
        both = _reorder_lists(_store, version, f)
        due = both[both["lapsed"] == lapsed].drop(columns="lapsed").reset_index(drop=True)
    else:
        due = segments.due_to_reorder(_store, f, customer_id=customer_id, lapsed=lapsed)
    return due if shows_contacts(role) else privacy.mask_contacts(due)


@st.cache_data(ttl=TTL, max_entries=4, show_spinner=False)
def recent_orders(_store: Store, version: str) -> pd.DataFrame:
    return profiles.recent_orders(_store)


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def customer_history(_store: Store, version: str, customer_id: int, role: str | None) -> dict[str, pd.DataFrame]:
    """One customer's history; contact name, e-mail and phone masked unless ``role`` may see them (the role is
    part of the cache key, so a masked and an unmasked copy never mix)."""
    history = profiles.customer_history(_store, customer_id)
    if not shows_contacts(role):
        history["facts"] = privacy.mask_contacts(history["facts"])
    return history


@st.cache_data(ttl=TTL, max_entries=64, show_spinner=False)
def find_customers(_store: Store, version: str, text: str) -> pd.DataFrame:
    return profiles.find_customers(_store, text)


@st.cache_data(ttl=TTL, max_entries=16, show_spinner=False)
def portfolio_table(_store: Store, version: str, f: Filters) -> pd.DataFrame:
    return portfolios.portfolios(_store, f, customer_table(_store, version, f), lifetime_values(_store, version, f))


@st.cache_data(ttl=TTL, max_entries=16, show_spinner=False)
def picket_fence(_store: Store, version: str, f: Filters) -> pd.DataFrame:
    return portfolios.picket_fence(customer_table(_store, version, f), lifetime_values(_store, version, f), _store, f)
