"""Parts of the Program view (issue 10): tiles, plan, cost, benefit, return, indicators, benchmarks, health,
method check, commentary and the edit forms. Figures come from ``metrics.program``; texts from
``dashboard/texts/program.py``; charts from ``dashboard.program_charts``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import auth, components, i18n, program_cache
from dashboard import program_charts as charts
from dashboard.i18n import lang, t
from data import db
from data import program as edits
from metrics import program as pg
from metrics.format import format_value
from metrics.registry import get
from metrics.store import Store

RATE_KEY = "program_rate"


@dataclass(frozen=True)
class ProgramContext:
    store: Store
    version: str
    program: pg.Program
    stored: pg.StoredImpact | None
    today: pd.Timestamp


def can_edit() -> bool:
    """Whether the signed-in user may edit the program: the CRM project team and admins."""
    return auth.can_edit_program()


# --- formatting ---------------------------------------------------------------------------
def money(value: float | None) -> str:
    return format_value(value, "currency", lang())


def percent(value: float | None, decimals: int = 0) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value * 100:,.{decimals}f}%"


def ratio(value: float | None) -> str:
    return "–" if value is None or not math.isfinite(value) else f"{value:.2f}"


def _month(value) -> str:
    return "–" if value is None or pd.isna(value) else i18n.month(pd.Timestamp(value).date())


def _day(value) -> str:
    return "–" if value is None or pd.isna(value) else i18n.day(pd.Timestamp(value).date())


def step_name(steps: pd.DataFrame, step_id) -> str:
    if step_id is None or pd.isna(step_id):
        return t("program_whole")
    row = steps.loc[steps["id"] == int(step_id)]
    if row.empty:
        return str(step_id)
    return f"{int(step_id)}. {row['name_en' if lang() == 'en' else 'name_zh'].iloc[0]}"


def code(prefix: str, value: str) -> str:
    key = f"program_{prefix}_{value}"
    return t(key) if key in i18n.TEXT else str(value)


# --- context ------------------------------------------------------------------------------
def context() -> ProgramContext | None:
    """Title, data note and everything the parts read; None (after a message) when nothing can be shown."""
    ctx = components.page_context("page_program")
    if ctx is None:
        return None
    program = program_cache.program_tables()
    if program.steps.empty:
        st.info(t("program_no_steps"))
        return None
    last = program_cache.last_month(ctx.store, ctx.version)
    today = (last + pd.offsets.MonthEnd(0)) if last is not None else pd.Timestamp(date.today())
    stored = program_cache.stored_impact(ctx.store, ctx.version)
    st.caption(t("program_intro", as_of=_day(today)))
    return ProgramContext(ctx.store, ctx.version, program, stored, today)


def has_benefit(ctx: ProgramContext) -> bool:
    """True when a counterfactual is stored; else says why not."""
    if ctx.stored is not None and not ctx.stored.frame.empty:
        return True
    reason = "stale"
    if ctx.stored is not None and not ctx.stored.checks.empty and ctx.stored.checks["reason"].notna().any():
        reason = str(ctx.stored.checks["reason"].dropna().iloc[0])
    st.info(t("program_no_impact", reason=t(f"program_reason_{reason}")), icon=":material/info:")
    return False


def rate_input() -> float:
    """The discount rate the user sets (percent on screen, a fraction returned)."""
    value = st.number_input(t("program_rate"), min_value=0.0, max_value=50.0, value=10.0, step=0.5, format="%.1f",
                            key=RATE_KEY, help=t("program_rate_help"))
    return float(value) / 100


def returns(ctx: ProgramContext, rate: float) -> pg.Returns | None:
    if ctx.stored is None or ctx.stored.frame.empty:
        return None
    return pg.program_returns(pg.monthly_program_cost(ctx.program), ctx.stored.frame["effect"], ctx.stored.draws,
                              rate=rate)


def earned(ctx: ProgramContext) -> pd.DataFrame:
    return pg.earned_value(ctx.program.steps, ctx.program.costs, as_of=ctx.today)


# --- sections -----------------------------------------------------------------------------
SECTIONS = ("plan", "cost", "benefit", "return", "indicators", "commentary")
SECTION_KEY = "program_section"


def section() -> str:
    """Which part to show: one at a time keeps the page light (charts and grids are heavy in a browser)."""
    names = [t(f"program_tab_{k}") for k in SECTIONS]  # shown names as options (AppTest sets them by name)
    chosen = st.segmented_control(t("program_view"), names, default=names[0], key=f"{SECTION_KEY}_{lang()}")
    return SECTIONS[names.index(chosen)] if chosen in names else SECTIONS[0]


def show(view: str, ctx: ProgramContext, ev: pd.DataFrame, ret: pg.Returns | None, rate: float) -> None:
    """Lay out one section."""
    if view == "plan":
        plan(ctx, ev)
        editor(ctx)
    elif view == "cost":
        cost(ctx)
    elif view == "benefit":
        benefit(ctx)
        method_check(ctx)
    elif view == "return":
        return_section(ctx, ret, rate)
    elif view == "indicators":
        leading_lagging(ctx)
        benchmarks(ctx)
        health(ctx)
    else:
        comments(ctx)


# --- tiles --------------------------------------------------------------------------------
def headline(ctx: ProgramContext, ret: pg.Returns | None, ev: pd.DataFrame) -> None:
    total = ev.set_index("step_id").loc[0]
    with st.container(horizontal=True):
        if ret is not None:
            st.metric(t("program_npv"), money(ret.npv), border=True,
                      help=t("program_interval", low=money(ret.npv_low), high=money(ret.npv_high)))
            st.metric(t("program_roi"), percent(ret.roi), border=True,
                      delta=t("program_p_roi", p=percent(ret.probability_roi_positive)), delta_color="off",
                      help=t("program_interval", low=percent(ret.roi_low), high=percent(ret.roi_high)))
            st.metric(t("program_payback"), _month(ret.payback) if ret.payback is not None else
                      t("program_not_paid_back"), border=True,
                      delta=t("program_p_paid", p=percent(float(ret.paid_back_by.iloc[-1]))), delta_color="off")
        st.metric(t("program_cpi"), ratio(total["cpi"]), border=True, help=t("program_cpi_help"))
        st.metric(t("program_spi"), ratio(total["spi"]), border=True, help=t("program_spi_help"))


# --- plan ---------------------------------------------------------------------------------
def plan(ctx: ProgramContext, ev: pd.DataFrame) -> None:
    st.subheader(t("program_section_plan"))
    steps = ctx.program.steps.assign(label=[step_name(ctx.program.steps, i) for i in ctx.program.steps["id"]])
    labels = {"planned": t("program_planned"), "actual": t("program_actual"), "today": t("program_today"),
              "title": t("program_gantt")}
    phases = {int(p): t("program_phase", n=int(p)) for p in steps["phase"].unique()}
    st.plotly_chart(charts.gantt(steps, today=ctx.today, labels=labels, phase_names=phases), width="stretch")
    st.dataframe(plan_table(ctx.program.steps, ev), hide_index=True, width="stretch")


def plan_table(steps: pd.DataFrame, ev: pd.DataFrame) -> pd.DataFrame:
    """One labelled row per step: dates, owner, status, % complete and the earned-value figures."""
    e = ev.set_index("step_id")
    rows = []
    for s in steps.itertuples(index=False):
        r = e.loc[s.id]
        rows.append({
            t("program_col_step"): step_name(steps, s.id), t("program_col_phase"): t("program_phase", n=s.phase),
            t("program_col_planned"): f"{_day(s.planned_start)} – {_day(s.planned_end)}",
            t("program_col_actual"): f"{_day(s.actual_start)} – {_day(s.actual_end)}",
            t("program_col_owner"): s.owner, t("program_col_status"): code("status", s.status),
            t("program_col_percent"): f"{s.percent_complete:.0f}%", t("program_col_budget"): money(r["budget"]),
            t("program_col_actual_cost"): money(r["actual_cost"]),
            t("program_col_planned_value"): money(r["planned_value"]),
            t("program_col_earned_value"): money(r["earned_value"]), t("program_col_cpi"): ratio(r["cpi"]),
            t("program_col_spi"): ratio(r["spi"]),
        })
    return pd.DataFrame(rows)


# --- cost ---------------------------------------------------------------------------------
def cost(ctx: ProgramContext) -> None:
    st.subheader(t("program_section_cost"))
    monthly = pg.cost_by_month(ctx.program)
    names = {c: code("category", c) for c in monthly["category"].unique()}
    labels = {"title": t("program_cost_chart"), "budget": t("program_budget"), "money": t("program_money"),
              "cumulative_actual": t("program_cumulative_actual"), "cumulative": t("program_cumulative"),
              "cumulative_budget": t("program_cumulative_budget")}
    st.plotly_chart(charts.cost_vs_budget(monthly, labels=labels, category_names=names), width="stretch")
    by = monthly.groupby(["step_id", "category"], as_index=False)[["actual", "budget"]].sum()
    st.dataframe(pd.DataFrame({
        t("program_col_step"): [step_name(ctx.program.steps, s) for s in by["step_id"]],
        t("program_col_category"): [code("category", c) for c in by["category"]],
        t("program_col_budget"): [money(v) for v in by["budget"]],
        t("program_col_actual_cost"): [money(v) for v in by["actual"]],
    }), hide_index=True, width="stretch")


# --- benefit ------------------------------------------------------------------------------
def benefit(ctx: ProgramContext) -> None:
    st.subheader(t("program_section_benefit"))
    if not has_benefit(ctx):
        return
    frame = ctx.stored.frame
    main = ctx.stored.checks.set_index("kind").loc["main"]
    st.markdown(t("program_benefit_summary", go_live=_month(frame.index[0]), total=money(main["cumulative"]),
                  low=money(main["cumulative_low"]), high=money(main["cumulative_high"]),
                  p=percent(main["probability_no_effect"], 1)))
    history = ctx.stored.history
    labels = {"title": t("program_benefit_chart"), "interval": t("program_interval_band"),
              "counterfactual": t("program_counterfactual"), "actual": t("program_actual"),
              "go_live": t("program_go_live"), "money": t("program_money")}
    st.plotly_chart(charts.benefit(frame, history, labels=labels), width="stretch")
    labels = {"title": t("program_effect_chart"), "monthly": t("program_monthly"),
              "interval": t("program_interval_band"), "cumulative": t("program_cumulative"),
              "money": t("program_money")}
    st.plotly_chart(charts.effect(frame, labels=labels), width="stretch")
    st.caption(t("program_method_text"))


# --- return -------------------------------------------------------------------------------
def return_section(ctx: ProgramContext, ret: pg.Returns | None, rate: float) -> None:
    st.subheader(t("program_section_return"))
    if ret is None:
        return
    labels = {"title": t("program_return_chart"), "interval": t("program_interval_band"),
              "cumulative_net": t("program_cumulative_net"), "paid_back": t("program_paid_back"),
              "probability": t("program_probability"), "money": t("program_money")}
    st.plotly_chart(charts.cumulative_return(ret.monthly, ret.paid_back_by, labels=labels), width="stretch")
    stages = pg.stage_returns(ctx.program, ctx.stored.frame, ctx.stored.draws, rate=rate, today=ctx.today)
    st.dataframe(stage_table(ctx.program.steps, stages), hide_index=True, width="stretch")
    st.caption(t("program_rate_help"))


def stage_table(steps: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for r in stages.to_dict("records"):
        name = step_name(steps, r["id"]) if r["level"] == "step" else t("program_phase", n=r["id"])
        rows.append({
            t("program_col_step"): name, t("program_col_cost_pv"): money(r["cost"]),
            t("program_col_benefit_pv"): money(r["benefit"]),
            t("program_col_interval"): f"{money(r['benefit_low'])} – {money(r['benefit_high'])}",
            t("program_col_roi"): percent(r["roi"]), t("program_col_p_roi"): percent(r["probability_roi_positive"]),
        })
    return pd.DataFrame(rows)


# --- leading and lagging ------------------------------------------------------------------
def _kpi_name(kpi_id: str) -> str:
    try:
        return get(kpi_id).name[lang()]
    except KeyError:
        return kpi_id


def _kpi_value(kpi_id: str, value: float) -> str:
    try:
        unit = str(get(kpi_id).unit)
    except KeyError:
        unit = "ratio"
    return format_value(value, unit, lang())


def leading_lagging(ctx: ProgramContext) -> None:
    st.subheader(t("program_section_leading"))
    if ctx.stored is None or ctx.stored.kpi_month.empty:
        return
    start = ctx.program.steps["planned_start"].min()
    table = pg.leading_lagging(ctx.stored.kpi_month, ctx.program.steps, program_start=start, today=ctx.today)

    def months(v) -> str:
        return "–" if pd.isna(v) else f"{v:+.0f}"

    st.dataframe(pd.DataFrame({
        t("program_col_kpi"): [_kpi_name(k) for k in table["kpi_id"]],
        t("program_col_kind"): [t(f"program_kind_{k}") for k in table["kind"]],
        t("program_col_moved"): [_month(m) for m in table["moved_in"]],
        t("program_col_stage"): [step_name(ctx.program.steps, s) for s in table["stage"]],
        t("program_col_change"): [_kpi_value(k, v) for k, v in zip(table["kpi_id"], table["change"], strict=True)],
        t("program_col_lead_margin"): [months(v) for v in table["lead_gross_margin"]],
        t("program_col_lead_retention"): [months(v) for v in table["lead_retention_rate"]],
    }), hide_index=True, width="stretch")
    st.caption(t("program_leading_note"))


# --- benchmarks ---------------------------------------------------------------------------
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
    gaps = pg.benchmark_gaps(ctx.program.benchmarks, ctx.stored.kpi_month, ctx.program.steps, better)
    if gaps["illustrative"].any():
        st.warning(t("program_illustrative"), icon=":material/science:")
    st.dataframe(pd.DataFrame({
        t("program_col_step"): [step_name(ctx.program.steps, s) for s in gaps["step_id"]],
        t("program_col_kpi"): [_kpi_name(k) for k in gaps["kpi_id"]],
        t("program_col_cases"): gaps["cases"].astype(int),
        t("program_col_band"): [f"{percent(lo)} – {percent(hi)}" for lo, hi in
                                zip(gaps["band_low"], gaps["band_high"], strict=True)],
        t("program_col_ours"): [percent(v) for v in gaps["ours"]],
        t("program_col_gap"): [("–" if pd.isna(v) else f"{v * 100:+.0f} pp") for v in gaps["gap"]],
    }), hide_index=True, width="stretch")
    st.caption(t("program_benchmark_note", months=int(ctx.program.benchmarks["months"].median())))


# --- health -------------------------------------------------------------------------------
HEALTH_UNIT = {"goal_alignment": "score"}


def health(ctx: ProgramContext) -> None:
    st.subheader(t("program_section_health"))
    change = ctx.program.steps.loc[ctx.program.steps["id"] == pg.CHANGE_STEP, "percent_complete"]
    frame = program_cache.health(ctx.store, ctx.version, ctx.program,
                                 float(change.iloc[0]) if not change.empty else -1.0, ctx.today)

    def shown(factor: str, value: float) -> str:
        if pd.isna(value):
            return t("program_not_measured")
        return f"{value:.2f}" if factor in HEALTH_UNIT else percent(value)

    st.dataframe(pd.DataFrame({
        t("program_col_factor"): [t(f"program_factor_{f}") for f in frame["factor"]],
        t("program_col_value"): [shown(f, v) for f, v in zip(frame["factor"], frame["value"], strict=True)],
        t("program_col_threshold"): [shown(f, v) for f, v in zip(frame["factor"], frame["threshold"], strict=True)],
        t("program_col_ok"): [("–" if not m else "✅ " + t("program_yes") if ok else "⚠️ " + t("program_no"))
                              for ok, m in zip(frame["ok"], frame["measured"], strict=True)],
    }), hide_index=True, width="stretch")
    st.caption(t("program_health_note"))


# --- method check -------------------------------------------------------------------------
def method_check(ctx: ProgramContext) -> None:
    st.subheader(t("program_section_method"))
    if ctx.stored is None or ctx.stored.frame.empty:
        return
    checks = ctx.stored.checks
    rows = []
    for r in checks.to_dict("records"):
        rows.append({
            t("program_col_check"): t("program_check_main") if r["kind"] == "main"
            else t("program_check_placebo", months=pg.PLACEBO_MONTHS),
            t("program_col_start"): _month(r["post_start"]),
            t("program_col_cumulative"): money(r["cumulative"]),
            t("program_col_interval"): f"{money(r['cumulative_low'])} – {money(r['cumulative_high'])}",
            t("program_col_p_none"): percent(r["probability_no_effect"], 1),
            t("program_col_verdict"): t("program_effect_found") if r["detected"] else t("program_no_effect_found"),
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    placebo = checks.loc[checks["kind"] == "placebo"]
    if not placebo.empty:
        if bool(placebo["detected"].iloc[0]):
            st.warning(t("program_method_warn"), icon=":material/warning:")
        else:
            st.success(t("program_method_ok"), icon=":material/verified:")


# --- commentary ---------------------------------------------------------------------------
def comments(ctx: ProgramContext) -> None:
    st.subheader(t("program_section_comments"))
    c = ctx.program.comments.sort_values("written_on", ascending=False)
    st.dataframe(pd.DataFrame({
        t("program_col_date"): [_day(d) for d in c["written_on"]],
        t("program_col_step"): [step_name(ctx.program.steps, s) for s in c["step_id"]],
        t("program_col_author"): c["author"], t("program_col_text"): c["text"],
    }), hide_index=True, width="stretch")


# --- editing ------------------------------------------------------------------------------
def _save(action, detail: str) -> None:
    """Run one edit in a unit of work and record it in the audit trail; show what was wrong, or rerun so every
    figure uses it."""
    if not can_edit():  # the form is drawn only for editors; a stale session whose role changed stops here
        return
    try:
        with db.session_scope(program_cache.cache.engine()) as session:
            action(session)
    except edits.ProgramEditError as error:
        st.error(t("program_edit_failed", field=error.field, problem=t(error.code, **error.values)),
                 icon=":material/error:")
        return
    auth.audit("program_edit", detail)
    st.session_state["program_saved"] = True
    st.rerun()


def _opt_date(value) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def editor(ctx: ProgramContext) -> None:
    """Forms to edit a step, add a cost and add a note; shown only to those who may edit."""
    if not can_edit():
        return
    st.subheader(t("program_section_edit"))
    if st.session_state.pop("program_saved", False):
        st.success(t("program_saved"), icon=":material/check_circle:")
    st.caption(t("program_edit_note"))
    steps = ctx.program.steps
    ids = [int(i) for i in steps["id"]]
    names = {i: step_name(steps, i) for i in ids}
    tab = st.segmented_control(t("program_view"), ["step", "cost", "comment"], default="step",
                               format_func=lambda k: t(f"program_edit_tab_{k}"), key="program_edit_tab")
    if tab == "step":
        step_id = st.selectbox(t("program_edit_step"), ids, format_func=names.get, key="program_edit_step_id")
        s = steps.loc[steps["id"] == step_id].iloc[0]
        with st.form(f"program_step_form_{step_id}"):
            c1, c2 = st.columns(2)
            planned_start = c1.date_input(t("program_edit_planned_start"), s["planned_start"].date())
            planned_end = c2.date_input(t("program_edit_planned_end"), s["planned_end"].date())
            actual_start = c1.date_input(t("program_edit_actual_start"), _opt_date(s["actual_start"]))
            actual_end = c2.date_input(t("program_edit_actual_end"), _opt_date(s["actual_end"]))
            percent_complete = c1.number_input(t("program_edit_percent"), min_value=0.0, max_value=100.0,
                                               value=float(s["percent_complete"]), step=5.0,
                                               key=f"program_percent_{step_id}")
            statuses = [code("status", v) for v in edits.STATUSES]  # shown names as options: forms keep them
            shown = c2.selectbox(t("program_edit_status"), statuses,
                                 index=list(edits.STATUSES).index(s["status"]) if s["status"] in edits.STATUSES else 0)
            status = edits.STATUSES[statuses.index(shown)]
            owner = st.text_input(t("program_edit_owner"), s["owner"], max_chars=200)
            if st.form_submit_button(t("program_edit_save_step"), type="primary"):
                _save(lambda session: edits.update_step(
                    session=session, step_id=step_id, planned_start=planned_start, planned_end=planned_end,
                    actual_start=actual_start, actual_end=actual_end, percent_complete=percent_complete, owner=owner,
                    status=status), f"step {step_id}: {status}, {percent_complete:.0f}% complete")
    elif tab == "cost":
        with st.form("program_cost_form", clear_on_submit=True):
            c1, c2 = st.columns(2)
            step_label = c1.selectbox(t("program_edit_step"), [names[i] for i in ids])
            step_id = ids[[names[i] for i in ids].index(step_label)]
            categories = [code("category", v) for v in edits.COST_CATEGORIES]
            category = edits.COST_CATEGORIES[categories.index(c2.selectbox(t("program_edit_cost_category"),
                                                                            categories))]
            incurred_on = c1.date_input(t("program_edit_cost_date"), ctx.today.date())
            amount = c2.number_input(t("program_edit_cost_amount"), value=0.0, step=1000.0, format="%.2f")
            if st.form_submit_button(t("program_edit_add_cost"), type="primary"):
                _save(lambda session: edits.add_cost(session=session, step_id=step_id, incurred_on=incurred_on,
                                                     category=category, amount=amount),
                      f"step {step_id}: cost {category} {amount:.2f} on {incurred_on}")
    elif tab == "comment":
        with st.form("program_comment_form", clear_on_submit=True):
            choices = [t("program_whole"), *[names[i] for i in ids]]
            picked = choices.index(st.selectbox(t("program_edit_step"), choices))
            step_id = None if picked == 0 else ids[picked - 1]
            author = st.text_input(t("program_edit_comment_author"), max_chars=200)
            text = st.text_area(t("program_edit_comment_text"), max_chars=2000)
            if st.form_submit_button(t("program_edit_add_comment"), type="primary"):
                _save(lambda session: edits.add_comment(session=session, step_id=step_id, written_on=date.today(),
                                                        author=author, text=text),
                      f"step {step_id or 'all'}: comment")
