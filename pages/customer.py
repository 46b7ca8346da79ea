import streamlit as st

from dashboard import cache
from dashboard.core import charts, downloads, guard, labels, navigation
from dashboard.core.i18n import t
from dashboard.customers import notes as customer_notes
from dashboard.scorecard import perspective
from metrics.scorecard.strategy import Perspective

guard.enter(navigation.PERSPECTIVE_PAGES[Perspective.CUSTOMER])

ctx = perspective.perspective_page(Perspective.CUSTOMER)
if ctx is not None:
    customer_notes.churn_note(ctx.store)  # churn, retention and active customers: inferred when no dates are given
    cohorts = cache.cohort_retention(ctx.store, ctx.filters)
    st.plotly_chart(charts.cohort_heatmap(cohorts, title=t("cohort_retention"), x_title=t("months_since"),
                                          y_title=t("cohort")), width="stretch", config={"displayModeBar": False})
    downloads.table_downloads(labels.frame(cohorts), "cohort-retention")
