"""The CRM program's indicators: leading vs lagging KPIs per step, benchmark cases, and the health check."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.base.store import Store
from metrics.program.tables import CHANGE_STEP, LAGGING, LEADING, Program


# --- which step ran when -------------------------------------------------------------------
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
    from metrics.scorecard.registry import CATALOGUE
    targets = store.query("SELECT kpi_id FROM kpi_target")  # those people set (baseline targets are not)
    add("targets_set", len(set(targets.index if "kpi_id" not in targets.columns else targets["kpi_id"])
                           & {k.id for k in CATALOGUE}) / len(CATALOGUE))
    change = program.steps.loc[program.steps["id"] == CHANGE_STEP]
    add("change_management", float(change["percent_complete"].iloc[0]) / 100 if not change.empty else None)
    return pd.DataFrame(rows)
