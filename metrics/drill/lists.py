"""A who list: the customers behind a KPI for the period and filters, with their names and dimensions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.base.filters import Filters
from metrics.base.keys import shown_id_sql
from metrics.base.store import Store
from metrics.drill.who import Part, Who

COLUMNS = ["customer_id", "shown_id", "name", "region", "channel", "industry", "contact_name", "phone", "value",
           "numerator", "denominator", "num", "den"]


def customers(store: Store, who: Who, f: Filters) -> pd.DataFrame:
    """Every customer in the KPI's numerator or denominator for the period holding ``f.end``.

    Columns ``customer_id`` (the internal number, for links), ``shown_id`` (the company's own id), ``name``,
    ``region``, ``channel``, ``industry``, ``contact_name``, ``phone``, ``value`` (the measure beside each customer,
    in ``who.unit``), ``numerator`` and ``denominator`` (booleans: the parts holding it), ``num`` and ``den`` (its
    share of each: ``KPI = who.scale x sum(num) / sum(den)``). Ordered by ``value``, largest first (smallest first
    when ``who.lowest_first``), unknown values last, then by id.
    """
    rows = who.rows(store, f).reset_index()
    ids = [int(i) for i in rows["customer_id"]]
    people = store.query(
        f"SELECT c.id AS customer_id, {shown_id_sql('c')} AS shown_id, c.name, c.region, c.channel, c.industry, "
        "c.contact_name, c.phone FROM customer c WHERE list_contains($ids, c.id)", {"ids": ids or [-1]})
    out = rows.merge(people, on="customer_id", how="left")
    out["numerator"], out["denominator"] = out["num"].notna(), out["den"].notna()
    key = out["value"]
    if pd.api.types.is_datetime64_any_dtype(key):
        key = key.astype("int64").where(key.notna()).astype(float)
    key = pd.to_numeric(key, errors="coerce")
    out = out.assign(_missing=key.isna(), _key=key if who.lowest_first else -key)
    out = out.sort_values(["_missing", "_key", "customer_id"], kind="stable").reset_index(drop=True)
    return out[COLUMNS]


def part(frame: pd.DataFrame, which: Part) -> pd.DataFrame:
    """The rows of one part: the numerator, the denominator, or the shortfall (in the denominator, not the
    numerator)."""
    if which == "numerator":
        mask = frame["numerator"]
    elif which == "denominator":
        mask = frame["denominator"]
    elif which == "shortfall":
        mask = frame["denominator"] & ~frame["numerator"]
    else:
        raise ValueError(f"part must be numerator, shortfall or denominator, not {which!r}")
    return frame[np.asarray(mask, dtype=bool)].reset_index(drop=True)

