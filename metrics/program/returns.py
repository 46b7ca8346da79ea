"""The CRM program's return: the benefit credited to each step, ROI, NPV and payback, with their uncertainty.

Credit. The counterfactual measures the program's benefit as a whole, from go-live on; no data can say
which step earned which yuan of it. The rule, a convention the project team can check by hand: a month's
benefit is credited to every step with work done by the end of that month, in proportion to the cost it
had incurred by then (cumulative actual cost). The foundation steps (1-7, finished before go-live) made
every later month possible and share in each; a step that has not started (no cost) gets nothing, and its
ROI is "not yet measurable" rather than -100%. A month before any cost is split equally.

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


def benefit_shares(costs: pd.DataFrame, step_ids, months: pd.DatetimeIndex) -> pd.DataFrame:
    """Months x step ids: the share of each month's benefit credited to each step (rows sum to 1).

    ``costs`` has ``step_id, incurred_on, amount``. A step's share of month m is the cost it had incurred
    by the end of m over the cost all steps had incurred by then; before any cost, equal shares."""
    ids = list(step_ids)
    share = pd.DataFrame(0.0, index=months, columns=ids)
    for m in months:
        month_end = m + pd.offsets.MonthEnd(0)
        spent = costs.loc[costs["incurred_on"] <= month_end].groupby("step_id")["amount"].sum()
        spent = spent.reindex(ids, fill_value=0.0).clip(lower=0.0)
        total = float(spent.sum())
        share.loc[m] = spent.to_numpy(dtype=float) / total if total > 0 else 1.0 / len(ids)
    return share


def stage_returns(program: Program, impact: pd.DataFrame, draws: np.ndarray, *, rate: float,
                  alpha: float = 0.05) -> pd.DataFrame:
    """Per step and per phase: cost, credited benefit with its interval, ROI (discounted at ``rate``).

    Columns ``level`` ("step" | "phase"), ``id``, ``phase``, ``cost``, ``benefit``, ``benefit_low``,
    ``benefit_high``, ``roi``, ``roi_low``, ``roi_high``, ``probability_roi_positive``, ``measurable``
    (False: no cost yet, the ROI figures are NaN); money as present values at the program's first month.
    """
    cost = program.costs.assign(month=program.costs["incurred_on"].dt.to_period("M").dt.to_timestamp())
    months = pd.DatetimeIndex(sorted(set(cost["month"]) | set(impact.index)))
    start = months[0] if len(months) else pd.Timestamp(impact.index.min())
    cost["pv"] = cost["amount"] * discount_factors(pd.DatetimeIndex(cost["month"]), start=start, rate=rate)
    step_cost = cost.groupby("step_id")["pv"].sum()
    share = benefit_shares(program.costs, program.steps["id"].to_numpy(), pd.DatetimeIndex(impact.index))
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
            "measurable": bool(c),
        })
    return pd.DataFrame(rows)
