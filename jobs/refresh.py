"""Work every visitor would repeat, done once per data version when the analytical store is refreshed.

Each step reads the store being built (a :class:`~metrics.base.store.Store` over it) and writes its
results as tables into it, before the file is swapped in; pages then only read those tables.
Entry points (the data CLI, the importer, the tests, the bench) refresh through :func:`refresh`.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
from sqlalchemy import Engine

from data import analytics
from metrics.base.store import Store
from metrics.customers import lifetime
from metrics.links import fit as links
from metrics.links import forecast
from metrics.program import tables as program
from metrics.scorecard import stored as scorecard_store

Step = Callable[[Store, duckdb.DuckDBPyConnection], None]

# (name, step): each step writes its own tables; add a line per precomputed result.
STEPS: tuple[tuple[str, Step], ...] = (
    ("lifetime_values", lifetime.precompute),
    ("links", links.precompute_step),
    ("forecast", forecast.precompute_step),  # judged against the targets as it forecasts
    ("program_impact", program.precompute),
    ("default_scorecard", scorecard_store.precompute),
)
# What a change of targets or weights touches: those tables, and the steps that read them (which must write
# their tables with CREATE OR REPLACE, as they run again on a copy of the store).
TARGET_TABLES = ("kpi_target", "objective_weight")
TARGET_STEPS: tuple[tuple[str, Step], ...] = (("forecast_targets", forecast.targets_step),)


def derive(connection: duckdb.DuckDBPyConnection, path: Path, *, steps: tuple[tuple[str, Step], ...] = STEPS) -> None:
    """Run every step on the store being built; their timings go to the table ``precompute_log``."""
    store = Store.building(connection, path).scoped()  # the steps share base frames during this refresh
    timings = []
    for name, step in steps:
        started = time.perf_counter()
        step(store, connection)
        timings.append((name, time.perf_counter() - started))
    connection.execute("CREATE TABLE IF NOT EXISTS precompute_log (step VARCHAR PRIMARY KEY, seconds DOUBLE)")
    if timings:
        connection.executemany("INSERT OR REPLACE INTO precompute_log VALUES (?, ?)", timings)


def refresh(engine: Engine, *, path: Path | None = None) -> Path:
    """Rebuild the analytical store of ``engine``'s database with every precomputed result; its path."""
    return analytics.refresh(engine, path=path, derive=derive)


def refresh_targets(engine: Engine, *, path: Path | None = None) -> Path:
    """After targets or weights were saved: the current store with them read again and the steps that use
    them run again (seconds at 100,000 customers, where a full refresh takes half a minute); a full refresh
    when there is no store yet."""
    updated = analytics.update(engine, TARGET_TABLES, path=path,
                               derive=functools.partial(derive, steps=TARGET_STEPS))
    return updated if updated is not None else refresh(engine, path=path)
