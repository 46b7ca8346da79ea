import streamlit as st

from dashboard.cache import customers as cache
from dashboard.core import context, guard, navigation
from dashboard.core.i18n import t
from dashboard.customers import views as customer_views

guard.enter(navigation.SEGMENTS)

ctx = context.page_context("segments_title")
if ctx is not None:
    table = cache.customer_table(ctx.store, ctx.filters)
    if table.empty:
        st.info(t("no_data_for", what=ctx.filters.label(ctx.filters.period_start(ctx.filters.end))))
    else:
        customer_views.segment_notes(ctx, table)
        customer_views.segment_map(table)
        st.subheader(t("seven_p"))
        customer_views.group_section(ctx, table)  # the 7P cards, then the group's lists
