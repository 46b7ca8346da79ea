"""The Program view's plan (Gantt chart and earned value per step) and cost (by step, month and category)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.core import downloads, labels
from dashboard.core.i18n import lang, t
from dashboard.program import charts
from dashboard.program.common import ProgramContext, code, step_names
from metrics.program.cost import cost_by_month


def plan(ctx: ProgramContext, ev: pd.DataFrame) -> None:
    st.subheader(t("program_section_plan"))
    steps = ctx.program.steps.assign(label=step_names(ctx.program.steps, ctx.program.steps["id"]))
    chart_labels = {"planned": t("program_planned"), "actual": t("program_actual"), "today": t("program_today"),
                    "title": t("program_gantt")}
    phases = {int(p): t("program_phase", n=int(p)) for p in steps["phase"].unique()}
    st.plotly_chart(charts.gantt(steps, today=ctx.today, labels=chart_labels, phase_names=phases), width="stretch")
    table = plan_table(ctx.program.steps, ev)
    labels.show(table)
    downloads.table_downloads(labels.frame(table), "program-plan")


def plan_table(steps: pd.DataFrame, ev: pd.DataFrame) -> pd.DataFrame:
    """One row per step: dates, owner, status, % complete (a fraction) and the earned-value figures."""
    e = ev.set_index("step_id").reindex(steps["id"])
    return pd.DataFrame({
        "step": step_names(steps, steps["id"]), "phase": steps["phase"].to_numpy(),
        "planned_start": steps["planned_start"].to_numpy(), "planned_end": steps["planned_end"].to_numpy(),
        "actual_start": steps["actual_start"].to_numpy(), "actual_end": steps["actual_end"].to_numpy(),
        "owner": steps["owner"].to_numpy(), "status": steps["status"].to_numpy(),
        "percent_complete": steps["percent_complete"].to_numpy(dtype=float) / 100,
        "budget": e["budget"].to_numpy(), "actual_cost": e["actual_cost"].to_numpy(),
        "planned_value": e["planned_value"].to_numpy(), "earned_value": e["earned_value"].to_numpy(),
        "cpi": e["cpi"].to_numpy(), "spi": e["spi"].to_numpy(),
    })


def cost(ctx: ProgramContext) -> None:
    st.subheader(t("program_section_cost"))
    monthly = cost_by_month(ctx.program)
    names = {c: code("category", c) for c in monthly["category"].unique()}
    chart_labels = {"title": t("program_cost_chart"), "budget": t("program_budget"), "money": t("program_money"),
                    "cumulative_actual": t("program_cumulative_actual"), "cumulative": t("program_cumulative"),
                    "cumulative_budget": t("program_cumulative_budget")}
    st.plotly_chart(charts.cost_vs_budget(monthly, labels=chart_labels, category_names=names, lang=lang()),
                    width="stretch")
    by = monthly.groupby(["step_id", "category"], as_index=False)[["actual", "budget"]].sum()
    table = pd.DataFrame({"step": step_names(ctx.program.steps, by["step_id"]), "category": by["category"],
                          "budget": by["budget"], "actual_cost": by["actual"]})
    labels.show(table)
    downloads.table_downloads(labels.frame(table), "program-cost")
