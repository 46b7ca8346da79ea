"""The analytical store: a DuckDB copy of the system of record plus derived tables.

After every load or import, :func:`refresh` copies each table into a new DuckDB file, builds the
derived tables the metrics read, stamps a data version and swaps the file in atomically (readers
holding the old file keep it until they close). Metrics open it read-only.

Derived tables
--------------
sales            one row per order line: customer dimensions, category, month, net revenue,
                 cost and margin as exact decimals, ``is_new`` (ordered within 365 days of
                 the customer's acquisition)
customer_month   one row per customer and month of its relationship (acquisition month, or the
                 first month of data, to its churn month or the last month of data): revenue,
                 margin, orders, service cost, campaign cost
customer_trailing  the same rows with trailing-12-month sums (as DOUBLE: they feed rankings and
                 shares, never a money total shown to the cent)
customer_category_first  the month each customer first bought each product category
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

from data import db

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


DERIVED_SQL = [
    """
    CREATE TABLE sales AS
    SELECT l.id AS line_id, o.id AS order_id, o.customer_id, l.product_id, p.category,
           o.ordered_on, CAST(date_trunc('month', o.ordered_on) AS DATE) AS month,
           o.channel AS order_channel, o.sales_rep_id,
           c.region, c.channel, c.industry, c.manager_id,
           l.quantity, l.unit_price, l.discount,
           CAST(l.unit_price * (1 - l.discount) AS DECIMAL(18, 6)) AS net_price,
           CAST(l.quantity * l.unit_price * (1 - l.discount) AS DECIMAL(18, 6)) AS revenue,
           CAST(l.quantity * l.unit_cost AS DECIMAL(18, 6)) AS cost,
           CAST(l.quantity * (l.unit_price * (1 - l.discount) - l.unit_cost) AS DECIMAL(18, 6)) AS margin,
           o.ordered_on < c.acquired_on + INTERVAL 365 DAY AS is_new
    FROM order_line l
    JOIN sales_order o ON o.id = l.order_id
    JOIN product p ON p.id = l.product_id
    JOIN customer c ON c.id = o.customer_id
    ORDER BY o.ordered_on
    """,
    """
    CREATE TABLE customer_category_first AS
    SELECT customer_id, category, min(month) AS first_month FROM sales GROUP BY ALL
    """,
    """
    CREATE TABLE customer_month AS
    WITH bounds AS (
        SELECT min(month) AS first_month, max(month) AS last_month FROM sales
    ),
    spans AS (
        SELECT c.id AS customer_id, c.region, c.channel, c.industry, c.manager_id,
               CAST(greatest(date_trunc('month', c.acquired_on), b.first_month) AS DATE) AS start_month,
               CAST(least(coalesce(date_trunc('month', c.churned_on), b.last_month), b.last_month) AS DATE)
                   AS end_month
        FROM customer c, bounds b
    ),
    grid AS (
        SELECT customer_id, region, channel, industry, manager_id,
               CAST(unnest(generate_series(start_month, end_month, INTERVAL 1 MONTH)) AS DATE) AS month
        FROM spans WHERE start_month <= end_month
    ),
    bought AS (
        SELECT customer_id, month, sum(revenue) AS revenue,
               CASE WHEN bool_and(margin IS NOT NULL) THEN sum(margin) END AS margin,  -- unknown cost: unknown
               count(DISTINCT order_id) AS orders
        FROM sales GROUP BY ALL
    ),
    served AS (
        SELECT customer_id, CAST(date_trunc('month', opened_at) AS DATE) AS month,
               sum(handling_cost) AS service_cost, count(*) AS tickets
        FROM service_ticket GROUP BY ALL
    ),
    contact_cost AS (
        SELECT id AS campaign_id, spend / nullif((SELECT count(*) FROM campaign_contact k
                                                  WHERE k.campaign_id = campaign.id), 0) AS per_contact
        FROM campaign
    ),
    marketed AS (
        SELECT k.customer_id, CAST(date_trunc('month', k.contacted_on) AS DATE) AS month,
               sum(cc.per_contact) AS campaign_cost
        FROM campaign_contact k JOIN contact_cost cc USING (campaign_id) GROUP BY ALL
    )
    SELECT g.*,
           coalesce(b.revenue, 0) AS revenue,
           CASE WHEN b.customer_id IS NULL THEN 0 ELSE b.margin END AS margin,
           coalesce(b.orders, 0) AS orders, coalesce(s.tickets, 0) AS tickets,
           CAST(coalesce(s.service_cost, 0) AS DECIMAL(18, 2)) AS service_cost,
           CAST(coalesce(m.campaign_cost, 0) AS DOUBLE) AS campaign_cost
    FROM grid g
    LEFT JOIN bought b USING (customer_id, month)
    LEFT JOIN served s USING (customer_id, month)
    LEFT JOIN marketed m USING (customer_id, month)
    ORDER BY month, customer_id
    """,
    """
    CREATE TABLE customer_trailing AS
    SELECT customer_id, month, region, channel, industry, manager_id,
           CAST(sum(revenue) OVER w AS DOUBLE) AS revenue_12m, CAST(sum(margin) OVER w AS DOUBLE) AS margin_12m,
           sum(orders) OVER w AS orders_12m, CAST(sum(service_cost) OVER w AS DOUBLE) AS service_cost_12m,
           sum(campaign_cost) OVER w AS campaign_cost_12m
    FROM customer_month
    WINDOW w AS (PARTITION BY customer_id ORDER BY month
                 RANGE BETWEEN INTERVAL 11 MONTH PRECEDING AND CURRENT ROW)
    ORDER BY month, customer_id
    """,
]


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
        for sql in DERIVED_SQL:
            duck.execute(sql)
        if derive is not None:
            derive(duck, building)
        _stamp(duck, f"{sorted(counts.items())}", started,
               source=db.masked_url(engine.url.render_as_string(hide_password=False)))
    return path
