"""Work every visitor would repeat, done once per data version when the analytical store is refreshed.

Each step reads the store being built (a :class:`~metrics.store.Store` over it) and writes its
results as tables into it, before the file is swapped in; pages then only read those tables.
Entry points (the data CLI, the importer, the tests, the bench) refresh through :func:`refresh`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import duckdb
from sqlalchemy import Engine

from data import analytics
from metrics import forecast, links
from metrics.store import Store

Step = Callable[[Store, duckdb.DuckDBPyConnection], None]

# (name, step): each step writes its own tables; add a line per precomputed result.
STEPS: tuple[tuple[str, Step], ...] = (
    ("links", links.precompute_step),
    ("forecast", forecast.precompute_step),
)


def derive(connection: duckdb.DuckDBPyConnection, path: Path, *, steps: tuple[tuple[str, Step], ...] = STEPS) -> None:
    """Run every step on the store being built; their timings go to the table ``precompute_log``."""
    store = Store.building(connection, path)
    timings = []
    for name, step in steps:
        started = time.perf_counter()
        step(store, connection)
        timings.append((name, time.perf_counter() - started))
    connection.execute("CREATE TABLE precompute_log (step VARCHAR PRIMARY KEY, seconds DOUBLE)")
    if timings:
        connection.executemany("INSERT INTO precompute_log VALUES (?, ?)", timings)


def refresh(engine: Engine, *, path: Path | None = None) -> Path:
    """Rebuild the analytical store of ``engine``'s database with every precomputed result; its path."""
    return analytics.refresh(engine, path=path, derive=derive)
