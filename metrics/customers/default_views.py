"""The customer pages' first view, computed once per data version.

A customer page opened without a filter shows the latest month over every customer: its per-customer tables (the
segments' customer table, the reorder and win-back lists) scan every order line, seconds at a million customers
(16 s and 15 s). At refresh (a ``jobs.refresh`` step of :mod:`metrics.customers.segments`) the same queries run
for those default filters and their rows are stored, with the filters they were computed for (table
``customer_views_key``); a reader asking for exactly those filters reads the rows, any other filters run the
query (``tests/metrics/customers/test_default_views.py``: the stored rows equal the query's).
"""

from __future__ import annotations

import pandas as pd

from metrics.base.filters import Filters
from metrics.base.store import Store

KEY = "customer_views_key"


def write(connection, f: Filters | None, queries: dict[str, tuple[str, dict]]) -> None:
    """Each query's rows as its table (name -> (sql, params)), and ``f`` as the filters they hold."""
    cursor = connection.cursor()  # a reader may have left a result open on the connection
    try:
        cursor.execute(f"CREATE OR REPLACE TABLE {KEY} (filters VARCHAR)")
        if f is None:
            return
        for name, (sql, params) in queries.items():
            cursor.execute(f"CREATE OR REPLACE TABLE {name} AS {sql}", params)
        cursor.execute(f"INSERT INTO {KEY} VALUES ($key)", {"key": repr(f)})
    finally:
        cursor.close()


def read(store: Store, name: str, f: Filters, *, where: str = "", params: dict | None = None,
         order_by: str) -> pd.DataFrame | None:
    """The stored rows of ``name`` (``where`` them, in ``order_by``) when the refresh computed them for ``f``,
    else ``None``."""
    if not (store.has_table(KEY) and store.has_table(name)):
        return None
    held = store.query(f"SELECT filters FROM {KEY}")["filters"]
    if len(held) != 1 or held.iloc[0] != repr(f):
        return None
    return store.query(f"SELECT * FROM {name} {where} ORDER BY {order_by}", params or {})


def add_columns(connection, name: str, columns: pd.DataFrame, *, key: str) -> None:
    """The stored table ``name`` with ``columns`` (one row per ``key``, computed in Python) joined on, its own
    columns' types kept."""
    cursor = connection.cursor()
    try:
        cursor.register("added_columns", columns)
        added = ", ".join(f"a.{c}" for c in columns if c != key)
        cursor.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT t.*, {added} FROM {name} t "
                       f"LEFT JOIN added_columns a USING ({key})")
        cursor.unregister("added_columns")
    finally:
        cursor.close()
