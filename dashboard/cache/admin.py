"""Cached results of the admin pages: the import templates and the data quality checks."""

import io
import zipfile
from datetime import date

import pandas as pd
import streamlit as st

from dashboard.cache import results
from data.importing import template as import_template
from metrics.base.store import Store


@st.cache_data(max_entries=1, show_spinner=False)
def template_zip() -> bytes:
    """Every import template (one CSV per table, and the column guide) in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in import_template.files().items():
            archive.writestr(name, content)
    return buffer.getvalue()


@results(max_entries=4)
def quality(store: Store, today: date) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """Completeness, freshness on ``today``, rule violations and the KPIs not measured (and what they need)."""
    from metrics.base import quality as checks  # imported when the Data page first asks, not at start
    from metrics.scorecard import needs

    return (checks.completeness(store), checks.freshness(store, today), checks.stored_violations(store),
            needs.missing(store))
