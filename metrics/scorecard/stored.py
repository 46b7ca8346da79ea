"""The scorecard every visitor sees first, its costly part computed once per data version.

At refresh (a ``jobs.refresh`` step) the KPIs' series for the default filters (the latest complete
month, nothing filtered) are stored as table ``scorecard_values``. A scorecard of those filters reads them
and only applies the targets and weights, so a change of targets needs no refresh of the series. Any
other filters add their base aggregates up from the cube built at refresh (:mod:`metrics.cube`).
"""

from __future__ import annotations

import pandas as pd

from metrics.base.dimensions import first_view
from metrics.base.filters import Filters
from metrics.base.store import Store, write_table
from metrics.cube import view as cube
from metrics.scorecard import scoring as scorecards
from metrics.scorecard import series

TABLE = "scorecard_values"


def _key(f: Filters) -> str:
    return repr(f)  # a frozen dataclass of dates, strings and sorted tuples: the same filters, the same text


def precompute(store: Store, connection) -> None:
    """``jobs.refresh`` step: the default scorecard's KPI series as (filters, kpi_id, period, value)."""
    f = first_view(store)
    rows = pd.DataFrame(columns=["filters", "kpi_id", "period", "value"])
    if f is not None:
        found = series.stored_values(store, f)  # the KPIs' monthly series, computed once per refresh
        if found is None:
            found = scorecards.kpi_values(store, f)
        rows = pd.DataFrame([{"filters": _key(f), "kpi_id": kpi_id, "period": period, "value": value}
                             for kpi_id, values_of in found.items()
                             for period, value in values_of.items()], columns=rows.columns)
    write_table(connection, TABLE, rows.astype({"period": "datetime64[ns]", "value": "float64"}))


def stored_values(store: Store, f: Filters) -> dict[str, pd.Series] | None:
    """The KPIs' series for ``f`` when the refresh stored them, else ``None``."""
    if not store.has_table(TABLE):
        return None
    rows = store.query(f"SELECT kpi_id, period, value FROM {TABLE} WHERE filters = $key ORDER BY kpi_id, period",
                       {"key": _key(f)})
    if rows.empty:
        return None
    index = scorecards.trend_filters(f).period_index
    return {kpi_id: pd.Series(group["value"].to_numpy(dtype=float), index=pd.DatetimeIndex(group["period"]))
            .reindex(index) for kpi_id, group in rows.groupby("kpi_id", sort=False)}


def scorecard(store: Store, f: Filters) -> pd.DataFrame:
    """:func:`metrics.scorecard.scoring.scorecard` of ``f``, from the stored series when the refresh kept them,
    else from the cube (the facts' own queries where the store has none)."""
    values = stored_values(store, f)
    if values is None or set(values) != {kpi.id for kpi in scorecards.CATALOGUE}:
        return cube.scorecard(store, f)
    return scorecards.scorecard(store, f, values=values)
