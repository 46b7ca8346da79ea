import streamlit as st

from dashboard import cache
from dashboard.core import context, guard, navigation
from dashboard.drill import views as drill

guard.enter(navigation.WHO)

drill.arrive_at_top()
ctx = context.page_context("drill_page_who")
if ctx is not None:
    card = cache.scorecard(ctx.store, ctx.filters)
    kpi = drill.kpi_picker()
    drill.headline(ctx, card, kpi)
    st.divider()
    drill.customer_list(ctx, kpi)
