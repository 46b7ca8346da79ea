"""The CRM program by stage: plan, cost, earned value, benefit, return, leading vs lagging, benchmarks, health.

Two sources. The program tables (``program_step``, ``program_cost``, ``program_budget``,
``program_comment``, ``benchmark_case``) are tiny and edited on the Program page, so they are read
from the system of record on every run (:func:`load_program`): an edit shows at once, no refresh.
The benefit is the heavy part: at refresh :func:`precompute` (a step of ``metrics.precompute``)
fits the counterfactual of monthly gross margin (``metrics.impact``) and stores it with its
simulated effect paths and the monthly KPI series the page compares; the page only reads them.

Definitions (money in the currency of the data, months as first days of months)
-------------------------------------------------------------------------------
- Go-live: the first day of the month after step 7 (technology enablement) ends (actual end, else
  planned end). The counterfactual is fitted on the months before it.
- Benefit: incremental gross margin, actual minus the counterfactual forecast from the months before
  go-live, with the number of customers on the books and the number of days in the month as controls
  (so the benefit is margin beyond what the size of the customer base and the calendar explain:
  retention gains are not counted, a conservative choice; a 28-day February is not a loss).
- Attribution: a month's benefit is split equally among the steps running that month (actual dates;
  a step without an actual end runs to today); a month in which no step runs goes to the step that
  ended last.
- Earned value EV = budget x % complete / 100; planned value PV = budget x the share of the planned
  duration elapsed on the as-of day; actual cost AC = costs incurred up to it.
  CPI = EV / AC, SPI = EV / PV (PMI, *A Guide to the Project Management Body of Knowledge*, 7.4).
- Discounting: an annual rate r compounded monthly, factor ``(1 + r / 12) ** -t`` for t months after
  the program's first month. ROI = (PV benefits - PV costs) / PV costs; NPV = PV benefits - PV costs;
  payback month: the first month from which the cumulative discounted net cash flow stays >= 0.
  Each comes with its distribution over the simulated benefit paths: P(ROI > 0), P(paid back by m).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd
from sqlalchemy import Engine, select
from sqlmodel import Session

from data import models
from metrics.store import Store

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


# --- earned value ---------------------------------------------------------------------------
def _elapsed_share(start: pd.Series, end: pd.Series, as_of: pd.Timestamp) -> pd.Series:
    days = (end - start).dt.days + 1
    done = (as_of - start).dt.days + 1
    return (done / days).clip(0, 1)


def earned_value(steps: pd.DataFrame, costs: pd.DataFrame, *, as_of: date | pd.Timestamp) -> pd.DataFrame:
    """Earned-value figures per step on ``as_of`` (inclusive).

    Returns columns ``step_id, phase, budget, percent_complete, planned_value, earned_value, actual_cost,
    cpi, spi``; CPI and SPI are NaN where their denominator is zero (nothing spent, nothing planned yet).
    The ``total`` row (step_id 0) sums the money and takes the ratios of the sums.
    """
    as_of = pd.Timestamp(as_of)
    spent = costs.loc[costs["incurred_on"] <= as_of].groupby("step_id")["amount"].sum()
    out = pd.DataFrame({
        "step_id": steps["id"].to_numpy(),
        "phase": steps["phase"].to_numpy(),
        "budget": steps["budget"].to_numpy(dtype=float),
        "percent_complete": steps["percent_complete"].to_numpy(dtype=float),
        "planned_value": (steps["budget"] * _elapsed_share(steps["planned_start"], steps["planned_end"], as_of))
        .to_numpy(dtype=float),
    })
    out["earned_value"] = out["budget"] * out["percent_complete"] / 100
    out["actual_cost"] = out["step_id"].map(spent).fillna(0.0).astype(float)
    total = out[["budget", "planned_value", "earned_value", "actual_cost"]].sum()
    total_row = {"step_id": 0, "phase": 0, **total.to_dict(),
                 "percent_complete": 100 * total["earned_value"] / total["budget"] if total["budget"] else np.nan}
    out = pd.concat([out, pd.DataFrame([total_row])], ignore_index=True)
    out["cpi"] = (out["earned_value"] / out["actual_cost"].where(out["actual_cost"] > 0)).astype(float)
    out["spi"] = (out["earned_value"] / out["planned_value"].where(out["planned_value"] > 0)).astype(float)
    return out


def cost_by_month(program: Program) -> pd.DataFrame:
    """Actual cost and budget per month, step and category: ``month, step_id, category, actual, budget``.

    A step's category budget is spread evenly over the months of its planned duration."""
    costs = program.costs.assign(month=program.costs["incurred_on"].dt.to_period("M").dt.to_timestamp())
    actual = costs.groupby(["month", "step_id", "category"], as_index=False)["amount"].sum()
    rows = []
    steps = program.steps.set_index("id")
    for r in program.budget.itertuples(index=False):
        if r.step_id not in steps.index:
            continue
        months = pd.date_range(steps.at[r.step_id, "planned_start"].to_period("M").to_timestamp(),
                               steps.at[r.step_id, "planned_end"].to_period("M").to_timestamp(), freq="MS")
        for m in months:
            rows.append((m, r.step_id, r.category, r.amount / len(months)))
    budget = pd.DataFrame(rows, columns=["month", "step_id", "category", "budget"])
    out = actual.rename(columns={"amount": "actual"}).merge(budget, on=["month", "step_id", "category"], how="outer")
    return out.fillna({"actual": 0.0, "budget": 0.0}).sort_values(["month", "step_id", "category"], ignore_index=True)


# --- attribution ----------------------------------------------------------------------------
def running_share(steps: pd.DataFrame, months: pd.DatetimeIndex, *, today: pd.Timestamp) -> pd.DataFrame:
    """Months x step ids: the share of each month's benefit attributed to each step (rows sum to 1)."""
    start = steps["actual_start"].fillna(steps["planned_start"])
    end = steps["actual_end"].fillna(pd.Timestamp(today))
    share = pd.DataFrame(0.0, index=months, columns=steps["id"].to_numpy())
    for m in months:
        month_end = m + pd.offsets.MonthEnd(0)
        running = ((start <= month_end) & (end >= m)).to_numpy()
        if running.any():
            share.loc[m, steps["id"].to_numpy()[running]] = 1.0 / running.sum()
        else:
            ended = end.where(end < m)
            last = steps["id"].to_numpy()[int(np.nanargmax(ended.map(pd.Timestamp.toordinal).astype(float)))] \
                if ended.notna().any() else steps["id"].iloc[0]
            share.loc[m, last] = 1.0
    return share


# --- returns ------------------------------------------------------------------------------
def discount_factors(months: pd.DatetimeIndex, *, start: pd.Timestamp, rate: float) -> np.ndarray:
    """``(1 + rate / 12) ** -t`` with t whole months from ``start`` (annual rate compounded monthly)."""
    t = (months.year - start.year) * 12 + (months.month - start.month)
    return (1 + rate / 12) ** -np.asarray(t, dtype=float)


def payback_month(net: np.ndarray) -> np.ndarray:
    """Index of the first month from which the cumulative net cash flow stays >= 0 (-1: not paid back).

    ``net`` is months, or draws x months."""
    cumulative = np.cumsum(np.atleast_2d(net), axis=1)
    negative = cumulative < 0
    # last negative month + 1; never negative -> 0; negative at the end -> not paid back
    last_negative = np.where(negative.any(axis=1), negative.shape[1] - 1 - np.argmax(negative[:, ::-1], axis=1), -1)
    result = last_negative + 1
    result[negative[:, -1]] = -1
    return result if np.ndim(net) > 1 else result[:1]


@dataclass(frozen=True)
class Returns:
    """The program's return at one discount rate, with its uncertainty over the simulated benefit paths."""

    rate: float
    pv_benefit: float
    pv_cost: float
    npv: float
    npv_low: float
    npv_high: float
    roi: float
    roi_low: float
    roi_high: float
    probability_roi_positive: float
    payback: pd.Timestamp | None  # the month paid back (point estimate), None when not yet
    paid_back_by: pd.Series  # month -> probability the program has paid back by then
    monthly: pd.DataFrame  # month, cost, benefit, benefit_low, benefit_high, net, cumulative_net (discounted)


def program_returns(monthly_cost: pd.Series, benefit: pd.Series, draws: np.ndarray, *, rate: float,
                    alpha: float = 0.05) -> Returns:
    """NPV, ROI and payback of the program at ``rate`` (annual, compounded monthly).

    Parameters
    ----------
    monthly_cost : Series
        Cost per month (index: month starts), from the program's first month.
    benefit : Series
        Estimated benefit per month (index: month starts, the post-go-live months).
    draws : ndarray
        Simulated benefit paths, draws x len(benefit).
    """
    months = monthly_cost.index.union(benefit.index).sort_values()
    start = months[0]
    factor = discount_factors(months, start=start, rate=rate)
    cost = monthly_cost.reindex(months, fill_value=0.0).to_numpy(dtype=float)
    position = months.get_indexer(benefit.index)
    point = np.zeros(len(months))
    point[position] = benefit.to_numpy(dtype=float)
    paths = np.zeros((draws.shape[0], len(months)))
    paths[:, position] = draws
    pv_cost = float((cost * factor).sum())
    pv_benefit = float((point * factor).sum())
    pv_paths = (paths * factor).sum(axis=1)
    npv_paths = pv_paths - pv_cost
    roi_paths = npv_paths / pv_cost if pv_cost else np.full(len(npv_paths), np.nan)
    lo, hi = alpha / 2, 1 - alpha / 2
    net_point = (point - cost) * factor
    back = int(payback_month(net_point)[0])
    back_paths = payback_month((paths - cost) * factor)
    by = pd.Series([float(((back_paths >= 0) & (back_paths <= i)).mean()) for i in range(len(months))], index=months)
    monthly = pd.DataFrame({
        "cost": cost, "benefit": point,
        "benefit_low": np.quantile(paths, lo, axis=0), "benefit_high": np.quantile(paths, hi, axis=0),
        "net": net_point, "cumulative_net": net_point.cumsum(),
        "cumulative_low": np.quantile(((paths - cost) * factor).cumsum(axis=1), lo, axis=0),
        "cumulative_high": np.quantile(((paths - cost) * factor).cumsum(axis=1), hi, axis=0),
    }, index=months)
    monthly.index.name = "month"
    return Returns(
        rate=rate, pv_benefit=pv_benefit, pv_cost=pv_cost, npv=pv_benefit - pv_cost,
        npv_low=float(np.quantile(npv_paths, lo)), npv_high=float(np.quantile(npv_paths, hi)),
        roi=(pv_benefit - pv_cost) / pv_cost if pv_cost else float("nan"),
        roi_low=float(np.quantile(roi_paths, lo)), roi_high=float(np.quantile(roi_paths, hi)),
        probability_roi_positive=float((roi_paths > 0).mean()),
        payback=months[back] if back >= 0 else None, paid_back_by=by, monthly=monthly,
    )


def stage_returns(program: Program, impact: pd.DataFrame, draws: np.ndarray, *, rate: float,
                  today: pd.Timestamp, alpha: float = 0.05) -> pd.DataFrame:
    """Per step and per phase: cost, attributed benefit with its interval, ROI (discounted at ``rate``).

    Columns ``level`` ("step" | "phase"), ``id``, ``phase``, ``cost``, ``benefit``, ``benefit_low``,
    ``benefit_high``, ``roi``, ``roi_low``, ``roi_high``, ``probability_roi_positive``; money as present
    values at the program's first month.
    """
    cost = program.costs.assign(month=program.costs["incurred_on"].dt.to_period("M").dt.to_timestamp())
    months = pd.DatetimeIndex(sorted(set(cost["month"]) | set(impact.index)))
    start = months[0] if len(months) else pd.Timestamp(today)
    cost["pv"] = cost["amount"] * discount_factors(pd.DatetimeIndex(cost["month"]), start=start, rate=rate)
    step_cost = cost.groupby("step_id")["pv"].sum()
    share = running_share(program.steps, pd.DatetimeIndex(impact.index), today=today)
    factor = discount_factors(pd.DatetimeIndex(impact.index), start=start, rate=rate)
    point = (impact["effect"].to_numpy() * factor) @ share.to_numpy()  # per step
    paths = (draws * factor) @ share.to_numpy()  # draws x steps
    lo, hi = alpha / 2, 1 - alpha / 2
    rows = []
    ids = share.columns.to_numpy()
    phases = program.steps.set_index("id")["phase"]
    groups = [("step", [i], i, phases.get(i, 0)) for i in ids]
    groups += [("phase", list(phases.index[phases == p]), p, p) for p in sorted(phases.unique())]
    for level, members, key, phase in groups:
        cols = [list(ids).index(m) for m in members]
        c = float(step_cost.reindex(members).fillna(0.0).sum())
        b = float(point[cols].sum())
        bp = paths[:, cols].sum(axis=1)
        roi_paths = (bp - c) / c if c else np.full(len(bp), np.nan)
        rows.append({
            "level": level, "id": int(key), "phase": int(phase), "cost": c, "benefit": b,
            "benefit_low": float(np.quantile(bp, lo)), "benefit_high": float(np.quantile(bp, hi)),
            "roi": (b - c) / c if c else np.nan,
            "roi_low": float(np.quantile(roi_paths, lo)) if c else np.nan,
            "roi_high": float(np.quantile(roi_paths, hi)) if c else np.nan,
            "probability_roi_positive": float((roi_paths > 0).mean()) if c else np.nan,
        })
    return pd.DataFrame(rows)


def monthly_program_cost(program: Program) -> pd.Series:
    """Actual program cost per month (all steps)."""
    months = program.costs["incurred_on"].dt.to_period("M").dt.to_timestamp()
    return program.costs.groupby(months)["amount"].sum().rename("cost").rename_axis("month")


# --- leading vs lagging -------------------------------------------------------------------
def move_month(series: pd.Series, *, after: pd.Timestamp | None = None,
               min_side: int = 3) -> tuple[pd.Timestamp, float]:
    """When a monthly series moved: the split month that best separates a before mean from an after mean
    (least squares, one mean shift), searched from ``after`` on; the shift's size (after - before mean)."""
    s = series.dropna()
    best, when, size = np.inf, None, np.nan
    values = s.to_numpy(dtype=float)
    for k in range(min_side, len(s) - min_side + 1):
        if after is not None and s.index[k] < after:
            continue
        a, b = values[:k], values[k:]
        sse = ((a - a.mean()) ** 2).sum() + ((b - b.mean()) ** 2).sum()
        if sse < best:
            best, when, size = sse, s.index[k], b.mean() - a.mean()
    return when, float(size)


def leading_lagging(kpi_month: pd.DataFrame, steps: pd.DataFrame, *, program_start: pd.Timestamp,
                    today: pd.Timestamp) -> pd.DataFrame:
    """Per tracked KPI: the month it moved (one mean shift after the program's start), the step running
    then, the size of the move, and for leading KPIs how many months before each lagging KPI it moved.

    ``kpi_month`` has columns ``kpi_id, month, value``. Returns ``kpi_id, kind, moved_in, stage, change``
    and one ``lead_<lagging kpi>`` column (months; positive: the leading KPI moved first)."""
    rows = []
    for kpi_id in LEADING + LAGGING:
        series = kpi_month.loc[kpi_month["kpi_id"] == kpi_id].set_index("month")["value"].sort_index()
        if series.dropna().size < 8:
            rows.append({"kpi_id": kpi_id, "kind": "leading" if kpi_id in LEADING else "lagging",
                         "moved_in": pd.NaT, "stage": np.nan, "change": np.nan})
            continue
        when, size = move_month(series, after=program_start)
        share = running_share(steps, pd.DatetimeIndex([when]), today=today)
        stage = int(share.columns[share.iloc[0].to_numpy().argmax()])
        running = share.columns[share.iloc[0].to_numpy() > 0]
        stage = int(running.max()) if len(running) else stage
        rows.append({"kpi_id": kpi_id, "kind": "leading" if kpi_id in LEADING else "lagging",
                     "moved_in": when, "stage": stage, "change": size})
    out = pd.DataFrame(rows)
    for lag in LAGGING:
        moved = out.set_index("kpi_id")["moved_in"]
        lead = [(_months_between(moved[k], moved[lag]) if k in LEADING else np.nan) for k in out["kpi_id"]]
        out[f"lead_{lag}"] = lead
    return out


def _months_between(first, second) -> float:
    if pd.isna(first) or pd.isna(second):
        return np.nan
    return float((second.year - first.year) * 12 + second.month - first.month)


# --- benchmarks ---------------------------------------------------------------------------
def benchmark_gaps(benchmarks: pd.DataFrame, kpi_month: pd.DataFrame, steps: pd.DataFrame,
                   better: dict[str, str]) -> pd.DataFrame:
    """Per calibrated step and KPI: the band of improvements reference cases reached, ours, and the gap.

    Improvement = relative change (after / before - 1), sign-flipped for KPIs where lower is better, so
    higher is always better. Ours: the mean of the 3 months before the step's actual start against the
    month ``months`` after its end (or the latest month). Gap: ours minus the band's nearest edge (0
    inside the band, negative below it). Columns ``step_id, kpi_id, cases, band_low, band_high, ours,
    gap, illustrative``."""
    if benchmarks.empty:
        return pd.DataFrame(columns=["step_id", "kpi_id", "cases", "band_low", "band_high", "ours", "gap",
                                     "illustrative"])
    b = benchmarks.assign(step_id=benchmarks["step_id"].fillna(0).astype(int))
    sign = b["kpi_id"].map(lambda k: -1.0 if better.get(k) == "lower" else 1.0)
    b["improvement"] = sign * (b["after"] / b["before"] - 1)
    rows = []
    steps = steps.set_index("id")
    for (step_id, kpi_id), group in b.groupby(["step_id", "kpi_id"]):
        ours = np.nan
        series = kpi_month.loc[kpi_month["kpi_id"] == kpi_id].set_index("month")["value"].sort_index().dropna()
        if step_id in steps.index and not series.empty:
            begin = steps.at[step_id, "actual_start"]
            begin = steps.at[step_id, "planned_start"] if pd.isna(begin) else begin
            end = steps.at[step_id, "actual_end"]
            before = series.loc[:begin.to_period("M").to_timestamp() - pd.offsets.MonthBegin(1)].tail(3)
            if not pd.isna(end) and not before.empty:
                target = (end + pd.offsets.MonthBegin(int(group["months"].median()))).to_period("M").to_timestamp()
                after = series.loc[:target].iloc[-1]
                if before.mean():
                    ours = (-1.0 if better.get(kpi_id) == "lower" else 1.0) * (after / before.mean() - 1)
        low, high = float(group["improvement"].min()), float(group["improvement"].max())
        gap = np.nan if np.isnan(ours) else (ours - low if ours < low else ours - high if ours > high else 0.0)
        rows.append({"step_id": int(step_id), "kpi_id": kpi_id, "cases": len(group), "band_low": low,
                     "band_high": high, "ours": ours, "gap": gap, "illustrative": bool(group["illustrative"].all())})
    return pd.DataFrame(rows)


# --- health check ---------------------------------------------------------------------------
HEALTH_THRESHOLDS = {"goal_alignment": 3.5, "breadth": 0.75, "training_coverage": 0.8, "targets_set": 0.8,
                     "change_management": 0.5}


def health_check(store: Store, program: Program, *, today: pd.Timestamp) -> pd.DataFrame:
    """The success factors measured from the data: ``factor, value, threshold, ok, measured``.

    - goal_alignment: mean staff goal-alignment answer (1..5) in the last 6 months (IBM: aligning CRM
      with staff goals is the factor most associated with success, 60%);
    - breadth: share of departments where at least half the staff used the CRM in the last 3 months
      (company-wide use succeeds 25-50% more often than one department's);
    - training_coverage: share of current customer-facing staff with any training in the last year;
    - targets_set: share of the KPI catalogue with a quantified target;
    - change_management: % complete of step 11 (change management) / 100, or its share of the plan elapsed.
    """
    start6 = (today - pd.DateOffset(months=6)).date()
    start3 = (today - pd.DateOffset(months=3)).date()
    start12 = (today - pd.DateOffset(months=12)).date()
    rows = []

    def add(factor: str, value) -> None:
        measured = value is not None and not (isinstance(value, float) and np.isnan(value))
        rows.append({"factor": factor, "value": float(value) if measured else np.nan,
                     "threshold": HEALTH_THRESHOLDS[factor],
                     "ok": bool(measured and value >= HEALTH_THRESHOLDS[factor]), "measured": measured})

    def scalar(sql: str, params: dict) -> float | None:
        frame = store.query(sql, params)
        value = frame.iloc[0, 0] if not frame.empty else None
        return None if value is None or pd.isna(value) else float(value)

    add("goal_alignment", scalar("SELECT avg(goal_alignment) FROM employee_survey WHERE surveyed_on >= $s",
                                 {"s": start6}) if store.has_table("employee_survey") else None)
    add("breadth", scalar("""
        WITH staff AS (SELECT id, department FROM employee WHERE left_on IS NULL OR left_on >= $s),
        users AS (SELECT DISTINCT employee_id FROM crm_activity WHERE occurred_on >= $s),
        dept AS (SELECT department, avg(CASE WHEN u.employee_id IS NULL THEN 0 ELSE 1 END) AS share
                 FROM staff LEFT JOIN users u ON u.employee_id = staff.id GROUP BY department)
        SELECT avg(CASE WHEN share >= 0.5 THEN 1.0 ELSE 0.0 END) FROM dept""", {"s": start3})
        if store.has_table("crm_activity") else None)
    add("training_coverage", scalar("""
        WITH staff AS (SELECT id FROM employee WHERE customer_facing AND (left_on IS NULL OR left_on >= $t)),
        trained AS (SELECT DISTINCT employee_id FROM training_record WHERE completed_on >= $s)
        SELECT avg(CASE WHEN t.employee_id IS NULL THEN 0.0 ELSE 1.0 END)
        FROM staff LEFT JOIN trained t ON t.employee_id = staff.id""", {"s": start12, "t": today.date()})
        if store.has_table("training_record") else None)
    from metrics.registry import CATALOGUE  # the catalogue pulls in every KPI module: import on use
    targets = store.targets()
    add("targets_set", len(set(targets.index if "kpi_id" not in targets.columns else targets["kpi_id"])
                           & {k.id for k in CATALOGUE}) / len(CATALOGUE))
    change = program.steps.loc[program.steps["id"] == CHANGE_STEP]
    add("change_management", float(change["percent_complete"].iloc[0]) / 100 if not change.empty else None)
    return pd.DataFrame(rows)


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
    """The tracked KPIs per month over ``months``: ``kpi_id, month, value``."""
    from metrics import registry  # the catalogue pulls in every KPI module: import on use
    from metrics.filters import Filters
    f = Filters(months[0].date(), months[-1].date())
    frames = []
    for kpi_id in TRACKED:
        series = registry.get(kpi_id).compute(store, f).reindex(f.period_index).astype(float)
        frames.append(pd.DataFrame({"kpi_id": kpi_id, "month": f.period_index, "value": series.to_numpy()}))
    return pd.concat(frames, ignore_index=True)


def precompute(store: Store, connection) -> None:
    """Refresh step: the counterfactual of gross margin, its effect paths, the placebo and the KPI series."""
    from metrics.impact import counterfactual_effect  # statsmodels: imported by the refresh only, not by pages
    def write(name: str, frame: pd.DataFrame) -> None:
        cursor = connection.cursor()  # its own cursor: a reader may have left a result open on the connection
        try:
            cursor.execute(f"DROP TABLE IF EXISTS {name}")
            cursor.register("program_frame", frame)
            cursor.execute(f"CREATE TABLE {name} AS SELECT * FROM program_frame")
            cursor.unregister("program_frame")
        finally:
            cursor.close()

    y, controls = margin_and_customers(store)
    months = y.index
    write("program_margin", pd.DataFrame({"month": months, "margin": y.to_numpy(),
                                          "customers": controls["customers"].to_numpy()}))
    kpis = kpi_months(store, months) if len(months) else pd.DataFrame(columns=["kpi_id", "month", "value"])
    write("program_kpi_month", kpis)
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
        write(name, frame)


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


def to_money(value: float) -> Decimal:
    """A float amount as an exact currency amount (cents)."""
    return Decimal(str(round(value, 2)))
