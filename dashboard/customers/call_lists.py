"""Whom of the chosen group to call: due to reorder now, then lapsed ones to win back; one row per customer."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cache import customers as cache
from dashboard.core import auth, tables
from dashboard.core.context import PageContext
from dashboard.core.i18n import t
from dashboard.customers.groups import group_name

# key columns first: who, what is due, how late, how valuable, then how to reach them
COLUMNS = ["name", "categories_due", "overdue_days", "revenue_12m", "contact_name", "phone", "email", "shown_id",
           "last_purchase", "customer_id"]


def call_lists(ctx: PageContext, group: str) -> pd.Series | None:
    """The group's customers due to reorder now, then its lapsed ones; returns a selected row (to open the
    customer) or ``None``."""
    chosen = None
    for lapsed, title, help_key, key in ((False, "sg_call_list", "call_list_help", "call_list"),
                                         (True, "sg_win_back", "win_back_help", "win_back_list")):
        st.subheader(t(title, group=group_name(group)), help=t(help_key))
        due = cache.group_calls(ctx.store, ctx.filters, auth.role(), group, lapsed)
        st.caption(t("sg_lists_count", count=f"{len(due):,}") if len(due) else t("sg_lists_none"))
        picked = tables.paged_table(due[COLUMNS], key=key, height=300, selectable=True, hidden=("customer_id",),
                                    pinned=("name",), download_name=key.replace("_", "-"))
        chosen = picked if picked is not None else chosen
    return chosen
