"""The Data quality page: freshness, completeness, rule violations and the KPIs not measured."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.cache import admin as admin_cache
from dashboard.core.i18n import lang, t
from metrics.scorecard.needs import needs_words
from metrics.scorecard.registry import get


def data_quality(store) -> None:
    """Freshness (days to today), completeness per column, rule violations and the KPIs not measured."""
    complete, fresh, broken, lacking = admin_cache.quality(store, date.today())
    if lacking:
        st.subheader(t("quality_not_measured"))
        st.dataframe(pd.DataFrame({t("kpi"): [get(k).name[lang()] for k in lacking],
                                   t("fault_problem"): [t("not_measured", what=needs_words(v, lang()))
                                                        for v in lacking.values()]}), hide_index=True)
    else:
        st.success(t("quality_all_measured"), icon=":material/check_circle:")
    st.subheader(t("quality_rules"))
    if broken.empty:
        st.success(t("quality_no_problems"), icon=":material/verified:")
    else:
        st.dataframe(broken.rename(columns={"rule": t("fault_problem"), "rows": t("rows")}), hide_index=True)
    st.dataframe(fresh.rename(columns={"table": t("table"), "first": t("first"), "last": t("last"),
                                       "days_old": t("quality_days_old")}), hide_index=True)
    st.subheader(t("quality_completeness"))
    st.dataframe(complete.rename(columns={"table": t("table"), "column": t("fault_column"), "rows": t("rows"),
                                          "given": t("quality_given"), "share": t("quality_share")}),
                 hide_index=True, column_config={t("quality_share"): st.column_config.ProgressColumn(
                     min_value=0.0, max_value=1.0, format="percent")})
