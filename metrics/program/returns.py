"""The CRM program's return: ROI, NPV and payback of the whole program with their uncertainty; the benefit by
phase of calendar time; the cost by step.

No return per step. The counterfactual measures the program's benefit as a whole, from go-live on; one
counterfactual cannot say which step earned which yuan of it (any split, e.g. in proportion to cost, hands every
step the program's own ROI and presents a convention as a finding). What the data can say: how much benefit was
measured in the months of each phase (:func:`phase_benefits`, adding up to the whole) and what each step cost
(:func:`step_costs`).

Discounting: an annual rate r compounded monthly, factor ``(1 + r / 12) ** -t`` for t months after the
program's first month. ROI = (PV benefits - PV costs) / PV costs; NPV = PV benefits - PV costs; payback
month: the first month from which the cumulative discounted net cash flow stays >= 0. Each comes with its
distribution over the simulated benefit paths of the counterfactual: P(ROI > 0), P(paid back by m).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.program.tables import Program


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


def phase_periods(steps: pd.DataFrame) -> pd.DataFrame:
    """The calendar months of each phase: ``phase, first_month, last_month`` (last_month NaT: still open).

    A phase begins in the month its earliest step started (actual start, else planned start) and runs until the
    month before the next phase begins; the last phase runs on. Phases overlap in the plan, so calendar time is cut
    at each phase's start: every month belongs to exactly one phase (the months before the first go to it)."""
    start = steps["actual_start"].fillna(steps["planned_start"]) if "actual_start" in steps else steps["planned_start"]
    first = (pd.DataFrame({"phase": steps["phase"].astype(int), "start": pd.to_datetime(start)})
             .groupby("phase")["start"].min().dt.to_period("M").dt.to_timestamp().sort_index())
    first = first.cummax()  # a later phase that started earlier still begins after the one before it
    last = [*(first.iloc[1:] - pd.offsets.MonthBegin(1)), pd.NaT]
    out = pd.DataFrame({"phase": first.index.astype(int), "first_month": first.to_numpy(),
                        "last_month": pd.to_datetime(last)})
    return out.loc[out["last_month"].isna() | (out["last_month"] >= out["first_month"])].reset_index(drop=True)


def phase_benefits(steps: pd.DataFrame, impact: pd.DataFrame, draws: np.ndarray, *,
                   alpha: float = 0.05) -> pd.DataFrame:
    """The benefit measured in the months of each phase, not discounted, with its interval over the paths.

    ``impact`` has one row per post-go-live month (index: month starts) and an ``effect`` column; ``draws``
    are the simulated effect paths (draws x months). Returns ``phase, first_month, last_month, months, benefit,
    benefit_low, benefit_high``, one row per phase; a phase with no post-go-live month has ``months`` 0 and no benefit
    measured (NaN, not 0). The benefits add up to the whole benefit: a month belongs to one phase. This says when
    the benefit was measured, not which step earned it: one counterfactual of the whole program cannot say that."""
    periods = phase_periods(steps)
    months = pd.DatetimeIndex(impact.index)
    effect = impact["effect"].to_numpy(dtype=float)
    paths = np.asarray(draws, dtype=float).reshape(-1, len(months))
    lo, hi = alpha / 2, 1 - alpha / 2
    rows = []
    for k, r in enumerate(periods.itertuples(index=False)):
        inside = np.ones(len(months), dtype=bool) if k == 0 else months >= r.first_month
        if not pd.isna(r.last_month):
            inside &= months <= r.last_month
        n = int(inside.sum())
        total = paths[:, inside].sum(axis=1)
        rows.append({"phase": int(r.phase), "first_month": r.first_month, "last_month": r.last_month, "months": n,
                     "benefit": float(effect[inside].sum()) if n else np.nan,
                     "benefit_low": float(np.quantile(total, lo)) if n else np.nan,
                     "benefit_high": float(np.quantile(total, hi)) if n else np.nan})
    return pd.DataFrame(rows, columns=["phase", "first_month", "last_month", "months", "benefit", "benefit_low",
                                       "benefit_high"])


def step_costs(program: Program) -> pd.DataFrame:
    """Cost by step: ``step_id, phase, budget, actual_cost`` (not discounted), in step order."""
    spent = program.costs.groupby("step_id")["amount"].sum() if not program.costs.empty else pd.Series(dtype=float)
    steps = program.steps
    return pd.DataFrame({
        "step_id": steps["id"].astype(int).to_numpy(), "phase": steps["phase"].astype(int).to_numpy(),
        "budget": steps["budget"].to_numpy(dtype=float),
        "actual_cost": steps["id"].map(spent).fillna(0.0).to_numpy(dtype=float),
    })
