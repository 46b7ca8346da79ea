"""Tiny analytical stores written by hand, for unit tests of one metric module."""

from pathlib import Path

import duckdb

from data import analytics, db
from data.derived import build
from metrics.base.store import Store


def tiny_store(*statements: str, tables: set[str] | None = None, derived: bool = True) -> Store:
    """An in-memory store: the tables of the system of record (or those named), the rows ``statements`` insert,
    then (``derived``) the derived tables the refresh builds from them."""
    conn = duckdb.connect()
    for table in db.tables():
        if not table.info.get("private") and (tables is None or table.name in tables):
            analytics._create_empty(conn, table)
    for sql in statements:
        conn.execute(sql)
    if derived:
        build(conn, environ={})
    return Store(Path(":memory:"), connection=conn)
