import streamlit as st

from dashboard import cache
from dashboard.core import filters
from dashboard.core import guard as frame
from dashboard.core.i18n import t
from dashboard.links import views as link_views
from dashboard.scorecard import components

frame.inside_app_frame()

ctx = components.page_context("overview_title")
if ctx is not None:
    card = cache.scorecard(ctx.store, ctx.version, ctx.filters)
    if not components.no_data(card, ctx.filters):
        components.score_tiles(card)
        components.strategy_map(card, filters.value_proposition(), link_views.map_evidence(ctx.store, ctx.version))
        st.subheader(t("scorecard"))
        components.open_kpi(components.kpi_picker(card))
        flags = None if ctx.filters.dimensions else link_views.flags(ctx.store, ctx.version)
        components.open_kpi(components.scorecard_tables(card, filters.comparison(), flags))
        shown = components.scorecard_frame(card, filters.comparison())
        with st.container(horizontal=True):
            components.downloads(shown.drop(columns="id"), "scorecard")
            components.report_download(card, ctx.filters, shown)
