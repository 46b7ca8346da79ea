"""Fast bulk loading of column arrays into a table: executemany on SQLite, COPY on PostgreSQL.

Columns arrive as NumPy arrays (dates as ``datetime64[D]``, timestamps as ``datetime64[s]`` in
UTC, money as float rounded to the cent, nullable integers as float with NaN) or lists. They are
written in the text forms SQLAlchemy itself reads back, so ORM reads of bulk-loaded rows give
``date``, aware UTC ``datetime`` and ``Decimal`` values (a test reads them back to prove it).
"""

import csv
import io
from collections.abc import Mapping, Sequence

import numpy as np
import pyarrow as pa
from sqlalchemy import Boolean, Connection, Date, DateTime, Integer, Table, TypeDecorator

CHUNK_ROWS = 200_000


def _python_values(values: np.ndarray | Sequence, column_type) -> list:
    """Plain Python values in a form both drivers accept; ``None`` for missing."""
    if isinstance(values, pa.Array | pa.ChunkedArray):  # text kept as Arrow until written
        return values.to_pylist()
    arr = np.asarray(values)
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl
    if isinstance(column_type, Date):
        days = arr.astype("datetime64[D]")
        return _with_none(np.datetime_as_string(days, unit="D"), np.isnat(days))
    if isinstance(column_type, DateTime):
        stamps = arr.astype("datetime64[s]")
        text = np.datetime_as_string(stamps, unit="s")  # 2024-03-31T09:30:00
        if len(text):
            text.view(np.uint32).reshape(len(text), -1)[:, 10] = ord(" ")  # the separator SQLAlchemy writes
        return _with_none(text, np.isnat(stamps))
    if arr.dtype.kind == "f":
        missing = np.isnan(arr)
        if isinstance(column_type, Integer):
            if not missing.any():
                return arr.astype(np.int64).tolist()
            out = arr.astype(object)
            out[~missing] = arr[~missing].astype(np.int64).tolist()
            out[missing] = None
            return out.tolist()
        scale = getattr(column_type, "scale", None)
        return _with_none(np.round(arr, scale) if scale is not None else arr, missing)
    if isinstance(column_type, Boolean):
        if arr.dtype == object:  # unknown (None) stays unknown
            return [None if v is None else int(bool(v)) for v in arr.tolist()]
        return arr.astype(bool).astype(np.int8).tolist()
    return arr.tolist()


def _with_none(values: np.ndarray, missing: np.ndarray) -> list:
    """``values`` as Python values, ``None`` where ``missing`` (the object detour only when something is)."""
    if not missing.any():
        return values.tolist()
    out = values.astype(object)
    out[missing] = None
    return out.tolist()


def bulk_insert(conn: Connection, table: Table, columns: Mapping[str, np.ndarray | Sequence]) -> int:
    """Insert equal-length ``columns`` into ``table`` inside the caller's transaction.

    Returns the number of rows written.
    """
    names = list(columns)
    n = len(next(iter(columns.values()))) if names else 0
    for start in range(0, n, CHUNK_ROWS):
        stop = min(start + CHUNK_ROWS, n)
        values = [_python_values(columns[c][start:stop], table.c[c].type) for c in names]
        rows = zip(*values, strict=True)
        if conn.dialect.name == "postgresql":
            _copy_postgresql(conn, table, names, rows)
        else:
            placeholders = ", ".join("?" for _ in names)
            quoted = ", ".join(conn.dialect.identifier_preparer.quote(c) for c in names)
            sql = f"INSERT INTO {table.name} ({quoted}) VALUES ({placeholders})"
            # the driver's own executemany over a generator, inside the caller's transaction: no row list
            conn.connection.driver_connection.cursor().executemany(sql, rows)
    return n


def _copy_postgresql(conn: Connection, table: Table, names: list[str], rows) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    quote = conn.dialect.identifier_preparer.quote
    sql = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in names)}) FROM STDIN (FORMAT csv)"
    with conn.connection.driver_connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")
        with cursor.copy(sql) as copy:
            copy.write(buffer.getvalue())


