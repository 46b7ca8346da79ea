"""The id a company knows a row by: its own code when it imported text keys (``ALFKI``, ``00123``), else the
whole-number id (``data.models``: ``code`` is NULL when the company's keys are numbers)."""

from __future__ import annotations

import pandas as pd

from metrics.base.store import Store


def shown_id_sql(alias: str) -> str:
    """SQL for the shown id of the row ``alias`` (a table alias in the query): ``coalesce(code, id)`` as text."""
    return f"coalesce({alias}.code, CAST({alias}.id AS VARCHAR))"


def shown_ids(store: Store, table: str, ids) -> pd.Series:
    """The shown id of each of ``ids`` of ``table`` (customer, product, employee, ...), indexed by id; an id not
    found shows as itself."""
    wanted = [int(i) for i in pd.unique(pd.Series(list(ids)).dropna())]
    if not wanted:
        return pd.Series(dtype=object)
    found = store.query(f"SELECT id, {shown_id_sql('t')} AS shown FROM {table} t "
                        "WHERE t.id IN (SELECT unnest($ids))", {"ids": wanted})
    shown = pd.Series(found["shown"].to_numpy(), index=found["id"].to_numpy(), dtype=object)
    return shown.reindex(wanted).fillna(pd.Series([str(i) for i in wanted], index=wanted))
