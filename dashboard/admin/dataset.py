"""The Data page's parts: what is loaded, table by table."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.core import downloads as file_downloads
from dashboard.core import i18n, labels
from dashboard.core.i18n import t
from dashboard.core.texts.names import PRIVATE_TABLES
from data import db
from metrics.base.dataset import DatasetSummary


def dataset_tiles(summary: DatasetSummary) -> None:
    """Headline counts of what is loaded."""
    first = summary.tables.loc[summary.tables["table"] == "sales_order", "first"].iloc[0]
    with st.container(horizontal=True):
        for key, table in [("customers", "customer"), ("orders", "sales_order"),
                           ("order_lines", "order_line"), ("tickets", "service_ticket"),
                           ("employees", "employee")]:
            st.metric(t(key), i18n.number(summary.rows(table)), border=True)
        period = f"{i18n.month(date.fromisoformat(first) if first else None)} – {i18n.month(summary.as_of)}"
        st.metric(t("period_covered"), period, border=True)


def table_listing(summary: DatasetSummary) -> None:
    """Rows and date range per table of the company's data, by name (the system's bookkeeping left off)."""
    private = PRIVATE_TABLES | {table.name for table in db.tables() if table.info.get("private")}
    tables = summary.tables[~summary.tables["table"].isin(private)]
    frame = tables.assign(table=tables["table"].map(labels.table_name)).rename(columns={
        "table": t("table"), "rows": t("rows"), "first": t("first"), "last": t("last")})
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={t("rows"): st.column_config.NumberColumn(format="localized")})
    file_downloads.table_downloads(frame, "tables")
