"""The Program view (issue 10): its context, the headline tiles and the section shown; the sections live in
``plan`` (plan, cost), ``returns`` (benefit, method check, return), ``indicators`` (leading vs lagging,
benchmarks, health, commentary) and ``editor`` beside this module. Figures come from ``metrics.program``; texts
from ``dashboard/core/texts/program.py``; tables are labelled by ``dashboard.core.labels``."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.cache import program as program_cache
from dashboard.core import auth
from dashboard.core.context import page_context
from dashboard.core.i18n import lang, t
from dashboard.program import editor as program_editor
from dashboard.program import indicators
from dashboard.program import plan as plans
from dashboard.program import returns as returns_views
from dashboard.program.common import ProgramContext, money, percent, ratio, roi_texts
from metrics.program.cost import earned_value, monthly_program_cost
from metrics.program.returns import Returns, program_returns

RATE_KEY = "program_rate"
SECTIONS = ("plan", "cost", "benefit", "return", "indicators", "commentary")
SECTION_KEY = "program_section"


def context() -> ProgramContext | None:
    """Title, data note and everything the parts read; None (after a message) when nothing can be shown."""
    ctx = page_context("page_program")
    if ctx is None:
        return None
    program = program_cache.program_tables()
    if program.steps.empty:
        st.info(t("program_no_steps"))
        return None
    last = ctx.values.last_month  # the latest month of sales, as the filters already read it
    today = (pd.Timestamp(last) + pd.offsets.MonthEnd(0)) if last is not None else pd.Timestamp(date.today())
    stored = program_cache.stored_impact(ctx.store)
    st.caption(t("program_intro"))
    return ProgramContext(ctx.store, program, stored, today)


def rate_input() -> float:
    """The discount rate the user sets (percent on screen, a fraction returned)."""
    value = st.columns([1, 2])[0].number_input(t("program_rate"), min_value=0.0, max_value=50.0, value=10.0,
                                               step=0.5, format="%.1f", key=RATE_KEY, help=t("program_rate_help"))
    return float(value) / 100


def returns(ctx: ProgramContext, rate: float) -> Returns | None:
    if ctx.stored is None or ctx.stored.frame.empty:
        return None
    return program_returns(monthly_program_cost(ctx.program), ctx.stored.frame["effect"], ctx.stored.draws, rate=rate)


def earned(ctx: ProgramContext) -> pd.DataFrame:
    return earned_value(ctx.program.steps, ctx.program.costs, as_of=ctx.today)


def section() -> str:
    """Which part to show: one at a time keeps the page light (charts and grids are heavy in a browser)."""
    names = [t(f"program_tab_{k}") for k in SECTIONS]  # shown names as options (AppTest sets them by name)
    chosen = st.segmented_control(t("program_view"), names, default=names[0], key=f"{SECTION_KEY}_{lang()}")
    return SECTIONS[names.index(chosen)] if chosen in names else SECTIONS[0]


def show(view: str, ctx: ProgramContext, ev: pd.DataFrame, ret: Returns | None, rate: float) -> None:
    """Lay out one section; the edit forms only for those who may edit."""
    if view == "plan":
        plans.plan(ctx, ev)
        if auth.can_edit_program():
            program_editor.editor(ctx)
    elif view == "cost":
        plans.cost(ctx)
    elif view == "benefit":
        returns_views.benefit(ctx)
        returns_views.method_check(ctx)
    elif view == "return":
        returns_views.return_section(ctx, ret, rate)
    elif view == "indicators":
        indicators.leading_lagging(ctx)
        indicators.benchmarks(ctx)
        indicators.health(ctx)
    else:
        indicators.comments(ctx)


def roi_tile(ret: Returns) -> dict:
    """The ROI tile: a multiple of the cost when it is 1,000% or more (``120×``), its 95% interval in a chip short
    enough not to be cut, and what the figure means and rests on in its help."""
    value, low, high = roi_texts(ret.roi, ret.roi_low, ret.roi_high)
    meaning = t("program_roi_meaning", roi=percent(ret.roi), value=value)
    return dict(label=t("program_roi"), value=value, delta=t("program_interval_short", low=low, high=high),
                delta_color="off", delta_arrow="off", help=f"{meaning} {t('program_roi_caveat')}")


def headline(ctx: ProgramContext, ret: Returns | None, ev: pd.DataFrame) -> None:
    """NPV, ROI, payback, CPI and SPI as one row of equal tiles."""
    total = ev.set_index("step_id").loc[0]
    tiles = []
    if ret is not None:
        tiles += [
            dict(label=t("program_npv"), value=money(ret.npv),
                 help=t("program_interval", low=money(ret.npv_low), high=money(ret.npv_high))),
            roi_tile(ret),
            dict(label=t("program_payback"),
                 value=f"{ret.payback:%Y-%m}" if ret.payback is not None else t("program_not_paid_back"),
                 delta=t("program_p_paid", p=percent(float(ret.paid_back_by.iloc[-1]))), delta_color="off",
                 delta_arrow="off"),
        ]
    tiles += [dict(label=t("program_cpi"), value=ratio(total["cpi"]), help=t("program_cpi_help")),
              dict(label=t("program_spi"), value=ratio(total["spi"]), help=t("program_spi_help"))]
    for column, tile in zip(st.columns(len(tiles)), tiles, strict=True):
        column.metric(border=True, height="stretch", **tile)
