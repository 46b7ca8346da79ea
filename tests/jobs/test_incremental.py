"""The cube's cells refreshed incrementally (``metrics.cube.cells.update``: an import appended months, only their
cells are rebuilt) equal a full build, table by table."""

from __future__ import annotations

import shutil
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pytest

from data import analytics, db
from data.demo.builder import build_demo
from metrics.cube import cells

# fact table -> the day that puts a row in a month (the rows of the months an import appends)
FACTS = {"sales": "month", "service_ticket": "opened_at", "survey_response": "responded_on",
         "sales_order": "ordered_on", "campaign_contact": "contacted_on"}
CATEGORY_FIRST = ("CREATE OR REPLACE TABLE customer_category_first AS "
                  "SELECT customer_id, category, min(month) AS first_month FROM sales GROUP BY ALL")


@pytest.fixture(scope="module")
def store_file(tmp_path_factory):
    """A demo of 800 customers: its store's facts and derived tables (no refresh step)."""
    folder = tmp_path_factory.mktemp("incremental")
    engine = db.get_engine(f"sqlite:///{folder / 'demo.db'}")
    build_demo(engine, customers=800, seed=5)
    built = analytics.build(engine, path=folder / "demo.duckdb")
    engine.dispose()
    return built.path


def _rows(connection: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    frame = connection.execute(f"SELECT * FROM {table}").df()
    keys = [c for c in frame.columns if frame[c].dtype.kind not in "fc"]
    keys += [c for c in frame.columns if c not in keys]  # the floats last: rows alike in every key (cube_response)
    return frame.sort_values(keys, na_position="first").reset_index(drop=True)


def _same(full: pd.DataFrame, updated: pd.DataFrame) -> bool:
    if list(full.columns) != list(updated.columns) or len(full) != len(updated):
        return False
    for column in full.columns:
        a, b = full[column], updated[column]
        if a.dtype.kind in "fc" or b.dtype.kind in "fc":
            if not np.allclose(a.astype(float), b.astype(float), rtol=1e-12, atol=1e-9, equal_nan=True):
                return False
        elif not a.astype(object).where(a.notna(), None).equals(b.astype(object).where(b.notna(), None)):
            return False
    return True


@pytest.mark.parametrize("new_months", [1, 3])
def test_cells_of_appended_months_equal_a_full_build(store_file, tmp_path, new_months):
    path = tmp_path / "store.duckdb"
    shutil.copy(store_file, path)
    connection = duckdb.connect(str(path))
    try:
        last = connection.execute("SELECT max(month) FROM sales").fetchone()[0]
        first_new = date(last.year, last.month, 1)
        for _ in range(new_months - 1):
            first_new = date(first_new.year - (first_new.month == 1), (first_new.month - 2) % 12 + 1, 1)
        cells.build(connection)
        full = {name: _rows(connection, name) for name in cells.TABLES}
        # the store before the import: the new months' facts held back, the cube built on the rest
        for table, day in FACTS.items():
            connection.execute(f"CREATE TABLE held_{table} AS SELECT * FROM {table} "
                               f"WHERE CAST(date_trunc('month', {day}) AS DATE) >= $m", {"m": first_new})
            connection.execute(f"DELETE FROM {table} WHERE CAST(date_trunc('month', {day}) AS DATE) >= $m",
                               {"m": first_new})
        connection.execute(CATEGORY_FIRST)
        cells.build(connection)
        before = {name: len(_rows(connection, name)) for name in cells.MONTHLY}
        assert all(before[name] < len(full[name]) for name in ("cube_sales", "cube_buyers", "cube_service"))
        # the import appends them; only their months' cells are rebuilt
        for table in FACTS:
            connection.execute(f"INSERT INTO {table} SELECT * FROM held_{table}")
        connection.execute(CATEGORY_FIRST)
        cells.update(connection, first_new)
        for name in cells.TABLES:
            assert _same(full[name], _rows(connection, name)), name
    finally:
        connection.close()


def test_an_update_with_no_new_month_changes_nothing(store_file, tmp_path):
    path = tmp_path / "store.duckdb"
    shutil.copy(store_file, path)
    connection = duckdb.connect(str(path))
    try:
        cells.build(connection)
        full = {name: _rows(connection, name) for name in cells.TABLES}
        cells.update(connection, date(2100, 1, 1))
        for name in cells.TABLES:
            assert _same(full[name], _rows(connection, name)), name
    finally:
        connection.close()
