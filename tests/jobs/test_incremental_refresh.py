"""An incremental refresh (``jobs.refresh.run(incremental=True)``, an import's) equals a full refresh of the same data,
table by table: every copied, derived and precomputed table of the store.

The system of record before the import is the demo with its last months held back (their orders, lines, tickets,
surveys, campaign contacts, the customers acquired in them, and the churn dates recorded in them); the import
brings the demo whole. Also: a company whose churn is inferred (a later data end moves inferred churn dates), and
imports that change an old month or a customer's region (every month rebuilt).
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pytest

from data import appended, db, derived
from data.demo.builder import build_demo
from jobs import refresh
from metrics.cube import cells

# tables whose rows say how the refresh ran, not what it computed
RUN_TABLES = {"store_meta", "precompute_log", "refresh_scope"}
FIRST_NEW = date(2026, 9, 1)  # the demo's data runs to October 2026: September and October arrive with the import


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("incremental_refresh") / "demo.db"
    engine = db.get_engine(f"sqlite:///{path}")
    build_demo(engine, customers=600, seed=11)
    engine.dispose()
    return path


def _hold_back(path, first_new: date) -> None:
    """The system of record at ``path`` as it was before the months from ``first_new`` were imported."""
    day = first_new.isoformat()
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM order_line WHERE order_id IN (SELECT id FROM sales_order WHERE ordered_on >= ?)",
                     (day,))
        for table, column in (("sales_order", "ordered_on"), ("service_ticket", "opened_at"),
                              ("survey_response", "responded_on"), ("campaign_contact", "contacted_on")):
            conn.execute(f"DELETE FROM {table} WHERE {column} >= ?", (day,))
        conn.execute("UPDATE customer SET churned_on = NULL WHERE churned_on >= ?", (day,))
        conn.execute("DELETE FROM customer WHERE acquired_on >= ?", (day,))


def _refresh(path, store, *, incremental: bool) -> refresh.Refreshed:
    engine = db.get_engine(f"sqlite:///{path}")
    try:
        return refresh.run(engine, path=store, incremental=incremental)
    finally:
        engine.dispose()


def _tables(store) -> dict[str, pd.DataFrame]:
    """Every table's rows in one order (what each refresh step did, without how long it took nor its position)."""
    conn = duckdb.connect(str(store), read_only=True)
    try:
        names = [row[0] for row in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {name: conn.execute(f'SELECT * {"EXCLUDE (seconds, position)" if name == "refresh_steps" else ""} '
                                   f'FROM "{name}" ORDER BY ALL').df()
                for name in names if name not in RUN_TABLES}
    finally:
        conn.close()


def _tolerance(table: str) -> tuple[float, float]:
    """(relative, absolute): the data's own tables agree to the last bits; a model fitted on them (forecasts,
    anomalies, links) carries the last bits of sums taken in another order much further (seen: 1.2e-6 relative on
    an anomaly's z score, 1.8e-6 absolute on a simulated ROI of -0.016)."""
    data = ({t.name for t in db.tables()} | set(appended.DERIVED) | set(cells.TABLES) | set(cells.ROLLUPS)
            | {"churn_rule"})
    return (1e-12, 1e-12) if table in data else (1e-4, 1e-5)


def _differences(full: dict[str, pd.DataFrame], incremental: dict[str, pd.DataFrame]) -> list[str]:
    found = [f"table {name} only in one store" for name in set(full) ^ set(incremental)]
    for name in sorted(set(full) & set(incremental)):
        a, b = full[name], incremental[name]
        if list(a.columns) != list(b.columns) or len(a) != len(b):
            found.append(f"{name}: {len(a)} rows against {len(b)}")
            continue
        for column in a.columns:
            x, y = a[column], b[column]
            if x.dtype.kind in "fc" or y.dtype.kind in "fc":
                rtol, atol = _tolerance(name)
                same = np.allclose(x.astype(float), y.astype(float), rtol=rtol, atol=atol, equal_nan=True)
            else:
                same = x.astype(object).where(x.notna(), None).equals(y.astype(object).where(y.notna(), None))
            if not same:
                found.append(f"{name}.{column} differs")
    return found


def _scope(store) -> date | None:
    conn = duckdb.connect(str(store), read_only=True)
    try:
        return conn.execute("SELECT first_month FROM refresh_scope").fetchone()[0]
    finally:
        conn.close()


def _import(demo_file, tmp_path, change=None, *, first_new: date = FIRST_NEW, prepare=None):
    """(full store's tables, incremental store's tables, the incremental refresh's first month)."""
    before, after = tmp_path / "before.db", tmp_path / "after.db"
    shutil.copy(demo_file, after)
    if prepare is not None:  # the company itself (both sides)
        with sqlite3.connect(after) as conn:
            prepare(conn)
    shutil.copy(after, before)
    _hold_back(before, first_new)
    if change is not None:  # what the import also changed in the months it did not append
        with sqlite3.connect(after) as conn:
            change(conn)
    store = tmp_path / "incremental.duckdb"
    _refresh(before, store, incremental=False)
    shutil.copy(after, before)  # the import: the system of record now holds the new months
    _refresh(before, store, incremental=True)
    full_store = tmp_path / "full.duckdb"
    _refresh(after, full_store, incremental=False)
    return _tables(full_store), _tables(store), _scope(store)


@pytest.mark.parametrize("per_part", [None, 250])  # 250: customer-month tables built in parts, as at 1M customers
def test_appended_months_refresh_to_the_same_store(demo_file, tmp_path, monkeypatch, per_part):
    if per_part is not None:
        monkeypatch.setattr(derived, "CUSTOMERS_PER_PART", per_part)
    full, incremental, since = _import(demo_file, tmp_path)
    assert since is not None and since <= FIRST_NEW, since  # built from the new months (or a campaign's first)
    assert _differences(full, incremental) == []
    assert len(full) > 40  # every table compared: copied, derived, cube and the steps' results


def test_inferred_churn_refreshes_to_the_same_store(demo_file, tmp_path):
    """No churn dates recorded: the new data end and rhythm move inferred churn dates, which move months."""
    full, incremental, _ = _import(demo_file, tmp_path,
                                   prepare=lambda conn: conn.execute("UPDATE customer SET churned_on = NULL"))
    assert _differences(full, incremental) == []


# what an import also changed in the months it did not append -> the first month the refresh then builds
OLD_CHANGES = {
    "a line of an old order": ("UPDATE order_line SET quantity = quantity + 1 WHERE order_id = "
                               "(SELECT min(id) FROM sales_order WHERE ordered_on >= '2025-03-01')", date(2025, 3, 1)),
    "a customer moved to another region": (  # every month of that customer: everything is built
        "UPDATE customer SET region = (SELECT min(region) FROM customer c WHERE c.region <> customer.region) "
        "WHERE id = (SELECT customer_id FROM sales_order ORDER BY ordered_on LIMIT 1)", None),
}


@pytest.mark.parametrize("what", OLD_CHANGES)
def test_a_change_in_an_old_month_is_rebuilt_from_that_month(demo_file, tmp_path, what):
    sql, first = OLD_CHANGES[what]
    full, incremental, since = _import(demo_file, tmp_path, lambda conn: conn.execute(sql))
    assert since == first
    assert _differences(full, incremental) == []


def test_an_incremental_refresh_over_a_damaged_store_builds_every_month(tmp_path):
    """Garbage inside the previous store (its stamp still reads): the comparison cannot read it, so the refresh
    builds everything from the system of record, whole."""
    from data import store_file
    from tests.pages.test_damaged_store import damage

    engine = db.get_engine(f"sqlite:///{tmp_path / 'company.db'}")
    build_demo(engine, customers=60, seed=4)
    store = refresh.run(engine, path=tmp_path / "company.duckdb").path
    damage(store, "middle")
    assert refresh.run(engine, path=store, incremental=True).swapped
    engine.dispose()
    assert store_file.whole(store) is None and _scope(store) is None


def test_a_minimal_company_refreshes_incrementally_to_the_same_store(tmp_path):
    """Customers and orders only (no costs, no managers, no churn dates: churn inferred), one month appended."""
    import re

    from tests.metrics.customers.minimal import rhythmic

    company = rhythmic(customers=40, months=18)
    last = max(day for _, _, day in company.orders).replace(day=1)
    for name, held in (("before", True), ("after", False)):
        engine = db.get_engine(f"sqlite:///{tmp_path / (name + '.db')}")
        db.create_schema(engine)
        engine.dispose()
        kept = rhythmic(customers=40, months=18)
        if held:
            kept.orders = [o for o in kept.orders if o[2] < last]
        with sqlite3.connect(tmp_path / f"{name}.db") as conn:
            for statement in kept.statements():
                conn.execute(re.sub(r"(DATE|TIMESTAMP) '", "'", statement))
    store = tmp_path / "incremental.duckdb"
    _refresh(tmp_path / "before.db", store, incremental=False)
    _refresh(tmp_path / "after.db", store, incremental=True)
    full_store = tmp_path / "full.duckdb"
    _refresh(tmp_path / "after.db", full_store, incremental=False)
    assert _differences(_tables(full_store), _tables(store)) == []
