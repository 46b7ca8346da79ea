"""Cached reads of the link tests and forecasts stored at refresh (keyed by the store's data version)."""

import pandas as pd
import streamlit as st

from dashboard.cache import TTL
from metrics.base.store import Store
from metrics.links import fit as links
from metrics.links import forecast


@st.cache_data(ttl=TTL, max_entries=4, show_spinner=False)
def link_table(_store: Store, version: str) -> pd.DataFrame:
    return links.read(_store)


@st.cache_data(ttl=TTL, max_entries=4, show_spinner=False)
def link_series(_store: Store, version: str) -> pd.DataFrame:
    return links.read_series(_store)


@st.cache_data(ttl=TTL, max_entries=4, show_spinner=False)
def forecasts(_store: Store, version: str) -> pd.DataFrame:
    return forecast.read(_store)


@st.cache_data(ttl=TTL, max_entries=4, show_spinner=False)
def forecast_paths(_store: Store, version: str) -> pd.DataFrame:
    return forecast.read(_store, forecast.PATH_TABLE)


@st.cache_data(ttl=TTL, max_entries=4, show_spinner=False)
def anomalies(_store: Store, version: str) -> pd.DataFrame:
    return forecast.read(_store, forecast.ANOMALY_TABLE)


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False)
def what_if(_store: Store, version: str, changes: tuple[tuple[str, float], ...]) -> pd.DataFrame:
    return links.what_if(links.read(_store), dict(changes))


@st.cache_data(ttl=TTL, max_entries=8, show_spinner=False)
def map_evidence(_store: Store, version: str, language: str, _build) -> dict:
    """The strategy map's evidence per link in ``language`` (``_build(store, version)`` writes it in the page's
    language, which ``language`` names for the key)."""
    return _build(_store, version)
