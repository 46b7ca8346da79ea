"""A KPI's computed status month by month, judged against the targets as they were then.

The scorecard judges every period against today's targets; a review needs what the status WAS. For each month
``P`` the target, baseline and amber band in force at the month's end (the first instant of the next month) are
rebuilt from today's values and the change log ``kpi_target_change`` (field, value before, value after, when):
a field changed after ``P``'s end had, at ``P``'s end, the ``value_before`` of its first change after that moment;
a field never changed since has today's value. A field whose first later change has no ``value_before`` had no
target set then: the month is judged against the KPI's baseline target (``kpi_baseline``), or against nothing
(status ``none``) without one, never against today's target.

Values are the refresh's monthly series (table ``kpi_monthly``, :mod:`metrics.scorecard.series`), whole company.
The status rule is the scorecard's (:func:`metrics.scorecard.scoring.status`) on the monthly scale.
"""

from __future__ import annotations

import math

import pandas as pd

from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.scorecard import baselines, registry, series
from metrics.scorecard.scoring import TREND_MONTHS, status, target_table

FIELDS = ("target", "baseline", "threshold")
COLUMNS = ["kpi_id", "period", "value", "target", "baseline", "threshold", "status"]
CHANGE_COLUMNS = ["kpi_id", "field_name", "value_before", "value_after", "changed_at"]


def _utc_naive(moments: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(moments, utc=True)
    return stamps.dt.tz_convert("UTC").dt.tz_localize(None)


def targets_in_force(now: pd.DataFrame, changes: pd.DataFrame, periods: list[pd.Timestamp], *,
                     unset: pd.DataFrame | None = None) -> pd.DataFrame:
    """kpi_id, period, target, baseline, threshold in force at the end of each month of ``periods``.

    Parameters
    ----------
    now : kpi_id, target, baseline, threshold: the monthly targets in force today.
    changes : :data:`CHANGE_COLUMNS`, the change log (``changed_at`` naive UTC or aware).
    periods : month starts.
    unset : kpi_id, target, baseline, threshold: what judged a KPI while nobody had set its target (its baseline
        target, ``metrics.scorecard.baselines``); without it such a month has no target.
    """
    fallback = {} if unset is None else unset.set_index("kpi_id")[list(FIELDS)].to_dict("index")
    changes = changes[changes["field_name"].isin(FIELDS)].copy() if len(changes) else pd.DataFrame(
        columns=CHANGE_COLUMNS)
    changes["changed_at"] = _utc_naive(changes["changed_at"]) if len(changes) else pd.Series(dtype="datetime64[ns]")
    changes = changes.sort_values("changed_at", kind="stable")
    by_key = {key: group for key, group in changes.groupby(["kpi_id", "field_name"])}
    rows = []
    for row in now.to_dict("records"):
        for period in periods:
            end = pd.Timestamp(period) + pd.DateOffset(months=1)
            found = {"kpi_id": row["kpi_id"], "period": pd.Timestamp(period)}
            for field in FIELDS:
                log = by_key.get((row["kpi_id"], field))
                later = log[log["changed_at"] >= end] if log is not None else None
                if later is None or later.empty:
                    found[field] = float(row[field])
                else:
                    before = later.iloc[0]["value_before"]
                    if before is None or pd.isna(before):
                        before = fallback.get(row["kpi_id"], {}).get(field, math.nan)
                    found[field] = float(before)
            rows.append(found)
    return pd.DataFrame(rows, columns=["kpi_id", "period", *FIELDS])


def judged(values: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """:data:`COLUMNS`: each (kpi_id, period) value judged against the targets in force then (``values``: kpi_id,
    period, value; ``targets``: :func:`targets_in_force`)."""
    frame = values.merge(targets, on=["kpi_id", "period"], how="left")
    statuses = []
    for row in frame.itertuples(index=False):
        kpi = registry.get(row.kpi_id)
        threshold = 0.0 if pd.isna(row.threshold) else float(row.threshold)
        statuses.append(status(float(row.value) if pd.notna(row.value) else math.nan,
                               target=float(row.target) if pd.notna(row.target) else math.nan,
                               baseline=float(row.baseline) if pd.notna(row.baseline) else math.nan,
                               threshold=threshold, better=kpi.better))
    frame["status"] = statuses
    return frame[COLUMNS]


def monthly_values(store: Store, kpi_ids: list[str], last: pd.Timestamp | None = None) -> pd.DataFrame:
    """kpi_id, period, value: the stored monthly series of ``kpi_ids`` (up to ``last``), or computed over the
    scorecard's trend when the store predates them."""
    if store.has_table(series.TABLE):
        rows = store.query(f"SELECT kpi_id, period, value FROM {series.TABLE} ORDER BY period")
        rows = rows[rows["kpi_id"].isin(kpi_ids)].copy()
        rows["period"] = pd.to_datetime(rows["period"])
        if last is not None:
            rows = rows[rows["period"] <= last]
        if set(rows["kpi_id"]) == set(kpi_ids):
            return rows.reset_index(drop=True)
    if last is None:
        return pd.DataFrame(columns=["kpi_id", "period", "value"])
    f = Filters(last.date(), last.date(), grain="month").shifted(TREND_MONTHS - 1)
    wide = series.compute(store, f, kpi_ids)
    return wide.rename_axis(index="period", columns="kpi_id").stack(future_stack=True).rename(
        "value").reset_index()[["kpi_id", "period", "value"]]


def status_history(store: Store, changes: pd.DataFrame, kpi_ids: list[str], *, last: pd.Timestamp | None = None,
                   months: int = TREND_MONTHS) -> pd.DataFrame:
    """:data:`COLUMNS` for ``kpi_ids``, the last ``months`` months up to ``last`` (a month start), each month
    judged against the targets in force at its end. ``changes``: the change log, read from the system of record
    (the store's copy lags a target saved since the last full refresh)."""
    values = monthly_values(store, kpi_ids, last)
    if values.empty:
        return pd.DataFrame(columns=COLUMNS)
    periods = sorted(values["period"].unique())[-months:]
    values = values[values["period"].isin(periods)]
    now = target_table(store)
    now = now[now["kpi_id"].isin(kpi_ids)]
    unset = store.query(f"SELECT kpi_id, target, baseline, threshold FROM {baselines.TABLE}") \
        if store.has_table(baselines.TABLE) else None
    return judged(values, targets_in_force(now, changes, [pd.Timestamp(p) for p in periods], unset=unset))
