"""The evidence a check-in note starts from: the upstream KPIs whose links to a KPI are supported on the data.

For a KPI ``y`` and a review month ``P``: every row of the stored link tests (:func:`metrics.links.fit.read`) with
``target_kpi`` = ``y`` and evidence ``supported`` (q < 0.05 with the sign the strategy map expects), the company's
own time series preferred to the regional panel when both support it. The fitted link says a unit move of the
source ``x`` in a month moves ``y`` by ``effect`` (``ci_low`` .. ``ci_high``) ``lag_months`` later
(:mod:`metrics.links.evidence`, an ARDL(1, 0)). So the source's recent change is its move in the month that acts on
``P``::

    change = x[P - lag] - x[P - lag - 1]
    expected = effect * change  (interval: ci_low * change .. ci_high * change, ordered)

``expected`` in the target's units; ``good`` whether that expected move is good for ``y`` (its direction). This is
association measured on the company's data, offered as a candidate cause for the owner to confirm or reject, not
proof of cause.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from metrics.scorecard import registry
from metrics.scorecard.registry import Direction

METHOD_ORDER = ("time_series", "panel_region")


@dataclass(frozen=True)
class Driver:
    source_kpi: str
    method: str  # time_series | panel_region
    lag_months: int
    effect: float  # target units per unit of the source
    q_value: float
    acting_month: pd.Timestamp  # the month of the source's move that acts on the review month
    change: float  # the source's move in that month (NaN: unknown)
    expected: float  # the expected move of the KPI in the review month (NaN: unknown)
    expected_low: float
    expected_high: float
    good: bool | None  # whether the expected move is good for the KPI (None: unknown or nil)


def _value(values: pd.DataFrame, kpi_id: str, period: pd.Timestamp) -> float:
    found = values[(values["kpi_id"] == kpi_id) & (values["period"] == period)]["value"]
    return float(found.iloc[0]) if len(found) and pd.notna(found.iloc[0]) else math.nan


def suggested(links: pd.DataFrame, values: pd.DataFrame, kpi_id: str, period: pd.Timestamp) -> list[Driver]:
    """The supported drivers of ``kpi_id`` for the month ``period``, the largest expected move first.

    Parameters
    ----------
    links : the stored link tests (:data:`metrics.links.fit.COLUMNS`).
    values : kpi_id, period, value: monthly KPI values (:func:`metrics.review.history.monthly_values`).
    """
    if links.empty:
        return []
    rows = links[(links["target_kpi"] == kpi_id) & (links["evidence"] == "supported")].copy()
    if rows.empty:
        return []
    rows["order"] = rows["method"].map({m: n for n, m in enumerate(METHOD_ORDER)}).fillna(len(METHOD_ORDER))
    rows = rows.sort_values(["source_kpi", "order"]).drop_duplicates("source_kpi")
    target = registry.get(kpi_id)
    out = []
    for row in rows.to_dict("records"):
        lag = int(row["lag_months"]) if pd.notna(row["lag_months"]) else 0
        acting = pd.Timestamp(period) - pd.DateOffset(months=lag)
        change = _value(values, row["source_kpi"], acting) - _value(values, row["source_kpi"],
                                                                      acting - pd.DateOffset(months=1))
        effect = float(row["effect"])
        expected = effect * change
        ends = sorted([float(row["ci_low"]) * change, float(row["ci_high"]) * change])
        good = None
        if math.isfinite(expected) and expected != 0:
            good = (expected > 0) == (target.better == Direction.HIGHER)
        out.append(Driver(row["source_kpi"], row["method"], lag, effect, float(row["q_value"]), acting, change,
                          expected, ends[0], ends[1], good))
    return sorted(out, key=lambda d: -abs(d.expected) if math.isfinite(d.expected) else math.inf)
