"""Months in which a KPI cannot speak, left out of the link tests (and said on the page).

Two reasons, per KPI series:

- ``history``: the KPI is defined over a year (or a few months) of history before the month, so in the
  data's first months it measures the data's start, not the business. Revenue from new customers counts
  customers acquired within 365 days: in the first year of an imported company every customer is "new";
  repeat buying, value tiers and cross-sell look back 12 months; lead conversion follows leads created 4
  months before. Those months (counted from the first month with orders) are left out.
- ``inputs``: the months before the KPI's inputs exist: a leading run of missing values or of exact zeros
  (a company-wide rate or amount that is exactly zero is a record not yet kept, e.g. churn in the first
  month, when no customer could have been seen leaving).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# months of history a KPI's definition looks back over (registry definitions in metrics/scorecard/registry.py)
LOOK_BACK_MONTHS: dict[str, int] = {
    "new_customer_revenue": 12, "new_customer_revenue_share": 12, "existing_revenue_growth": 12,
    "revenue_growth": 12, "repeat_purchase_rate": 12, "top_tier_revenue_share": 12, "cross_sell_rate": 12,
    "unprofitable_customer_share": 12, "top20_profit_share": 12, "lead_conversion_rate": 4,
    "campaign_response_rate": 2, "campaign_roi": 2, "marketing_roi": 2,
}
NOTE_COLUMNS = ("fit_from", "left_out_months", "left_out_why")


@dataclass(frozen=True)
class Window:
    """A KPI series' first month used, how many months before it were left out, and why."""

    kpi_id: str
    first: pd.Timestamp | None
    left_out: int
    why: str  # "history", "inputs" or ""


def window(kpi_id: str, series: pd.Series, data_start: pd.Timestamp | None) -> Window:
    """Where ``series`` (monthly, indexed by month start) starts to speak."""
    values = series.astype(float).to_numpy()
    index = pd.DatetimeIndex(series.index)
    speaking = np.isfinite(values) & (values != 0)
    if not speaking.any():
        return Window(kpi_id, None, len(values), "inputs")
    first_input = int(np.argmax(speaking))
    first_history = 0
    if data_start is not None and kpi_id in LOOK_BACK_MONTHS:
        ready = pd.Timestamp(data_start) + pd.DateOffset(months=LOOK_BACK_MONTHS[kpi_id])
        first_history = int(np.searchsorted(index.to_numpy(), ready.to_datetime64()))
    first = max(first_input, first_history)
    why = "" if first == 0 else "history" if first_history >= first_input else "inputs"
    return Window(kpi_id, index[first] if first < len(index) else None, first, why)


def apply(monthly: pd.DataFrame, data_start: pd.Timestamp | None,
          units: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame | None, dict[str, Window]]:
    """``monthly`` (and the region x month frame ``units``) with each KPI's silent months set to missing,
    and each KPI's :class:`Window`."""
    notes = {k: window(k, monthly[k], data_start) for k in monthly.columns}
    kept = monthly.copy()
    for k, note in notes.items():
        kept.loc[kept.index[: note.left_out], k] = np.nan
    if units is not None and not units.empty:
        units = units.copy()
        periods = units.index.get_level_values("period")
        for k in units.columns:
            note = notes.get(k)
            if note is not None and note.left_out:
                units.loc[(periods < note.first) if note.first is not None else slice(None), k] = np.nan
    return kept, units, notes


def note_columns(source: Window | None, target: Window | None) -> dict:
    """The stored note of a pair: the first month its fit could use, months left out and why (the target's
    reason first: it decides which months are in the regression)."""
    found = [w for w in (target, source) if w is not None and w.left_out]
    if not found:
        first = next((w.first for w in (target, source) if w is not None), None)
        return {"fit_from": first, "left_out_months": 0, "left_out_why": ""}
    widest = max(found, key=lambda w: w.left_out)
    return {"fit_from": widest.first, "left_out_months": widest.left_out, "left_out_why": widest.why}
