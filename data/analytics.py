"""The analytical store: a DuckDB copy of the system of record plus derived tables.

After every load or import, :func:`refresh` copies each table into a new DuckDB file, builds the
derived tables the metrics read, stamps a data version and swaps the file in atomically (readers
holding the old file keep it until they close). Metrics open it read-only.

The derived tables are defined in :mod:`data.derived`.
"""

import hashlib
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import adbc_driver_sqlite.dbapi as adbc_sqlite
import duckdb
import pyarrow as pa
from sqlalchemy import Boolean, Date, DateTime, Engine, Float, Integer, Numeric, String, TypeDecorator, inspect
from sqlalchemy.engine import make_url

from data import db, derived

FETCH_ROWS = 250_000


def store_path(url: str | None = None) -> Path:
    """Where the analytical copy of ``url`` lives: beside a SQLite file, else in ``ANALYTICS_DIR``."""
    url = url or db.database_url()
    folder = os.environ.get("ANALYTICS_DIR")
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:" and not folder:
        return Path(parsed.database).with_suffix(".duckdb")
    digest = hashlib.sha1(parsed.render_as_string(hide_password=True).encode()).hexdigest()[:12]
    return Path(folder or db.PROJECT_DIR / "var") / f"analytics-{digest}.duckdb"


def _duck_type(column_type) -> str:
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl
    if isinstance(column_type, DateTime):
        return "TIMESTAMP"
    if isinstance(column_type, Date):
        return "DATE"
    if isinstance(column_type, Boolean):
        return "BOOLEAN"
    if isinstance(column_type, Integer):
        return "BIGINT"
    if isinstance(column_type, Numeric) and not isinstance(column_type, Float):
        return f"DECIMAL(18, {column_type.scale or 0})"
    if isinstance(column_type, Float):
        return "DOUBLE"
    if isinstance(column_type, String):
        return "VARCHAR"
    raise TypeError(f"no DuckDB type for {column_type!r}")


def _copy_table(conn, duck: duckdb.DuckDBPyConnection, table) -> int:
    """Stream one table from the system of record into DuckDB, casting to exact types."""
    names = [c.name for c in table.columns]
    types = [_duck_type(c.type) for c in table.columns]
    duck.execute(f"CREATE TABLE {table.name} ({', '.join(f'{n} {t}' for n, t in zip(names, types, strict=True))})")
    casts = ", ".join(f'CAST("{n}" AS {t})' for n, t in zip(names, types, strict=True))
    quote = conn.dialect.identifier_preparer.quote
    cursor = conn.exec_driver_sql(
        f"SELECT {', '.join(quote(n) for n in names)} FROM {quote(table.name)}").cursor
    rows = 0
    while batch := cursor.fetchmany(FETCH_ROWS):
        columns = list(zip(*batch, strict=True))
        chunk = pa.table({n: _arrow(values) for n, values in zip(names, columns, strict=True)})
        duck.register("chunk", chunk)
        duck.execute(f"INSERT INTO {table.name} SELECT {casts} FROM chunk")
        duck.unregister("chunk")
        rows += len(batch)
    cursor.close()
    return rows


_SQLITE_CAST = {"BIGINT": ("INTEGER", "0"), "BOOLEAN": ("INTEGER", "0"), "DOUBLE": ("REAL", "0.0"),
                "VARCHAR": ("TEXT", "''"), "DATE": ("TEXT", "''"), "TIMESTAMP": ("TEXT", "''")}


def _copy_sqlite_file(reader, duck: duckdb.DuckDBPyConnection, table) -> int:
    """Arrow-native copy from a SQLite file (ADBC): several times faster than row tuples.

    The ADBC driver infers column types from the first batch, so a typed probe row leads the
    result (SQLite itself may hand back integers and reals in one NUMERIC column).
    """
    names = [c.name for c in table.columns]
    types = [_duck_type(c.type) for c in table.columns]
    duck.execute(f"CREATE TABLE {table.name} ({', '.join(f'{n} {t}' for n, t in zip(names, types, strict=True))})")
    storage = [_SQLITE_CAST.get(t, ("REAL", "0.0")) for t in types]
    probe = ", ".join(f"CAST({literal} AS {kind})" for kind, literal in storage)
    body = ", ".join(f'CAST("{n}" AS {kind})' for n, (kind, _) in zip(names, storage, strict=True))
    with reader.cursor() as cursor:
        cursor.execute(f'SELECT 0, {probe} UNION ALL SELECT 1, {body} FROM "{table.name}"')
        batches = cursor.fetch_record_batch()
        duck.register("batches", batches)
        raw = duck.execute("SELECT * FROM batches LIMIT 0").description
        columns = [d[0] for d in raw]
        casts = ", ".join(f'CAST(NULLIF("{c}", \'\') AS {t})' if t in ("DATE", "TIMESTAMP")
                          else f'CAST("{c}" AS {t})' for c, t in zip(columns[1:], types, strict=True))
        duck.execute(f'INSERT INTO {table.name} SELECT {casts} FROM batches WHERE "{columns[0]}" = 1')
        duck.unregister("batches")
    return duck.execute(f"SELECT count(*) FROM {table.name}").fetchone()[0]


def _arrow(values: tuple) -> pa.Array:
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # SQLite may mix integers and reals in a NUMERIC column
        return pa.array([None if v is None else float(v) for v in values], type=pa.float64())


def _sqlite_file(engine: Engine) -> str | None:
    database = engine.url.database
    if engine.dialect.name == "sqlite" and database and database != ":memory:" and Path(database).exists():
        return database
    return None


Derive = Callable[[duckdb.DuckDBPyConnection, Path], None]


@contextmanager
def _building(path: Path, *, from_current: bool = False) -> Iterator[tuple[duckdb.DuckDBPyConnection, Path]]:
    """A DuckDB connection on a new file beside ``path`` (a copy of it with ``from_current``), swapped over
    ``path`` when the block ends, removed when it fails: readers never see a half-built store."""
    building = path.with_name(f".{path.name}.{os.getpid()}.building")
    building.unlink(missing_ok=True)
    if from_current:
        shutil.copyfile(path, building)
    duck = duckdb.connect(str(building))
    try:
        duck.execute("SET TimeZone = 'UTC'")
        duck.execute("SET enable_progress_bar = false")
        yield duck, building
        duck.execute("CHECKPOINT")
    except BaseException:
        duck.close()
        building.unlink(missing_ok=True)
        raise
    duck.close()
    os.replace(building, path)


def _stamp(duck: duckdb.DuckDBPyConnection, what: str, started: float, **facts: str) -> None:
    """A new data version (caches keyed by it see the change) and when and how fast it was made."""
    stamp = datetime.now(UTC).isoformat(timespec="microseconds")
    version = hashlib.sha1(f"{stamp}{what}".encode()).hexdigest()[:16]
    duck.execute("CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    duck.executemany("INSERT OR REPLACE INTO store_meta VALUES (?, ?)", [
        ("data_version", version), ("refreshed_at", stamp),
        ("refresh_seconds", f"{time.perf_counter() - started:.3f}"), *facts.items()])


def update(engine: Engine, tables: tuple[str, ...], *, path: Path | None = None,
           derive: Derive | None = None) -> Path | None:
    """The current store with ``tables`` read again from the system of record and ``derive`` run again, under a
    new data version; ``None`` when there is no store yet (refresh instead).

    For small edits (targets, weights) that change no fact: a copy of the file, not a rebuild. Like
    :func:`refresh`, the new file is swapped in whole.
    """
    path = path or store_path(engine.url.render_as_string(hide_password=False))
    if not path.exists():
        return None
    started = time.perf_counter()
    with _building(path, from_current=True) as (duck, building):
        by_name = {table.name: table for table in db.tables()}
        with engine.connect() as conn:
            present = set(inspect(conn).get_table_names())
            for name in tables:
                duck.execute(f"DROP TABLE IF EXISTS {name}")
                if name in present:
                    _copy_table(conn, duck, by_name[name])
                else:
                    _create_empty(duck, by_name[name])
        if derive is not None:
            derive(duck, building)
        _stamp(duck, f"{tables}", started)
    return path


def _create_empty(duck: duckdb.DuckDBPyConnection, table) -> None:
    """``table`` without rows: a system of record older than the table has none of it."""
    columns = ", ".join(f"{c.name} {_duck_type(c.type)}" for c in table.columns)
    duck.execute(f"CREATE TABLE {table.name} ({columns})")


def refresh(engine: Engine, *, path: Path | None = None, derive: Derive | None = None) -> Path:
    """Rebuild the analytical store of ``engine``'s database; returns its path.

    The new store is written beside the old one and renamed over it, so readers never see a
    half-built file. ``derive(connection, path)`` runs on the new file after the derived tables are
    built and before the swap: the place for work done once per data version (model fits, tests,
    forecasts; see ``jobs.refresh``, which callers use instead of this function).
    """
    path = path or store_path(engine.url.render_as_string(hide_password=False))
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with _building(path) as (duck, building):
        counts = {}
        sqlite_file = _sqlite_file(engine)
        # accounts and audit stay in the system of record; a table newer than the database is copied empty
        with engine.connect() as conn:
            present = set(inspect(conn).get_table_names())
        copied = [table for table in db.tables() if not table.info.get("private")]
        for table in copied:
            if table.name not in present:
                _create_empty(duck, table)
                counts[table.name] = 0
        copied = [table for table in copied if table.name in present]
        if sqlite_file:
            with adbc_sqlite.connect(sqlite_file) as reader:
                for table in copied:
                    counts[table.name] = _copy_sqlite_file(reader, duck, table)
        else:
            with engine.connect() as conn:
                for table in copied:
                    counts[table.name] = _copy_table(conn, duck, table)
        for sql in derived.DERIVED_SQL:
            duck.execute(sql)
        if derive is not None:
            derive(duck, building)
        _stamp(duck, f"{sorted(counts.items())}", started,
               source=db.masked_url(engine.url.render_as_string(hide_password=False)))
    return path
