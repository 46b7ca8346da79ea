"""Read-only access to the analytical DuckDB store; base frames memoised per computation (``scoped``)."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from data import location, store_file
from metrics.base import frames
from metrics.base.filters import Filters, add_months

SERIES_MONTHS = 36  # the monthly history link tests and forecasts read


class StoreMissing(RuntimeError):
    """The analytical store has not been built yet."""


class StoreDamaged(StoreMissing):
    """The analytical store's file cannot be read (cut short, overwritten): run ``python -m data refresh``."""


def _open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the file now at ``path`` (:func:`data.store_file.open_read_only`); raises
    :class:`StoreDamaged` when it is not a whole store."""
    try:
        conn = store_file.open_read_only(path)
    except duckdb.Error as error:
        raise StoreDamaged(f"the analytical store at {path} cannot be read: {error}") from error
    try:
        conn.execute("SELECT value FROM store_meta WHERE key = 'data_version'").fetchall()
    except duckdb.Error as error:
        conn.close()
        raise StoreDamaged(f"the analytical store at {path} cannot be read: {error}") from error
    return conn


class Store:
    """One read-only DuckDB connection, shared by every session and never changed after it opens.

    ``frame`` memoises base aggregates only on a :meth:`scoped` view, which lives for one computation
    (a scorecard shares its base frames across KPIs); the store itself keeps nothing, so no memory
    grows with the filter combinations visitors try.
    """

    def __init__(self, path: Path, *, connection: duckdb.DuckDBPyConnection | None = None,
                 fallback: bool = False) -> None:
        if connection is None and not path.exists():
            raise StoreMissing(f"no analytical store at {path}: run `python -m data refresh`")
        self.path = path
        self.fallback = fallback  # the last good store, read because the live one cannot be
        self._conn = connection or _open_read_only(path)
        self._owns_connection = connection is None
        self._attached = connection is None  # scoped views share it: their cursors need the USE too
        self._conn.execute("SET enable_progress_bar = false")
        self._lock = threading.Lock()
        self._memo: dict[Any, pd.DataFrame] | None = None
        self.data_version = self.meta().get("data_version", "") if self._has_meta() else "building"

    @classmethod
    def building(cls, connection: duckdb.DuckDBPyConnection, path: Path) -> Store:
        """A store over the file a refresh is writing (for ``jobs.refresh`` steps)."""
        return cls(path, connection=connection)

    def _has_meta(self) -> bool:
        return bool(self._conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'store_meta'").fetchall()[0][0])

    def has_table(self, name: str) -> bool:
        return bool(self.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = $name",
                               {"name": name})["n"].iloc[0])

    @classmethod
    def for_url(cls, url: str | None = None) -> Store:
        return cls.open(cls.path_for(url))

    @classmethod
    def open(cls, path: Path) -> Store:
        """The store at ``path``; when that file cannot be read, the last good one (``fallback`` set). Raises
        :class:`StoreMissing` without a store, :class:`StoreDamaged` when neither reads."""
        try:
            return cls(path)
        except StoreDamaged:
            good = store_file.good_path(path)
            if not good.exists():
                raise
            try:
                return cls(good, fallback=True)
            except StoreDamaged:
                pass
            raise

    @staticmethod
    def path_for(url: str | None = None) -> Path:
        """Where the analytical store of ``url`` (default: the configured database) lives."""
        return location.store_path(url)

    def query(self, sql: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run parameterised SQL; a cursor per call keeps concurrent readers apart."""
        return self._run_cursor(lambda cursor: frames.fetch(cursor, sql, params))

    def arrays(self, sql: str, params: dict[str, Any] | None = None) -> dict[str, np.ndarray]:
        """:meth:`query`'s columns as NumPy arrays, no DataFrame built (millions of rows read to be ranked): a
        column with a NULL as a float array with NaN in its place."""
        def columns(result) -> dict[str, np.ndarray]:
            found = result.fetchnumpy()
            return {name: np.ma.filled(values.astype(float), np.nan) if np.ma.isMaskedArray(values) else values
                    for name, values in found.items()}

        return self._run(sql, params, columns)

    def _run(self, sql: str, params: dict[str, Any] | None, fetch: Callable[[duckdb.DuckDBPyConnection], Any]):
        return self._run_cursor(lambda cursor: fetch(cursor.execute(sql, params or {})))

    def _run_cursor(self, run: Callable[[duckdb.DuckDBPyConnection], Any]):
        """``run`` on a cursor of its own; a damaged file raises :class:`StoreDamaged`."""
        with self._lock:
            cursor = self._conn.cursor()
        if getattr(self, "_attached", False):
            cursor.execute("USE store")  # a cursor is a new connection: it starts in the in-memory catalog
        try:
            return run(cursor)
        except (duckdb.IOException, duckdb.SerializationException) as error:
            raise StoreDamaged(f"the analytical store at {self.path} cannot be read: {error}") from error
        except duckdb.Error as error:
            if "checksum" in str(error) or "Corrupt" in str(error):  # a block overwritten
                raise StoreDamaged(f"the analytical store at {self.path} cannot be read: {error}") from error
            raise
        finally:
            cursor.close()

    def scoped(self) -> Store:
        """A view over the same connection with its own memo, for one computation; drop it afterwards. A view
        already scoped is returned as it is: the computation it serves (a refresh, say) shares its frames."""
        if self._memo is not None:
            return self
        view = copy.copy(self)
        view._memo = {}
        view._owns_connection = False
        return view

    def frame(self, key: Any, build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """``build()`` once per ``key`` within a :meth:`scoped` view; on the store itself, every time."""
        if self._memo is None:
            return build()
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def meta(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT key, value FROM store_meta").fetchall())

    def refreshed_at(self) -> str:
        """When the refresh that built this store finished (ISO, UTC; ``""`` unknown)."""
        return self.meta().get("refreshed_at", "") if self._has_meta() else ""

    def targets(self) -> pd.DataFrame:
        """The targets in force: those set, and the baselines of KPIs without one (``metrics.scorecard.baselines``)."""
        table = "kpi_target_effective" if self.has_table("kpi_target_effective") else "kpi_target"
        return self.query(f"SELECT kpi_id, target, baseline, threshold, weight FROM {table}")

    def objective_weights(self) -> dict[str, float]:
        """Objective id -> the weight a company set for it in its perspective (none set: empty)."""
        if not self.has_table("objective_weight"):
            return {}
        frame = self.query("SELECT objective_id, weight FROM objective_weight")
        return dict(zip(frame["objective_id"], frame["weight"].astype(float), strict=True))

    def close(self) -> None:
        if self._owns_connection:
            self._conn.close()


def write_table(connection: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    """``frame`` as table ``name`` of the store being built, replacing one of that name. A cursor of its own: a
    reader may have left a result open on the connection."""
    cursor = connection.cursor()
    try:
        cursor.register("frame_to_write", frame)
        cursor.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM frame_to_write")
        cursor.unregister("frame_to_write")
    finally:
        cursor.close()


def series_filters(store: Store, months: int = SERIES_MONTHS) -> Filters | None:
    """Monthly filters over the last ``months`` months with orders (the data's span if shorter); ``None`` without
    orders."""
    span = store.query("SELECT min(month) AS first, max(month) AS last FROM sales")
    if span.empty or pd.isna(span["last"].iloc[0]):
        return None
    first, last = (pd.Timestamp(span[c].iloc[0]).date() for c in ("first", "last"))
    start = max(first.replace(day=1), add_months(last.replace(day=1), -(months - 1)))
    return Filters(start, last, grain="month")
