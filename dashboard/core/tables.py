"""Long tables shown a page at a time: the browser gets the rows on screen, the download gets them all."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard.core import downloads, labels
from dashboard.core.i18n import lang, t

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


def paged_table(df: pd.DataFrame, *, key: str, download_name: str, search_columns: list[str] | None = None,
                selectable: bool = False, height: int | None = None, search_label: str | None = None,
                hidden: tuple[str, ...] = (), pinned: tuple[str, ...] = ()) -> pd.Series | None:
    """A search box (over the raw ``search_columns``), one page of ``df``'s rows through the one labelling step
    (headers, names, formats, widths fitted to the page: ``labels.shown``, ``labels.column_config``), a pager, and
    CSV/Excel downloads of the whole list (``labels.frame``) built on click. ``hidden``: columns kept for the
    selection only (an internal id), neither shown nor downloaded; ``pinned``: columns that stay in view when the
    table scrolls sideways. Returns the selected row of ``df`` (``selectable``) or ``None``."""
    rows = df
    if search_columns:
        text = st.text_input(search_label or t("search"), key=f"{key}_search")
        rows = search(df, text, search_columns)
    pages = max(1, math.ceil(len(rows) / PAGE_ROWS))
    page_key = f"{key}_page"
    if st.session_state.get(page_key, 1) > pages:
        st.session_state[page_key] = pages
    part = page_of(rows, st.session_state.get(page_key, 1))
    visible = part.drop(columns=list(hidden))
    kwargs = {"on_select": "rerun", "selection_mode": "single-row"} if selectable else {}
    event = st.dataframe(labels.shown(visible), hide_index=True, width="stretch", key=key, placeholder="",
                         column_config=labels.column_config(visible, pinned=pinned),
                         **({"height": height} if height else {}), **kwargs)
    with st.container(horizontal=True, vertical_alignment="center"):
        if pages > 1:
            st.number_input(t("table_page"), min_value=1, max_value=pages, step=1, key=page_key, width=140)
        if len(rows):
            first = (st.session_state.get(page_key, 1) - 1) * PAGE_ROWS + 1
            st.caption(t("table_rows", first=f"{first:,}", last=f"{first + len(part) - 1:,}", total=f"{len(rows):,}"))
        else:
            st.caption(t("table_none"))
    # the whole list labelled on click, in this run's language and currency
    language = lang()
    downloads.table_downloads(lambda: labels.frame(df.drop(columns=list(hidden)), language), download_name)
    if selectable and event.selection.rows:
        return part.iloc[event.selection.rows[0]]
    return None
