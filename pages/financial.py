import streamlit as st

from dashboard import cache
from dashboard.core import charts, guard, navigation
from dashboard.core.i18n import lang, t
from dashboard.scorecard import perspective
from metrics.scorecard.scoring import trend_filters
from metrics.scorecard.strategy import Perspective

guard.enter(navigation.PERSPECTIVE_PAGES[Perspective.FINANCIAL])

ctx = perspective.perspective_page(Perspective.FINANCIAL)
if ctx is not None:
    split = cache.revenue_split(ctx.store, ctx.filters)
    labels = [ctx.filters.label(p.date()) for p in trend_filters(ctx.filters).period_index]
    st.plotly_chart(charts.revenue_split(split, labels=labels, new_label=t("new_customers_rev"),
                                         existing_label=t("existing_customers_rev"), title=t("new_vs_existing"),
                                         lang=lang()),
                    width="stretch", config={"displayModeBar": False})
