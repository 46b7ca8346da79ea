"""The latest orders (``profiles.recent_orders``) equal a grouping of every order line, newest first, computed here
from the lines; also when the latest orders have no lines (the read from their days falls short)."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from metrics.base.store import Store
from metrics.customers import profiles


def _expected(connection: duckdb.DuckDBPyConnection, limit: int) -> pd.DataFrame:
    lines = connection.execute("SELECT order_id, customer_id, ordered_on, revenue FROM sales").df()
    names = connection.execute("SELECT id AS customer_id, name FROM customer").df()
    orders = (lines.groupby(["order_id", "customer_id", "ordered_on"], as_index=False)["revenue"]
              .sum().sort_values(["ordered_on", "order_id"], ascending=False).head(limit))
    orders["revenue"] = orders["revenue"].astype(float).round(2)
    return orders.merge(names, on="customer_id")[["customer_id", "name", "ordered_on", "revenue"]]


def _same(found: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert found["customer_id"].tolist() == expected["customer_id"].tolist()
    assert found["name"].tolist() == expected["name"].tolist()
    assert pd.to_datetime(found["ordered_on"]).tolist() == pd.to_datetime(expected["ordered_on"]).tolist()
    assert found["revenue"].astype(float).round(2).tolist() == expected["revenue"].tolist()


@pytest.mark.parametrize("limit", [1, 10, 40])
def test_the_latest_orders_are_every_lines_latest_orders(demo_store, limit):
    connection = duckdb.connect(str(demo_store.path), read_only=True)
    try:
        _same(profiles.recent_orders(demo_store, limit=limit), _expected(connection, limit))
    finally:
        connection.close()


def test_latest_orders_without_lines_are_skipped(demo_store, tmp_path):
    """The orders of the last three days lose their lines: the 10 latest with lines are older than the days of
    the 10 latest orders."""
    path = tmp_path / "store.duckdb"
    shutil.copy(demo_store.path, path)
    connection = duckdb.connect(str(path))
    connection.execute("DELETE FROM sales WHERE ordered_on > (SELECT max(ordered_on) FROM sales) - 3")
    expected = _expected(connection, 10)
    connection.close()
    store = Store(path)
    try:
        _same(profiles.recent_orders(store, limit=10), expected)
    finally:
        store.close()
