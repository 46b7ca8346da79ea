import streamlit as st

from dashboard import cache, charts, components, frame, labels
from dashboard.i18n import t
from metrics.strategy import Perspective

frame.inside_app_frame()

ctx = components.perspective_page(Perspective.CUSTOMER)
if ctx is not None:
    cohorts = cache.cohort_retention(ctx.store, ctx.version, ctx.filters)
    st.plotly_chart(charts.cohort_heatmap(cohorts, title=t("cohort_retention"), x_title=t("months_since"),
                                          y_title=t("cohort")), width="stretch", config={"displayModeBar": False})
    components.downloads(labels.frame(cohorts), "cohort-retention")
