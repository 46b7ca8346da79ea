"""The analytical store: a DuckDB copy of the system of record plus derived tables.

After every load or import, :func:`refresh` copies each table into a new DuckDB file, builds the
derived tables the metrics read, stamps a data version, reads it back and swaps the file in atomically
(readers holding the old file keep it until they close; the file's mechanics are in :mod:`data.store_file`).
Metrics open it read-only.

The derived tables are defined in :mod:`data.derived`.
"""

import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import adbc_driver_sqlite.dbapi as adbc_sqlite
import duckdb
import pyarrow as pa
from sqlalchemy import Boolean, Date, DateTime, Engine, Float, Integer, Numeric, String, TypeDecorator, inspect

from data import appended, db, derived, locks, store_file
from data.location import store_path

log = logging.getLogger(__name__)

FETCH_ROWS = 250_000
COPY_LANES = 2  # tables copied at once from a SQLite file (:func:`_copy_sqlite_tables`)
STORE_FORMAT = "2026-12-02.2"  # change when the store's tables change: older stores are rebuilt by ``ensure-demo``


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


def _column_list(names: list[str], types: list[str]) -> str:
    """Column definitions with quoted names (a column may be named ``end``, a keyword of DuckDB)."""
    return ", ".join(f'"{n}" {t}' for n, t in zip(names, types, strict=True))


def _copy_table(conn, duck: duckdb.DuckDBPyConnection, table) -> int:
    """Stream one table from the system of record into DuckDB, casting to exact types."""
    names = [c.name for c in table.columns]
    types = [_duck_type(c.type) for c in table.columns]
    duck.execute(f"CREATE TABLE {table.name} ({_column_list(names, types)})")
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
    duck.execute(f"CREATE TABLE {table.name} ({_column_list(names, types)})")
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


def _copy_sqlite_tables(sqlite_file: str, duck: duckdb.DuckDBPyConnection, tables: list) -> dict[str, int]:
    """Every table of ``tables`` copied from the SQLite file, :data:`COPY_LANES` at a time (largest first, each
    lane its own reader and DuckDB cursor): reading SQLite is one core's work per table, so on two cores the
    other tables are read beside the largest (at a million customers 43-65 s against 59 s one at a time on this
    varying machine: order_line alone is a third of the rows)."""
    with adbc_sqlite.connect(sqlite_file) as reader, reader.cursor() as cursor:
        sizes = {}
        for table in tables:
            cursor.execute(f'SELECT max(rowid) FROM "{table.name}"')  # the rows' extent, not a count: instant
            sizes[table.name] = cursor.fetchone()[0] or 0
    queue = sorted(tables, key=lambda table: -sizes[table.name])

    def lane() -> dict[str, int]:
        done = {}
        with adbc_sqlite.connect(sqlite_file) as own, duck.cursor() as writer:
            while True:
                with taking:
                    if not queue:
                        return done
                    table = queue.pop(0)
                done[table.name] = _copy_sqlite_file(own, writer, table)

    taking = threading.Lock()
    lanes = max(1, min(COPY_LANES, len(tables)))
    with ThreadPoolExecutor(lanes) as pool:
        return {name: rows for found in pool.map(lambda _: lane(), range(lanes)) for name, rows in found.items()}


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


@dataclass(frozen=True)
class Built:
    path: Path  # the live store
    swapped: bool  # False: the data changed while it was built; a newer refresh's store is (or will be) live
    generation: int  # the system of record's generation it was built from


def _stamp(duck: duckdb.DuckDBPyConnection, what: str, started: float, **facts: str) -> str:
    """A new data version (caches keyed by it see the change) and when and how fast it was made; the version."""
    stamp = datetime.now(UTC).isoformat(timespec="microseconds")
    version = hashlib.sha1(f"{stamp}{what}".encode()).hexdigest()[:16]
    duck.execute("CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    duck.executemany("INSERT OR REPLACE INTO store_meta VALUES (?, ?)", [
        ("data_version", version), ("refreshed_at", stamp),
        ("refresh_seconds", f"{time.perf_counter() - started:.3f}"), *facts.items()])
    return version


def _meta(path: Path, key: str) -> str | None:
    """One fact of the store at ``path``'s ``store_meta`` (``None`` when it has none or does not read)."""
    try:
        conn = store_file.open_read_only(path)
    except duckdb.Error:
        return None
    try:
        found = conn.execute("SELECT value FROM store_meta WHERE key = $key", {"key": key}).fetchall()
    except duckdb.Error:
        return None
    finally:
        conn.close()
    return found[0][0] if found else None


def _version(path: Path) -> str | None:
    """The data version of the store at ``path`` (``None`` when it has none or does not read)."""
    return _meta(path, "data_version")


def is_current(path: Path) -> bool:
    """The store at ``path`` reads and was built by this version's refresh (its tables are the ones the
    metrics of this version read): a store left by an older version is rebuilt, not read."""
    return _meta(path, "store_format") == STORE_FORMAT


def update(engine: Engine, tables: tuple[str, ...], *, path: Path | None = None,
           derive: Derive | None = None, attempts: int = 3) -> Path | None:
    """The current store with ``tables`` read again from the system of record and ``derive`` run again, under a
    new data version; ``None`` when there is no readable store yet (refresh instead).

    For small edits (targets, weights) that change no fact: a copy of the file, not a rebuild. Like
    :func:`refresh`, the new file is verified and swapped in whole, and only over the very store it copied (a
    refresh that swapped in meanwhile makes it start again from that one).
    """
    path = path or store_path(engine.url.render_as_string(hide_password=False))
    for _ in range(attempts):
        base = _version(path) if path.exists() else None
        if base is None:
            return None
        started = time.perf_counter()
        with store_file.building(path, from_current=True) as (duck, building):
            by_name = {table.name: table for table in db.tables()}
            counts = {}
            with engine.connect() as conn:
                present = set(inspect(conn).get_table_names())
                for name in tables:
                    duck.execute(f"DROP TABLE IF EXISTS {name}")
                    if name in present:
                        counts[name] = _copy_table(conn, duck, by_name[name])
                    else:
                        _create_empty(duck, by_name[name])
                        counts[name] = 0
            if derive is not None:
                derive(duck, building)
            version = _stamp(duck, f"{tables}{base}", started, updated_from=base)
        _verify(building, version, counts)
        if store_file.swap_in(building, path, still_current=lambda base=base: _version(path) == base):
            return path
    return path  # others kept swapping in; the last of them read the same tables


def _verify(building: Path, version: str, counts: dict[str, int]) -> None:
    """:func:`data.store_file.verify`; a store that fails it is removed (the live one stays)."""
    try:
        store_file.verify(building, version=version, counts=counts)
    except store_file.StoreNotVerified:
        building.unlink(missing_ok=True)
        raise


def _create_empty(duck: duckdb.DuckDBPyConnection, table) -> None:
    """``table`` without rows: a system of record older than the table has none of it."""
    columns = ", ".join(f'"{c.name}" {_duck_type(c.type)}' for c in table.columns)
    duck.execute(f"CREATE TABLE {table.name} ({columns})")


def refresh(engine: Engine, *, path: Path | None = None, derive: Derive | None = None) -> Path:
    """Rebuild the analytical store of ``engine``'s database; returns its path (see :func:`build`)."""
    return build(engine, path=path, derive=derive).path


def _first_changed_month(duck: duckdb.DuckDBPyConnection) -> date | None:
    """:func:`data.appended.first_changed_month`, timed in the log."""
    started = time.perf_counter()
    since = appended.first_changed_month(duck)
    log.info("store: compared with the previous store in %.1f s: from %s", time.perf_counter() - started, since)
    return since


MEMORY_ENV = "STORE_MEMORY_LIMIT"  # e.g. 3GB: DuckDB spills to disk past it while it builds the store
DEFAULT_MEMORY = 3 * 2**30  # at most this, or half the machine's memory when that is less


def memory_limit(environ=os.environ) -> str:
    """DuckDB's memory limit for building the store: ``STORE_MEMORY_LIMIT`` when set, else 3 GB or half the
    machine's memory, whichever is less (the refresh shares the machine with the app's sessions; past the limit
    DuckDB spills to a folder beside the file being built: at 1,000,000 customers the refresh peaks at 3.75 GB
    with it, against 7.8 GB with DuckDB's own default of 80% of the memory)."""
    given = environ.get(MEMORY_ENV, "").strip()
    if given:
        return given.replace(chr(39), "")
    try:
        machine = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        machine = 2 * DEFAULT_MEMORY
    return f"{min(DEFAULT_MEMORY, machine // 2) // 2**20}MB"


def _limit_memory(duck: duckdb.DuckDBPyConnection) -> None:
    duck.execute(f"SET memory_limit = '{memory_limit()}'")


def build(engine: Engine, *, path: Path | None = None, derive: Derive | None = None,
          incremental: bool = False, carry: tuple[str, ...] = ()) -> Built:
    """Rebuild the analytical store of ``engine``'s database.

    The new store is written beside the old one, read back (:func:`data.store_file.verify`: version stamp, row
    counts, every block) and renamed over it, so readers never see a half-built file; the store it replaces is
    kept as the last good one. It is swapped in only if the system of record's generation
    (:func:`data.locks.generation`) is still the one read before copying: a refresh of data that changed
    meanwhile is discarded (the change's own refresh brings it), so an older refresh never replaces a newer store.
    ``derive(connection, path)`` runs on the new file after the derived tables are built and before the swap:
    the place for work done once per data version (see ``jobs.refresh``, which callers use instead).
    ``incremental``: the derived tables of the months the data did not change in are carried over from the store
    it replaces (:mod:`data.appended`; the table ``refresh_scope`` says from which month they were built), else
    everything is built; ``derive`` then finds that store's ``carry`` tables as ``carried_<name>``.
    """
    path = path or store_path(engine.url.render_as_string(hide_password=False))
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    db.add_missing_columns(engine)  # a database made by an older version gains the columns this one copies
    generation = locks.generation(engine)
    previous = incremental and path.exists() and is_current(path)
    try:
        version, counts, building = _build_file(engine, path, previous=previous, derive=derive, carry=carry,
                                                generation=generation, started=started)
    except duckdb.Error:
        if not previous:
            raise
        log.warning("the incremental refresh could not read the previous store: building every month", exc_info=True)
        return build(engine, path=path, derive=derive)
    _verify(building, version, counts)
    swapped = store_file.swap_in(building, path, still_current=lambda: locks.generation(engine) == generation)
    if not swapped:
        log.warning("the data changed while this refresh ran (generation %d, now %d): its store was discarded and "
                    "the newer data's refresh is kept", generation, locks.generation(engine))
    return Built(path, swapped, generation)


def _build_file(engine: Engine, path: Path, *, previous: bool, derive: Derive | None, carry: tuple[str, ...],
                generation: int, started: float) -> tuple[str, dict[str, int], Path]:
    """The new store's file beside ``path`` with every table and the derived steps: its version, row counts and
    path. ``previous``: it starts as a copy of the store at ``path`` and keeps the months the data did not change
    in."""
    with store_file.building(path, from_current=previous) as (duck, building):
        _limit_memory(duck)
        comparable = appended.set_aside(duck) if previous else False
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
            counts.update(_copy_sqlite_tables(sqlite_file, duck, copied))
        else:
            with engine.connect() as conn:
                for table in copied:
                    counts[table.name] = _copy_table(conn, duck, table)
        copied_s = time.perf_counter() - started
        derived.infer_churn(duck)  # the churn rule, then the derived tables
        since = _first_changed_month(duck) if comparable else None
        # the derived tables' statements ask for the order they want (ORDER BY): keeping any other order would make
        # DuckDB hold rows it could stream or spill
        duck.execute("SET preserve_insertion_order = false")
        derived.tables(duck, since)
        duck.execute("RESET preserve_insertion_order")
        if since is not None:
            appended.carry(duck, carry)
        appended.drop_previous(duck)
        appended.record_scope(duck, since)
        log.info("store: %d tables copied in %.1f s, derived tables in %.1f s (from %s)", len(counts), copied_s,
                 time.perf_counter() - started - copied_s, since or "the first month")
        if derive is not None:
            derive(duck, building)
        appended.drop_carried(duck)
        version = _stamp(duck, f"{sorted(counts.items())}", started, generation=str(generation),
                         store_format=STORE_FORMAT,
                         source=db.masked_url(engine.url.render_as_string(hide_password=False)))
    return version, counts, building
