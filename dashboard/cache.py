"""Cached access to the database and to metric results. The only place that caches."""

import streamlit as st
from sqlalchemy import Engine

from metrics import dataset


@st.cache_resource
def engine() -> Engine:
    """One engine per process, shared by every session (never mutated)."""
    return dataset.connect()


@st.cache_data(ttl=60, max_entries=4, show_spinner=False)
def dataset_summary() -> dataset.DatasetSummary:
    return dataset.dataset_summary(engine())
