"""A KPI split by one dimension (OLAP slicing): one value per member for the selected period."""

from dataclasses import replace

import pandas as pd

from metrics.base.dimensions import dimension_values
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.scorecard.registry import Kpi

DIMENSIONS = ("region", "channel", "industry", "manager")
MAX_MANAGERS = 12  # the largest portfolios; a bar per manager beyond that is unreadable


def breakdown(store: Store, kpi: Kpi, f: Filters, dimension: str) -> pd.DataFrame:
    """Columns ``member, label, value`` for the period ``f.end``, members of ``dimension`` kept within
    the filters already set on it. Manager breakdowns show the largest portfolios only.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {', '.join(DIMENSIONS)}, not {dimension!r}")
    values = dimension_values(store)
    chosen = getattr(f, dimension)
    if dimension == "manager":
        members = [(m, name) for m, name in values.manager if not chosen or m in chosen][:MAX_MANAGERS]
    else:
        members = [(m, m) for m in getattr(values, dimension) if not chosen or m in chosen]
    single = replace(f, start=f.period_start(f.end))
    period = single.period_index[0]
    rows = []
    for member, label in members:
        series = kpi.compute(store, single.with_dimensions(**{dimension: (member,)}))
        rows.append({"member": member, "label": str(label), "value": float(series.get(period, float("nan")))})
    return pd.DataFrame(rows, columns=["member", "label", "value"])
