import streamlit as st

from dashboard import cache
from dashboard.core import charts, downloads, guard, labels, navigation
from dashboard.core.i18n import t
from dashboard.scorecard import perspective
from metrics.scorecard.strategy import Perspective

guard.enter(navigation.PERSPECTIVE_PAGES[Perspective.LEARNING])

ctx = perspective.perspective_page(Perspective.LEARNING)
if ctx is not None:
    managers = cache.training_vs_completeness(ctx.store, ctx.filters)
    st.plotly_chart(charts.training_scatter(managers, title=t("training_vs_completeness"),
                                            x_title=t("training_hours"), y_title=t("completeness"),
                                            size_label=t("customers_count")),
                    width="stretch", config={"displayModeBar": False})
    downloads.table_downloads(labels.frame(managers), "training-vs-completeness")
