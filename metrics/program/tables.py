"""The CRM program's data: its tables, its go-live, and the refresh step that fits its benefit.

The figures are computed by three sibling modules: ``metrics.program.cost`` (cost and earned value),
``metrics.program.returns`` (benefit shares, ROI, NPV, payback) and ``metrics.program.indicators``
(leading vs lagging, benchmark cases, health check).

Two sources. The program tables (``program_step``, ``program_cost``, ``program_budget``,
``program_comment``, ``benchmark_case``) are tiny and edited on the Program page, so they are read
from the system of record on every run (:func:`load_program`): an edit shows at once, no refresh.
The benefit is the heavy part: at refresh :func:`precompute` (a step of ``jobs.refresh``)
fits the counterfactual of monthly gross margin (``metrics.program.impact``) and stores it with its
simulated effect paths and the monthly KPI series the page compares; the page only reads them.

Definitions (money in the currency of the data, months as first days of months)
-------------------------------------------------------------------------------
- Go-live: the first day of the month after step 7 (technology enablement) ends (actual end, else
  planned end). The counterfactual is fitted on the months before it.
- Benefit: incremental gross margin, actual minus the counterfactual forecast from the months before
  go-live, with the number of customers on the books and the number of days in the month as controls
  (so the benefit is margin beyond what the size of the customer base and the calendar explain:
  retention gains are not counted, a conservative choice; a 28-day February is not a loss).
- Credit: each month's benefit is credited to the steps that made it possible, those with work done by
  then, in proportion to the cost each had incurred by the end of that month (``metrics.program.returns``).
- Earned value, CPI, SPI: ``metrics.program.cost``. Discounting, ROI, NPV, payback: ``metrics.program.returns``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select
from sqlmodel import Session

from data import models
from metrics.base.store import Store, write_table

TECHNOLOGY_STEP = 7
CHANGE_STEP = 11
PLACEBO_MONTHS = 4  # the fake go-live of the method check lies this many months before the real one
DRAWS = 1000
STATUSES = ("planned", "in_progress", "done", "on_hold")
COST_CATEGORIES = ("staff", "software", "consulting", "training", "hardware")
# leading and lagging KPIs of the ROI scorecard compared month by month
LEADING = ("training_hours_per_employee", "crm_adoption", "data_completeness", "average_csat")
LAGGING = ("gross_margin", "retention_rate")
BENCHMARK_KPIS = ("first_response_hours", "goal_alignment")
TRACKED = LEADING + LAGGING + BENCHMARK_KPIS
IMPACT_TABLES = ("program_impact", "program_impact_draws", "program_method_check", "program_kpi_month",
                 "program_margin")


# --- the program tables (system of record) ------------------------------------------------
@dataclass(frozen=True)
class Program:
    steps: pd.DataFrame  # id, phase, name_en, name_zh, planned_start/end, actual_start/end, owner, status, ...
    costs: pd.DataFrame  # id, step_id, incurred_on, category, amount (float)
    budget: pd.DataFrame  # step_id, category, amount
    comments: pd.DataFrame  # id, step_id, written_on, author, text
    benchmarks: pd.DataFrame  # id, name, industry, phase, step_id, kpi_id, before, after, months, source, illustrative


def _frame(session: Session, model, columns: list[str]) -> pd.DataFrame:
    rows = session.exec(select(*[getattr(model, c) for c in columns])).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def load_program(engine: Engine) -> Program:
    """The program tables as frames (money as float: they feed ratios and charts, not ledgers)."""
    step_cols = ["id", "phase", "name_en", "name_zh", "planned_start", "planned_end", "actual_start", "actual_end",
                 "owner", "status", "percent_complete", "budget"]
    with Session(engine) as session:
        steps = _frame(session, models.ProgramStep, step_cols).sort_values("id", ignore_index=True)
        costs = _frame(session, models.ProgramCost, ["id", "step_id", "incurred_on", "category", "amount"])
        budget = _frame(session, models.ProgramBudget, ["step_id", "category", "amount"])
        comments = _frame(session, models.ProgramComment, ["id", "step_id", "written_on", "author", "text"])
        benchmarks = _frame(session, models.BenchmarkCase, ["id", "name", "industry", "phase", "step_id", "kpi_id",
                                                            "before", "after", "months", "source", "illustrative"])
    for frame, column in ((steps, "budget"), (costs, "amount"), (budget, "amount")):
        frame[column] = frame[column].astype(float)
    steps["percent_complete"] = steps["percent_complete"].astype(float)
    for column in ("planned_start", "planned_end", "actual_start", "actual_end"):
        steps[column] = pd.to_datetime(steps[column])
    costs["incurred_on"] = pd.to_datetime(costs["incurred_on"])
    comments["written_on"] = pd.to_datetime(comments["written_on"])
    return Program(steps, costs, budget, comments.sort_values("written_on", ignore_index=True), benchmarks)


def go_live(steps: pd.DataFrame) -> pd.Timestamp | None:
    """First day of the month after the technology-enablement step ends (actual, else planned)."""
    row = steps.loc[steps["id"] == TECHNOLOGY_STEP]
    if row.empty:
        return None
    end = row["actual_end"].iloc[0]
    end = row["planned_end"].iloc[0] if pd.isna(end) else end
    return (pd.Timestamp(end) + pd.offsets.MonthBegin(1)).normalize()




# --- refresh-time work ----------------------------------------------------------------------
def margin_and_customers(store: Store) -> tuple[pd.Series, pd.DataFrame]:
    """Monthly gross margin and the control series: customers on the books and days in each month."""
    margin = store.query("SELECT month, CAST(sum(margin) AS DOUBLE) AS margin FROM sales GROUP BY month ORDER BY month")
    months = pd.DatetimeIndex(pd.to_datetime(margin["month"]))
    customers = store.query("""
        WITH m AS (SELECT DISTINCT month FROM sales)
        SELECT m.month, count(c.id) AS customers FROM m LEFT JOIN customer c
          ON c.acquired_on < m.month + INTERVAL 1 MONTH AND (c.churned_on IS NULL OR c.churned_on >= m.month)
        GROUP BY m.month ORDER BY m.month""")
    y = pd.Series(margin["margin"].to_numpy(dtype=float), index=months, name="gross_margin")
    controls = pd.DataFrame({"customers": customers["customers"].to_numpy(dtype=float),
                             "days": months.days_in_month.to_numpy(dtype=float)}, index=months)
    return y, controls


def _steps_from_store(store: Store) -> pd.DataFrame:
    steps = store.query("SELECT * FROM program_step ORDER BY id")
    for column in ("planned_start", "planned_end", "actual_start", "actual_end"):
        steps[column] = pd.to_datetime(steps[column])
    return steps


def kpi_months(store: Store, months: pd.DatetimeIndex) -> pd.DataFrame:
    """The tracked KPIs per month over ``months``: ``kpi_id, month, value`` (from the cube's cells where the store
    has them: the same values, ``tests/metrics/cube``)."""
    from metrics.base.filters import Filters
    from metrics.cube.view import cubed
    from metrics.scorecard import registry
    f = Filters(months[0].date(), months[-1].date())
    store = cubed(store)
    frames = []
    for kpi_id in TRACKED:
        series = registry.get(kpi_id).compute(store, f).reindex(f.period_index).astype(float)
        frames.append(pd.DataFrame({"kpi_id": kpi_id, "month": f.period_index, "value": series.to_numpy()}))
    return pd.concat(frames, ignore_index=True)


def precompute(store: Store, connection) -> None:
    """Refresh step: the counterfactual of gross margin, its effect paths, the placebo and the KPI series."""
    from metrics.program.impact import counterfactual_effect
    y, controls = margin_and_customers(store)
    months = y.index
    write_table(connection, "program_margin", pd.DataFrame({"month": months, "margin": y.to_numpy(),
                                          "customers": controls["customers"].to_numpy()}))
    kpis = kpi_months(store, months) if len(months) else pd.DataFrame(columns=["kpi_id", "month", "value"])
    write_table(connection, "program_kpi_month", kpis)
    steps = _steps_from_store(store) if store.has_table("program_step") else pd.DataFrame()
    start = go_live(steps) if not steps.empty else None
    impact_rows = pd.DataFrame(columns=["month", "actual", "predicted", "predicted_low", "predicted_high", "effect",
                                        "effect_low", "effect_high", "cumulative_effect", "cumulative_low",
                                        "cumulative_high"])
    draws = pd.DataFrame({"draw": pd.Series(dtype="int64"), "month": pd.Series(dtype="datetime64[ns]"),
                          "effect": pd.Series(dtype="float64")})
    checks = []
    reason = None
    if start is None:
        reason = "no_go_live"
    elif start not in months:
        reason = "go_live_outside_data"
    else:
        try:
            impact = counterfactual_effect(y, post_start=start, controls=controls, seed=0, draws=DRAWS)
        except ValueError:
            reason = "too_few_months"
        else:
            impact_rows = impact.frame.rename_axis("month").reset_index()
            post = impact.frame.index
            draws = pd.DataFrame({
                "draw": np.repeat(np.arange(DRAWS), len(post)),
                "month": np.tile(post.to_numpy(), DRAWS),
                "effect": impact.effect_draws.reshape(-1),
            })
            checks.append(("main", start, impact))
            fake = start - pd.DateOffset(months=PLACEBO_MONTHS)
            pre = y.loc[:start - pd.Timedelta(days=1)]
            if fake in pre.index:
                try:
                    placebo = counterfactual_effect(pre, post_start=fake, controls=controls.loc[pre.index], seed=0,
                                                    draws=DRAWS)
                    checks.append(("placebo", fake, placebo))
                except ValueError:
                    pass
    check_frame = pd.DataFrame([{
        "kind": kind, "post_start": when, "cumulative": i.cumulative, "cumulative_low": i.cumulative_low,
        "cumulative_high": i.cumulative_high, "average": i.average, "probability_no_effect": i.probability_no_effect,
        "detected": i.detected, "reason": None} for kind, when, i in checks]
        or [{"kind": "main", "post_start": pd.NaT, "cumulative": np.nan, "cumulative_low": np.nan,
             "cumulative_high": np.nan, "average": np.nan, "probability_no_effect": np.nan, "detected": False,
             "reason": reason}])
    for name, frame in (("program_impact", impact_rows), ("program_impact_draws", draws),
                        ("program_method_check", check_frame)):
        write_table(connection, name, frame)


# --- reading what the refresh stored -------------------------------------------------------
@dataclass(frozen=True)
class StoredImpact:
    frame: pd.DataFrame  # indexed by month: the impact frame
    draws: np.ndarray  # draws x months
    checks: pd.DataFrame  # kind, post_start, cumulative, cumulative_low, cumulative_high, ... reason
    kpi_month: pd.DataFrame
    history: pd.Series  # gross margin of every month, pre and post


def read_impact(store: Store) -> StoredImpact | None:
    """The stored counterfactual, or None when the store predates this step."""
    if not all(store.has_table(t) for t in IMPACT_TABLES):
        return None
    frame = store.query("SELECT * FROM program_impact ORDER BY month")
    frame["month"] = pd.to_datetime(frame["month"])
    frame = frame.set_index("month")
    long = store.query("SELECT draw, month, effect FROM program_impact_draws ORDER BY draw, month")
    draws = long["effect"].to_numpy(dtype=float).reshape(-1, len(frame)) if len(frame) else np.zeros((0, 0))
    checks = store.query("SELECT * FROM program_method_check")
    kpi = store.query("SELECT * FROM program_kpi_month ORDER BY kpi_id, month")
    kpi["month"] = pd.to_datetime(kpi["month"])
    margin = store.query("SELECT month, margin FROM program_margin ORDER BY month")
    history = pd.Series(margin["margin"].to_numpy(dtype=float), index=pd.DatetimeIndex(pd.to_datetime(margin["month"])),
                        name="gross_margin")
    return StoredImpact(frame, draws, checks, kpi, history)
