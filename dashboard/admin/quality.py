"""The Data quality page: the refresh steps that failed, freshness, completeness, rule violations and the KPIs not
measured."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.cache import admin as admin_cache
from dashboard.cache import customer_data
from dashboard.core.context import step_label
from dashboard.core.i18n import lang, t
from metrics.scorecard.needs import needs_words
from metrics.scorecard.registry import get


def refresh_steps(store) -> None:
    """The derived steps of the last refresh that could not compute or warned, and why, in the reader's
    language."""
    doubts = [s for s in cache.step_statuses(store) if s.status != "ok"]
    st.subheader(t("storefault_steps_title"))
    if not doubts:
        st.success(t("storefault_steps_none"), icon=":material/check_circle:")
        return
    st.dataframe(pd.DataFrame({
        t("storefault_step"): [step_label(s.step) for s in doubts],
        t("storefault_status"): [t(f"storefault_status_{s.status}") for s in doubts],
        t("storefault_reason"): [s.reason(lang()) for s in doubts],
        t("storefault_seconds"): [s.seconds for s in doubts]}), hide_index=True)


def data_quality(store) -> None:
    """Freshness (days to today), completeness per column, rule violations, the KPIs not measured and the refresh
    steps that could not compute."""
    refresh_steps(store)
    complete, fresh, broken, lacking = admin_cache.quality(store, date.today())
    if lacking:
        st.subheader(t("quality_not_measured"))
        st.dataframe(pd.DataFrame({t("kpi"): [get(k).name[lang()] for k in lacking],
                                   t("fault_problem"): [t("not_measured", what=needs_words(v, lang()))
                                                        for v in lacking.values()]}), hide_index=True)
    else:
        st.success(t("quality_all_measured"), icon=":material/check_circle:")
    found = customer_data.findings(store, lang())  # churn dates empty (so inferred), needed columns empty, ...
    if not found.empty:
        st.subheader(t("cd_findings"))
        st.dataframe(found.rename(columns={"rule": t("fault_problem"), "rows": t("rows")}), hide_index=True)
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
