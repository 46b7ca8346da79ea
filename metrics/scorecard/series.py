"""Every KPI's monthly series, computed once per refresh and read by the steps after it.

The baselines, the stored default scorecard, the link tests and the forecasts all read KPIs month by month, over
windows that overlap (the scorecard's trend of :data:`metrics.scorecard.scoring.TREND_MONTHS` to the latest
complete month; the link tests' and forecasts' :data:`metrics.base.store.SERIES_MONTHS` to the latest month).
The refresh step :func:`precompute` (first of ``jobs.refresh.STEPS``) evaluates each KPI's own compute function
once over the union of those windows, where each base aggregate of :mod:`metrics.base.facts` is one grouped query
over all the months, and stores:

- table ``kpi_monthly`` (kpi_id, period, value): every KPI of the catalogue, the whole company, every month of
  the window (a month without a value: NULL);
- table ``kpi_monthly_unit`` (dimension, unit, kpi_id, period, value): the KPIs a panel reads, computed under
  each member of ``dimension`` alone (the KPI's compute under that filter, so a value means what the scorecard
  shows for it);
- table ``customer_value_monthly``: the customers' value ranked for the whole company and each region
  (:mod:`metrics.base.value`), read by scorecards of any grain with no filter or one region;
- table ``price_spread_monthly``: the price spread's monthly sums, likewise (:mod:`metrics.base.price_spread`).

Readers (:func:`stored`, :func:`stored_units`) get ``None`` when the store has no such table, lacks a KPI or
does not cover their months, and then compute as before: a store built before this step, or one whose step
failed, gives the same results, only slower.

A KPI's value for a month does not depend on the window it is computed in (every base aggregate is per period,
its trailing windows counted back from the period itself); ``tests/metrics/scorecard/test_series.py`` compares
the stored values with each KPI computed over one month alone.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from metrics.base import price_spread, value
from metrics.base.dimensions import first_view
from metrics.base.filters import Filters
from metrics.base.store import Store, series_filters, write_table
from metrics.cube.view import cubed
from metrics.scorecard import registry
from metrics.scorecard import scoring as scorecards

TABLE, UNIT_TABLE = "kpi_monthly", "kpi_monthly_unit"
COLUMNS = ["kpi_id", "period", "value"]
UNIT_COLUMNS = ["dimension", "unit", "kpi_id", "period", "value"]


def window(store: Store) -> Filters | None:
    """Monthly filters over every month a reader of the series needs: the series window
    (:func:`metrics.base.store.series_filters`) and the default scorecard's trend, together; ``None`` without
    sales."""
    found = [series_filters(store)]
    default = first_view(store)
    if default is not None:
        found.append(scorecards.trend_filters(default))
    found = [w for w in found if w is not None]
    if not found:
        return None
    return Filters(min(w.first_day for w in found), max(w.period_start(w.end) for w in found), grain="month")


def compute(store: Store, f: Filters, kpis: Iterable[str] | None = None) -> pd.DataFrame:
    """period x KPI: each KPI's own compute over ``f``'s periods (floats, NaN unknown); the KPIs share their
    base aggregates, read from the cube's cells where the store has them (:func:`metrics.cube.view.cubed`: the
    same values, ``tests/metrics/cube``)."""
    store = cubed(store)
    ids = list(kpis) if kpis is not None else [k.id for k in registry.CATALOGUE]
    return pd.DataFrame({k: scorecards.kpi_series(store, registry.get(k), f) for k in ids},
                        index=f.period_index, columns=ids, dtype=float)


def units(store: Store, dimension: str) -> list[str]:
    """The members of a customer ``dimension`` (region, channel, industry), sorted."""
    found = store.query(f"SELECT DISTINCT {dimension} AS u FROM customer WHERE {dimension} IS NOT NULL ORDER BY 1")
    return [str(u) for u in found["u"]]


def unit_compute(store: Store, f: Filters, kpis: Iterable[str], dimension: str) -> pd.DataFrame:
    """Long frame (unit, period) x KPI: :func:`compute` under each member of ``dimension`` alone."""
    ids, frames = list(kpis), []
    for unit in units(store, dimension):
        frame = compute(store, f.with_dimensions(**{dimension: (unit,)}), ids)
        frame.index = pd.MultiIndex.from_product([[unit], frame.index], names=["unit", "period"])
        frames.append(frame)
    return pd.concat(frames) if frames else pd.DataFrame()  # no member: nothing to compare


def _long(wide: pd.DataFrame) -> pd.DataFrame:
    index = list(wide.index.names)
    return wide.rename_axis(columns="kpi_id").stack(future_stack=True).rename("value").reset_index()[
        [*[n for n in index if n != "period"], "kpi_id", "period", "value"]]


def precompute(store: Store, connection, *, unit_kpis: Iterable[str] = (), dimension: str = "region") -> None:
    """``jobs.refresh`` step: tables ``kpi_monthly`` (every KPI over :func:`window`) and ``kpi_monthly_unit``
    (``unit_kpis`` under each member of ``dimension``)."""
    f = window(store)
    whole = pd.DataFrame(columns=COLUMNS)
    per_unit = pd.DataFrame(columns=UNIT_COLUMNS)
    if f is not None:
        store = cubed(store)
        value.precompute(store, connection, f)  # first: the KPIs below read the customers' value it stores
        price_spread.precompute(connection)
        whole = _long(compute(store, f))
        found = unit_compute(store, f, unit_kpis, dimension) if list(unit_kpis) else pd.DataFrame()
        if not found.empty:
            per_unit = _long(found)
            per_unit.insert(0, "dimension", dimension)
    types = {"kpi_id": str, "period": "datetime64[ns]", "value": float}
    write_table(connection, TABLE, whole[COLUMNS].astype(types))
    write_table(connection, UNIT_TABLE, per_unit[UNIT_COLUMNS].astype({**types, "dimension": str, "unit": str}))


def _covers(store: Store, table: str, f: Filters, kpis: list[str], where: str = "", params: dict | None = None
            ) -> pd.DataFrame | None:
    """The rows of ``table`` for ``kpis`` over ``f``'s months, or ``None`` when the table does not hold them all."""
    if f.grain != "month" or not store.has_table(table):
        return None
    periods = f.period_index
    rows = store.query(f"SELECT * FROM {table} WHERE period >= $first AND period <= $last {where}",
                       {"first": periods[0].to_pydatetime(), "last": periods[-1].to_pydatetime(), **(params or {})})
    rows = rows[rows["kpi_id"].isin(kpis)]
    rows["period"] = pd.to_datetime(rows["period"])
    held = rows.groupby("kpi_id")["period"].nunique()
    if set(held.index) != set(kpis) or (held < len(periods)).any():
        return None
    return rows


def stored(store: Store, f: Filters, kpis: Iterable[str] | None = None) -> pd.DataFrame | None:
    """:func:`compute` of ``f`` as the refresh stored it (monthly filters with no dimension set), else ``None``."""
    ids = list(kpis) if kpis is not None else [k.id for k in registry.CATALOGUE]
    if f.dimensions:
        return None
    rows = _covers(store, TABLE, f, ids)
    if rows is None:
        return None
    wide = rows.set_index(["period", "kpi_id"])["value"].unstack("kpi_id")
    return wide.reindex(index=f.period_index, columns=ids).astype(float)


def stored_values(store: Store, f: Filters) -> dict[str, pd.Series] | None:
    """:func:`metrics.scorecard.scoring.kpi_values` of ``f`` (every KPI over its trend) from the stored series,
    else ``None``."""
    wide = stored(store, scorecards.trend_filters(f)) if not f.dimensions else None
    return None if wide is None else {k: wide[k].rename(None) for k in wide.columns}


def stored_units(store: Store, f: Filters, kpis: Iterable[str], dimension: str) -> pd.DataFrame | None:
    """:func:`unit_compute` as the refresh stored it, else ``None``."""
    ids = list(kpis)
    if f.dimensions:
        return None
    rows = _covers(store, UNIT_TABLE, f, ids, "AND dimension = $dimension", {"dimension": dimension})
    if rows is None:
        return None
    if set(rows["unit"]) != set(units(store, dimension)):
        return None
    wide = rows.set_index(["unit", "period", "kpi_id"])["value"].unstack("kpi_id")
    index = pd.MultiIndex.from_product([sorted(set(rows["unit"])), f.period_index], names=["unit", "period"])
    return wide.reindex(index=index, columns=ids).astype(float)
