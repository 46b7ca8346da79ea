"""Page parts for the portfolios view: each customer manager's portfolio and the picket fence. A company without
customer managers, or whose lifetime values are not known, is told so instead of shown zeros."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cache import customer_data
from dashboard.cache import customers as cache
from dashboard.core import charts, guard, labels
from dashboard.core.context import PageContext
from dashboard.core.downloads import table_downloads as downloads
from dashboard.core.i18n import lang, t
from dashboard.customers import notes
from metrics.base.format import format_value
from metrics.customers import portfolios


def portfolio_table(ctx: PageContext) -> None:
    st.subheader(t("portfolio_table"))
    if not customer_data.coverage(ctx.store).managers:
        st.info(t("cd_no_managers"), icon=":material/person_search:")
        return
    frame = cache.portfolio_table(ctx.store, ctx.filters)
    notes.churn_note(ctx.store)  # retention counts customers lost by the rule
    departed = frame["left_on"].map(lambda d: "" if pd.isna(d) else " †").astype(object)
    names = frame["manager"].map(lambda n: t("no_owner") if pd.isna(n) else str(n)).astype(object)
    shown = frame.assign(manager=names + departed)[
        ["manager", "customers", "predicted_value", "revenue_12m", "profit_12m", "growth", "retention"]]
    labels.show(shown, height=420)
    downloads(labels.frame(shown), "portfolios")


@guard.fragment
def picket_fence(ctx: PageContext) -> None:
    st.subheader(t("picket_fence"))
    fence = cache.picket_fence(ctx.store, ctx.filters)
    if fence.empty:
        reason = cache.lifetime_reason(ctx.store, ctx.filters)
        lacking = customer_data.coverage(ctx.store).lacking("clv")
        why = (t("cd_not_estimable") + ": " + notes.lifetime_reason(reason) if reason is not None
               else notes.not_measured(lacking) if lacking else "")
        if why:
            st.info(t("cd_fence_needs_values", what=why), icon=":material/fence:")
        return
    if len(fence) <= 10:
        top = len(fence)
    else:
        top = st.slider(t("fence_at"), 10, len(fence), min(len(fence), max(10, int(fence["managed"].sum()))),
                        step=10, key="fence_top")
    coverage = portfolios.fence_coverage(fence, top)
    with st.container(horizontal=True):
        for key in ("fence_value_share", "fence_profit_share", "managed_value_share"):
            st.metric(t(key), format_value(coverage[key], "percent", lang()), border=True)
        # a share in the tile (the counts, "34,860 / 51,831", ran past a tile's edge at 1440 px), the counts in its help
        st.metric(t("managed_in_fence"), format_value(coverage["managed_in_fence"] / top, "percent", lang()),
                  help=t("managed_in_fence_counts", managed=format_value(coverage["managed_in_fence"], "count", lang()),
                         top=format_value(top, "count", lang())), border=True)
    curve = portfolios.fence_curve(fence)  # a few hundred points draw the same curve as 100,000
    st.plotly_chart(charts.picket_fence_chart(curve, top=top, title=t("picket_fence"), x_title=t("customer_rank"),
                                              y_title=t("cumulative_value"), managed_label=t("managed"),
                                              unmanaged_label=t("unmanaged"), fence_label=t("fence")),
                    width="stretch", config={"displayModeBar": False})
