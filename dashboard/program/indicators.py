"""The Program view's indicators (leading vs lagging KPIs per step, benchmark cases, the health check) and its
dated commentary."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cache import program as program_cache
from dashboard.core import labels
from dashboard.core.i18n import lang, t
from dashboard.program.common import ProgramContext, step_names
from metrics.base.format import format_value
from metrics.program import tables as pg
from metrics.program.indicators import benchmark_gaps
from metrics.program.indicators import leading_lagging as leading_lagging_table
from metrics.scorecard.registry import get

HEALTH_UNIT = {"goal_alignment": "score"}


def _unit(kpi_id: str) -> str:
    try:
        return str(get(kpi_id).unit)
    except KeyError:
        return "ratio"


def _months(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:+.0f}"


def leading_lagging(ctx: ProgramContext) -> None:
    st.subheader(t("program_section_leading"))
    if ctx.stored is None or ctx.stored.kpi_month.empty:
        return
    start = ctx.program.steps["planned_start"].min()
    moves = leading_lagging_table(ctx.stored.kpi_month, ctx.program.steps, program_start=start, today=ctx.today)
    labels.show(pd.DataFrame({
        "kpi_id": moves["kpi_id"], "kind": moves["kind"], "moved_in": pd.to_datetime(moves["moved_in"]),
        "stage": step_names(ctx.program.steps, moves["stage"]),
        "change": [format_value(v, _unit(k), lang()) for k, v in zip(moves["kpi_id"], moves["change"], strict=True)],
        # months; "–" where it does not apply (a lagging KPI) or the KPI did not move
        "lead_gross_margin": [_months(v) for v in moves["lead_gross_margin"]],
        "lead_retention_rate": [_months(v) for v in moves["lead_retention_rate"]],
    }))
    st.caption(t("program_leading_note"))


def benchmarks(ctx: ProgramContext) -> None:
    st.subheader(t("program_section_benchmarks"))
    if ctx.stored is None or ctx.program.benchmarks.empty:
        return
    better = {}
    for kpi_id in ctx.program.benchmarks["kpi_id"].unique():
        try:
            better[kpi_id] = str(get(kpi_id).better)
        except KeyError:
            better[kpi_id] = "higher"
    gaps = benchmark_gaps(ctx.program.benchmarks, ctx.stored.kpi_month, ctx.program.steps, better)
    if gaps["illustrative"].any():
        st.warning(t("program_illustrative"), icon=":material/science:")
    labels.show(pd.DataFrame({
        "step": step_names(ctx.program.steps, gaps["step_id"]), "kpi_id": gaps["kpi_id"],
        "cases": gaps["cases"].astype(int), "band_low": gaps["band_low"], "band_high": gaps["band_high"],
        "ours": gaps["ours"], "gap": gaps["gap"],
    }))
    st.caption(t("program_benchmark_note", months=int(ctx.program.benchmarks["months"].median())))


def health(ctx: ProgramContext) -> None:
    st.subheader(t("program_section_health"))
    change = ctx.program.steps.loc[ctx.program.steps["id"] == pg.CHANGE_STEP, "percent_complete"]
    frame = program_cache.health(ctx.store, ctx.program,
                                 float(change.iloc[0]) if not change.empty else -1.0, ctx.today)

    def shown(factor: str, value: float) -> str:
        if pd.isna(value):
            return t("program_not_measured")
        return format_value(value, "score", lang()) if factor in HEALTH_UNIT else format_value(value, "percent", lang())

    labels.show(pd.DataFrame({
        "factor": [f"health_{f}" for f in frame["factor"]],
        "measured": [shown(f, v) for f, v in zip(frame["factor"], frame["value"], strict=True)],
        "threshold": [shown(f, v) for f, v in zip(frame["factor"], frame["threshold"], strict=True)],
        "healthy": [bool(ok) if m else None for ok, m in zip(frame["ok"], frame["measured"], strict=True)],
    }))
    st.caption(t("program_health_note"))


def comments(ctx: ProgramContext) -> None:
    st.subheader(t("program_section_comments"))
    c = ctx.program.comments.sort_values("written_on", ascending=False)
    labels.show(pd.DataFrame({
        "written_on": c["written_on"].to_numpy(), "step": step_names(ctx.program.steps, c["step_id"]),
        "author": c["author"].to_numpy(), "text": c["text"].to_numpy(),
    }))
