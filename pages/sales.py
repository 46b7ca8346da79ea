import streamlit as st

from dashboard.core import context, guard, navigation
from dashboard.core.i18n import t
from dashboard.sales import editor, views

guard.enter(navigation.SALES)

ctx = context.page_context("sales_page_title")
if ctx is not None and views.team_present(ctx):
    st.caption(t("sales_intro"))
    ranking = views.ranking(ctx)
    views.summary_tiles(ranking)
    views.ranking_table(ranking, filtered=bool(ctx.filters.dimensions), partial_to=views.partial_to(ctx))
    views.attainment_chart(ranking)
    views.advancement(ctx)
    editor.target_editor(ctx.store, ctx.filters)
