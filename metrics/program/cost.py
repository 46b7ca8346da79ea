"""The CRM program's cost: earned value per step (PMI), and actual cost against budget by month.

Earned value EV = budget x % complete / 100; planned value PV = budget x the share of the planned duration
elapsed on the as-of day; actual cost AC = costs incurred up to it. CPI = EV / AC, SPI = EV / PV (PMI,
*A Guide to the Project Management Body of Knowledge*, 7.4).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from metrics.program.tables import Program


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


def monthly_program_cost(program: Program) -> pd.Series:
    """Actual program cost per month (all steps)."""
    months = program.costs["incurred_on"].dt.to_period("M").dt.to_timestamp()
    return program.costs.groupby(months)["amount"].sum().rename("cost").rename_axis("month")
