"""Reusable page parts: data status, table listings, error states."""

from datetime import date, timedelta

import streamlit as st

from dashboard import cache, i18n
from dashboard.i18n import t
from metrics.dataset import DatabaseUnavailable, DatasetSummary

STALE_AFTER = timedelta(days=31)


def load_summary() -> DatasetSummary | None:
    """The dataset summary, or ``None`` after showing why the database cannot be read."""
    try:
        summary = cache.dataset_summary()
    except DatabaseUnavailable as error:
        st.error(t("db_down", url=error.url, reason=error.reason), icon=":material/database_off:")
        return None
    if summary.empty:
        st.warning(t("empty_database", url=summary.url), icon=":material/inventory_2:")
        return None
    return summary


def as_of_note(summary: DatasetSummary, *, today: date | None = None) -> None:
    """The data's "as of" date, flagged when older than a month."""
    today = today or date.today()
    if summary.as_of is None:
        return
    if today - summary.as_of > STALE_AFTER:
        st.warning(t("stale", as_of=i18n.day(summary.as_of)), icon=":material/history:")
    else:
        st.caption(f"{t('as_of')}: {i18n.day(summary.as_of)}")


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
    """Rows and date range per table."""
    frame = summary.tables.assign(table=summary.tables["table"].map(i18n.table_name)).rename(columns={
        "table": t("table"), "rows": t("rows"), "first": t("first"), "last": t("last")})
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={t("rows"): st.column_config.NumberColumn(format="localized")})
