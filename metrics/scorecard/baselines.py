"""Baseline targets: a scorecard from day one for a company that has set no targets yet.

A KPI nobody set a target for is judged against a target drawn from the company's own history, marked
``baseline`` until someone sets one (the targets editor; the system of record holds only what people set).

The rule, at the latest complete month ``M`` (the default period), over the KPI's monthly values, unfiltered:

- **growing KPIs** (higher is better and the KPI is a flow summed over months: revenue, gross margin, revenue
  from new customers, new and referred customers, revenue per active customer, training hours): the value of
  the same month a year before (``M`` - 12): "at least as good as last year";
- **every other KPI**, and a growing one without a value a year back: the median of its known values over the
  trailing 12 months (``M`` - 11 .. ``M``; with less history, the median of what there is);
- the score's scale starts (``baseline``) at the worst of those 12 months (or at the target, when that is worse:
  a baseline never lies beyond its target); the amber band is ``THRESHOLD`` of that distance, every weight 1;
- no baseline when the KPI has no known value in those months, or lacks the data it needs (``needs``).

At refresh, :func:`precompute` (a ``jobs.refresh`` step, before the forecast and the stored scorecard) writes
the baselines of every KPI to table ``kpi_baseline`` and :func:`apply` writes ``kpi_target_effective``: the set
targets (the store's copy ``kpi_target``, untouched) and the baselines of the KPIs without one, with column
``source``: ``set`` or ``baseline`` (``Store.targets`` reads it). After a save of targets
(``jobs.refresh.TARGET_STEPS``) only :func:`apply` runs again, on the baselines already computed.
"""

from __future__ import annotations

import math

import pandas as pd

from metrics.base.dimensions import first_view
from metrics.base.filters import Filters
from metrics.base.store import Store, write_table
from metrics.scorecard import needs
from metrics.scorecard import scoring as scorecards
from metrics.scorecard import series as kpi_months
from metrics.scorecard.registry import CATALOGUE, Direction, Kpi

TABLE = "kpi_baseline"
TARGETS = "kpi_target"
EFFECTIVE = "kpi_target_effective"  # what the scorecard, the forecasts and the editor read
THRESHOLD = 0.5
COLUMNS = ["kpi_id", "target", "baseline", "threshold", "weight", "basis", "month"]
Basis = str  # year_before | median_12 (the median of the known months of the trailing 12)


def growing(kpi: Kpi) -> bool:
    """A KPI a company means to grow month on month: higher is better and it sums over months."""
    return kpi.better == Direction.HIGHER and kpi.per_period == "sum"


def baseline_of(kpi: Kpi, series: pd.Series, month: pd.Timestamp) -> tuple[float, float, Basis] | None:
    """(target, baseline, basis) for ``kpi`` from its monthly ``series`` (indexed by month start) at ``month``;
    ``None`` without a known value in the trailing 12 months."""
    window = series[(series.index > month - pd.DateOffset(months=12)) & (series.index <= month)]
    known = window[window.map(lambda v: v is not None and math.isfinite(float(v)))].astype(float)
    if known.empty:
        return None
    year_before = series.get(month - pd.DateOffset(months=12), math.nan)
    if growing(kpi) and year_before is not None and math.isfinite(float(year_before)):
        target, basis = float(year_before), "year_before"
    else:
        target, basis = float(known.median()), "median_12"
    worst = float(known.min() if kpi.better == Direction.HIGHER else known.max())
    baseline = min(worst, target) if kpi.better == Direction.HIGHER else max(worst, target)
    return target, baseline, basis


def baselines(store: Store, f: Filters | None = None) -> pd.DataFrame:
    """The baseline target of every KPI that has one, at the month of ``f`` (default: the latest complete month);
    columns :data:`COLUMNS` (monthly units, like the targets people set)."""
    if f is None:
        f = first_view(store)
    if f is None:
        return pd.DataFrame(columns=COLUMNS)
    f = Filters(f.period_start(f.end), f.period_start(f.end), grain="month")
    month = pd.Timestamp(f.period_start(f.end))
    lacking = needs.missing(store)
    history = kpi_months.stored_values(store, f)  # the KPIs' monthly series, computed once per refresh
    if history is None:
        history = scorecards.kpi_values(store, f)
    rows = []
    for kpi in CATALOGUE:
        found = None if lacking.get(kpi.id) else baseline_of(kpi, history[kpi.id], month)
        if found is not None:
            target, baseline, basis = found
            rows.append((kpi.id, target, baseline, THRESHOLD, 1.0, basis, month))
    return pd.DataFrame(rows, columns=COLUMNS)


def precompute(store: Store, connection) -> None:
    """``jobs.refresh`` step: every KPI's baseline as table ``kpi_baseline``, then :func:`apply`."""
    frame = baselines(store).astype({"target": float, "baseline": float, "threshold": float, "weight": float,
                                     "month": "datetime64[ns]"})
    write_table(connection, TABLE, frame)
    apply(store, connection)


def apply(store: Store, connection) -> None:
    """``jobs.refresh`` step (also after a save of targets): table ``kpi_target_effective``, the targets people
    set (``source`` = ``set``, as copied in ``kpi_target``) and the baselines of the KPIs nobody set a target for
    (``baseline``). ``kpi_target`` itself stays the system of record's copy."""
    if not store.has_table(TARGETS):
        return
    baseline_rows = (f"""UNION ALL SELECT kpi_id, target, baseline, threshold, weight, 'baseline' FROM {TABLE}
                         WHERE kpi_id NOT IN (SELECT kpi_id FROM {TARGETS})""" if store.has_table(TABLE) else "")
    cursor = connection.cursor()
    try:
        cursor.execute(f"""CREATE OR REPLACE TABLE {EFFECTIVE} AS
                           SELECT kpi_id, CAST(target AS DOUBLE) AS target, CAST(baseline AS DOUBLE) AS baseline,
                                  CAST(threshold AS DOUBLE) AS threshold, CAST(weight AS DOUBLE) AS weight,
                                  'set' AS source FROM {TARGETS} {baseline_rows}""")
    finally:
        cursor.close()


def sources(store: Store) -> dict[str, str]:
    """kpi_id -> ``set`` or ``baseline`` for every KPI with a target in the store."""
    frame = scorecards.target_table(store)
    return dict(zip(frame["kpi_id"], frame["source"], strict=True))


def read(store: Store) -> pd.DataFrame:
    """The stored baselines (:data:`COLUMNS`), empty before a refresh computed them."""
    if not store.has_table(TABLE):
        return pd.DataFrame(columns=COLUMNS)
    return store.query(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} ORDER BY kpi_id")
