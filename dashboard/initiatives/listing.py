"""The Initiatives view's list: the red KPIs nobody works on, every initiative with owner, dates, % complete, CPI,
SPI, status and what it moved, the CRM program beside them, and the timeline."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.cache import program as program_cache
from dashboard.core.i18n import lang, t
from dashboard.core.navigation import PROGRAM
from dashboard.core.safe import plain
from dashboard.initiatives import charts
from dashboard.initiatives.common import (
    InitiativesContext,
    code,
    day,
    effects_summary,
    field,
    kpi_name,
    ratio,
    uncovered_red,
)
from metrics.base.format import format_value
from metrics.program.cost import earned_value

STATUS_ORDER = ("active", "on_hold", "planned", "done", "cancelled")
SHOWN_RED = 6  # red KPIs named in the flag; the review pack lists every one


def red_flag(ctx: InitiativesContext) -> None:
    """The red KPIs of the period that no active initiative works on."""
    missing = uncovered_red(ctx)
    if missing:
        names = ", ".join(kpi_name(k) for k in missing[:SHOWN_RED])
        more = t("initiatives_red_more", count=len(missing) - SHOWN_RED) if len(missing) > SHOWN_RED else ""
        st.warning(t("initiatives_red_flag", count=len(missing), kpis=plain(names) + more), icon=":material/flag:")
    elif (ctx.card["status"] == "red").any():
        st.caption(t("initiatives_red_none"))
    st.caption(t("initiatives_red_help"))


def frame(ctx: InitiativesContext) -> pd.DataFrame:
    """The list as shown: one row per initiative, headers in the reader's language (``id`` kept for selection)."""
    found = ctx.tables.initiatives
    if found.empty:
        return pd.DataFrame()
    ev = ctx.earned.set_index("initiative_id")
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    found = found.assign(_order=found["status"].map(order).fillna(9)).sort_values(["_order", "start_on"])
    rows = []
    for r in found.to_dict("records"):
        i = int(r["id"])
        rows.append({
            "id": i, field("name"): r["name"], field("owner"): r["owner"] or "–",
            field("status"): code("status", r["status"]),
            field("start"): day(r["start_on"]), field("end"): day(r["end_on"]),
            field("percent_complete"): float(r["percent_complete"]),
            field("cpi"): ratio(ev.at[i, "cpi"]) if i in ev.index else "–",
            field("spi"): ratio(ev.at[i, "spi"]) if i in ev.index else "–",
            field("effect"): effects_summary(ctx, i),
        })
    return pd.DataFrame(rows)


def table(ctx: InitiativesContext) -> int | None:
    """Every initiative; returns the id of the row selected."""
    st.subheader(t("initiatives_list"))
    shown = frame(ctx)
    if shown.empty:
        st.info(t("initiatives_none"))
        return None
    event = st.dataframe(
        shown.drop(columns="id"), hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
        key="initiatives_table", row_height=70,
        column_config={
            field("percent_complete"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%"),
            field("effect"): st.column_config.TextColumn(width="large", help=t("initiatives_effect_help")),
            field("cpi"): st.column_config.TextColumn(help=t("initiatives_ev_help")),
            field("name"): st.column_config.TextColumn(width="medium")})
    program_row(ctx)
    rows = event.selection.rows if event is not None and event.selection else []
    return int(shown.iloc[rows[0]]["id"]) if rows else None


def program_row(ctx: InitiativesContext) -> None:
    """The CRM program's headline figures beside the initiatives (it keeps its own page, as of the same day)."""
    program = program_cache.program_tables()
    if program.steps.empty:
        return
    ev = earned_value(program.steps, program.costs, as_of=ctx.today)
    total = ev.loc[ev["step_id"] == 0].iloc[0]
    with st.container(horizontal=True, vertical_alignment="center"):
        done = format_value(total["percent_complete"] / 100, "percent", lang(), decimals=0)
        st.caption(f"{t('initiatives_program_row')} · {field('percent_complete')} {done} · "
                   f"CPI {ratio(total['cpi'])} · SPI {ratio(total['spi'])}", help=t("initiatives_program_note"))
        if st.button(t("initiatives_open_program"), icon=PROGRAM.icon, key="initiatives_open_program"):
            st.switch_page(PROGRAM.path)


def gantt(ctx: InitiativesContext) -> None:
    found = ctx.tables.initiatives
    if found.empty:
        return
    st.subheader(t("initiatives_gantt"))
    names = {s: code("status", s) for s in STATUS_ORDER}
    fig = charts.timeline(found, status_names=names, today=ctx.today,
                          today_label=f"{t('initiatives_today')} {day(ctx.today)}", milestones=ctx.tables.milestones)
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})
