"""Long tables shown a page at a time: the browser gets the rows on screen, the download gets them all."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard.core import downloads
from dashboard.core.i18n import t

PAGE_ROWS = 50


def page_of(frame: pd.DataFrame, page: int, rows: int = PAGE_ROWS) -> pd.DataFrame:
    """The ``page``-th (1-based) block of ``rows`` rows."""
    return frame.iloc[(page - 1) * rows: page * rows]


def search(frame: pd.DataFrame, text: str, columns: list[str]) -> pd.DataFrame:
    """Rows where any of ``columns`` contains ``text`` (case-insensitive, literal) or equals it."""
    text = text.strip()
    if not text:
        return frame
    mask = pd.Series(False, index=frame.index)
    for column in columns:
        values = frame[column].astype(str)
        mask |= values.str.contains(text, case=False, regex=False) | values.eq(text)
    return frame[mask]


def paged_table(frame: pd.DataFrame, *, key: str, download_name: str, search_columns: list[str] | None = None,
                column_config: dict | None = None, selectable: bool = False, height: int | None = None,
                search_label: str | None = None) -> pd.Series | None:
    """A search box (over ``search_columns``), one page of rows, a pager, and CSV/Excel downloads of the
    whole ``frame`` built on click. Returns the selected row (``selectable``) or ``None``."""
    rows = frame
    if search_columns:
        text = st.text_input(search_label or t("search"), key=f"{key}_search")
        rows = search(frame, text, search_columns)
    pages = max(1, math.ceil(len(rows) / PAGE_ROWS))
    page_key = f"{key}_page"
    if st.session_state.get(page_key, 1) > pages:
        st.session_state[page_key] = pages
    part = page_of(rows, st.session_state.get(page_key, 1))
    kwargs = {"on_select": "rerun", "selection_mode": "single-row"} if selectable else {}
    event = st.dataframe(part, hide_index=True, width="stretch", key=key, column_config=column_config,
                         **({"height": height} if height else {}), **kwargs)
    with st.container(horizontal=True, vertical_alignment="center"):
        if pages > 1:
            st.number_input(t("table_page"), min_value=1, max_value=pages, step=1, key=page_key, width=140)
        if len(rows):
            first = (st.session_state.get(page_key, 1) - 1) * PAGE_ROWS + 1
            st.caption(t("table_rows", first=f"{first:,}", last=f"{first + len(part) - 1:,}", total=f"{len(rows):,}"))
        else:
            st.caption(t("table_none"))
    downloads.table_downloads(frame, download_name)
    if selectable and event.selection.rows:
        return part.iloc[event.selection.rows[0]]
    return None
