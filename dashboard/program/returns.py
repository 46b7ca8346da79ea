"""The Program view's benefit (counterfactual of gross margin), its method check (placebo), and the return: the
whole program's ROI with its caveat, the benefit by phase of calendar time, the cost by step."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.core import downloads, labels
from dashboard.core.i18n import lang, t
from dashboard.program import charts
from dashboard.program.common import ProgramContext, money, month, percent, roi_texts, step_name
from metrics.program import tables as pg
from metrics.program.returns import Returns, phase_benefits, step_costs


def has_benefit(ctx: ProgramContext) -> bool:
    """True when a counterfactual is stored; else says why not."""
    if ctx.stored is not None and not ctx.stored.frame.empty:
        return True
    reason = "stale"
    if ctx.stored is not None and not ctx.stored.checks.empty and ctx.stored.checks["reason"].notna().any():
        reason = str(ctx.stored.checks["reason"].dropna().iloc[0])
    st.info(t("program_no_impact", reason=t(f"program_reason_{reason}")), icon=":material/info:")
    return False


def benefit(ctx: ProgramContext) -> None:
    st.subheader(t("program_section_benefit"))
    if not has_benefit(ctx):
        return
    frame = ctx.stored.frame
    main = ctx.stored.checks.set_index("kind").loc["main"]
    st.markdown(t("program_benefit_summary", go_live=month(frame.index[0]), total=money(main["cumulative"]),
                  low=money(main["cumulative_low"]), high=money(main["cumulative_high"]),
                  p=percent(main["probability_no_effect"], 1)))
    chart_labels = {"title": t("program_benefit_chart"), "interval": t("program_interval_band"),
                    "counterfactual": t("program_counterfactual"), "actual": t("program_actual"),
                    "go_live": t("program_go_live"), "money": t("program_money")}
    st.plotly_chart(charts.benefit(frame, ctx.stored.history, labels=chart_labels, lang=lang()), width="stretch")
    chart_labels = {"title": t("program_effect_chart"), "monthly": t("program_monthly"),
                    "interval": t("program_interval_band"), "cumulative": t("program_cumulative"),
                    "money": t("program_money")}
    st.plotly_chart(charts.effect(frame, labels=chart_labels, lang=lang()), width="stretch")
    st.caption(t("program_method_text"))


def method_check(ctx: ProgramContext) -> None:
    """The main estimate beside a placebo go-live fitted on pre-go-live data only: the placebo must show none."""
    st.subheader(t("program_section_method"))
    if ctx.stored is None or ctx.stored.frame.empty:
        return
    checks = ctx.stored.checks
    table = pd.DataFrame({
        "check": checks["kind"], "post_start": pd.to_datetime(checks["post_start"]),
        "cumulative": checks["cumulative"], "cumulative_low": checks["cumulative_low"],
        "cumulative_high": checks["cumulative_high"], "p_no_effect": checks["probability_no_effect"],
        "verdict": ["effect_found" if d else "no_effect_found" for d in checks["detected"]],
    })
    labels.show(table)
    st.caption(t("program_placebo_note", months=pg.PLACEBO_MONTHS))
    placebo = checks.loc[checks["kind"] == "placebo"]
    if not placebo.empty:
        if bool(placebo["detected"].iloc[0]):
            st.warning(t("program_method_warn"), icon=":material/warning:")
        else:
            st.success(t("program_method_ok"), icon=":material/verified:")


def return_section(ctx: ProgramContext, ret: Returns | None, rate: float) -> None:
    """The whole program's return with its interval and caveat, the benefit by phase of calendar time, the cost by
    step, and why there is no return per step."""
    st.subheader(t("program_section_return"))
    if ret is None:
        return
    roi, low, high = roi_texts(ret.roi, ret.roi_low, ret.roi_high)
    st.markdown(t("program_return_headline", roi=roi, low=low, high=high, rate=percent(rate, 1)))
    st.caption(t("program_roi_meaning", roi=percent(ret.roi), value=roi))
    st.caption(t("program_roi_caveat"))
    chart_labels = {"title": t("program_return_chart"), "interval": t("program_interval_band"),
                    "cumulative_net": t("program_cumulative_net"), "paid_back": t("program_paid_back"),
                    "probability": t("program_probability"), "money": t("program_money")}
    st.plotly_chart(charts.cumulative_return(ret.monthly, ret.paid_back_by, labels=chart_labels, lang=lang()),
                    width="stretch")
    st.markdown(f"**{t('program_phase_benefit_title')}**")
    table = phase_table(phase_benefits(ctx.program.steps, ctx.stored.frame, ctx.stored.draws))
    labels.show(table)
    downloads.table_downloads(labels.frame(table), "program-benefit-by-phase")
    st.markdown(f"**{t('program_step_cost_title')}**")
    costs = step_cost_table(ctx.program.steps, step_costs(ctx.program))
    labels.show(costs)
    downloads.table_downloads(labels.frame(costs), "program-cost-by-step")
    st.info(t("program_no_step_attribution"), icon=":material/info:")
    st.caption(t("program_rate_help"))


def phase_table(phases: pd.DataFrame) -> pd.DataFrame:
    """One row per phase: its calendar months and the benefit measured in them (not discounted), with interval."""
    return pd.DataFrame({
        "phase": phases["phase"], "phase_from": phases["first_month"], "phase_to": phases["last_month"],
        "benefit_measured": phases["benefit"], "benefit_low": phases["benefit_low"],
        "benefit_high": phases["benefit_high"],
        "benefit_note": ["" if n else "before_go_live" for n in phases["months"]],
    })


def step_cost_table(steps: pd.DataFrame, costs: pd.DataFrame) -> pd.DataFrame:
    """One row per step: its phase, budget and actual cost (no return: see ``program_no_step_attribution``)."""
    return pd.DataFrame({
        "step": [step_name(steps, i) for i in costs["step_id"]], "phase": costs["phase"],
        "budget": costs["budget"], "actual_cost": costs["actual_cost"],
    })
