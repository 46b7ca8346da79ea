"""Earned value, CPI and SPI of each initiative: the CRM program's machinery (:func:`metrics.program.cost.earned_value`)
applied with one "step" per initiative.

An initiative's budget, % complete and planned dates give EV and PV exactly as a program step's do; its actual cost is
one figure kept up to date by its owner, so it counts as incurred by the as-of day (PMI, *PMBOK Guide*, 7.4).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from metrics.program.cost import earned_value

COLUMNS = ["initiative_id", "planned_value", "earned_value", "actual_cost", "cpi", "spi"]


def initiative_earned_value(initiatives: pd.DataFrame, *, as_of: date | pd.Timestamp) -> pd.DataFrame:
    """Per initiative (``id, start_on, end_on, budget, actual_cost, percent_complete``): ``COLUMNS``; CPI is NaN with no
    cost yet, SPI NaN before the planned start."""
    if initiatives.empty:
        return pd.DataFrame(columns=COLUMNS)
    steps = pd.DataFrame({"id": initiatives["id"].to_numpy(), "phase": 0,
                          "budget": initiatives["budget"].astype(float).to_numpy(),
                          "percent_complete": initiatives["percent_complete"].astype(float).to_numpy(),
                          "planned_start": pd.to_datetime(initiatives["start_on"]).to_numpy(),
                          "planned_end": pd.to_datetime(initiatives["end_on"]).to_numpy()})
    costs = pd.DataFrame({"step_id": initiatives["id"].to_numpy(), "incurred_on": pd.Timestamp(as_of),
                          "amount": initiatives["actual_cost"].astype(float).to_numpy()})
    found = earned_value(steps, costs, as_of=as_of)
    found = found[found["step_id"].isin(initiatives["id"])]  # the program's total row is not an initiative
    return found.rename(columns={"step_id": "initiative_id"})[COLUMNS].reset_index(drop=True)
