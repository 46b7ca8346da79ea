import streamlit as st

from dashboard import cache
from dashboard.core import context, downloads, filters, guard, navigation
from dashboard.core.i18n import t
from dashboard.customers import notes as customer_notes
from dashboard.links import views as link_views
from dashboard.scorecard import overview, phone

guard.enter(navigation.OVERVIEW)

ctx = context.page_context("overview_title")
if ctx is not None:
    card = cache.scorecard(ctx.store, ctx.filters)
    if not context.no_data(card, ctx.filters):
        overview.score_tiles(card)
        customer_notes.churn_note(ctx.store)  # churn, retention, active customers: inferred when no dates are given
        phone.phone_summary(card)  # on a phone, in place of the drawn map (CSS picks one: dashboard.scorecard.phone)
        with phone.wide_only():
            overview.strategy_map(card, filters.value_proposition(), link_views.map_evidence(ctx.store))
        st.subheader(t("scorecard"))
        overview.open_kpi(overview.kpi_picker(card))
        flags = None if ctx.filters.dimensions else link_views.flags(ctx.store)
        overview.open_kpi(overview.scorecard_tables(card, filters.comparison(), flags))
        with st.container(horizontal=True):
            downloads.scorecard_downloads(card, "scorecard", flags)  # numbers as numbers (reports.excel)
            overview.report_download(ctx.filters)
