"""The groups a marketer picks on the Segments page: RFM segments, value tiers and the custom group, by name."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.core import i18n
from dashboard.core.i18n import lang, t
from metrics.customers.segments import SEGMENT_NAMES, group_choices


def group_name(group: str, language: str | None = None) -> str:
    language = language or lang()
    kind, _, value = group.partition(":")
    if kind == "custom":
        return i18n.TEXT["custom_segment"][language]
    return SEGMENT_NAMES[value][language] if kind == "segment" else i18n.TEXT[f"tier_{value}"][language]


def group_picker(table: pd.DataFrame, *, key: str, label: str, allow_none: bool = False) -> str | None:
    """A select box over the RFM segments present and the value tiers, kept in the URL under ``key``."""
    groups = group_choices(table)
    if key not in st.session_state and st.query_params.get(key) in groups:
        st.session_state[key] = st.query_params[key]
    language = lang()  # fixed now: the widget keeps its format function past the run
    chosen = st.selectbox(label, groups, index=None if allow_none else 0, key=key,
                          format_func=lambda g: group_name(g, language),
                          placeholder=t("none_selected"))
    if chosen:
        st.query_params[key] = chosen
    elif key in st.query_params:
        del st.query_params[key]
    return chosen
