"""A query's rows through Arrow (``metrics.base.frames``) are the DataFrame DuckDB's own ``.df()`` makes: same
columns, dtypes and values, NULLs included."""

from datetime import date, datetime

import duckdb
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.base import frames

# DuckDB type -> values a column of it may hold (None: NULL)
KINDS = {
    "VARCHAR": st.one_of(st.none(), st.text(max_size=6)),
    "BIGINT": st.one_of(st.none(), st.integers(-(2**62), 2**62)),
    "INTEGER": st.one_of(st.none(), st.integers(-(2**31), 2**31 - 1)),
    "DOUBLE": st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    "DECIMAL(18, 2)": st.one_of(st.none(), st.decimals(min_value=-10**12, max_value=10**12, places=2)),
    "DATE": st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2040, 1, 1))),
    "TIMESTAMP": st.one_of(st.none(), st.datetimes(datetime(1990, 1, 1), datetime(2040, 1, 1))),
    "BOOLEAN": st.one_of(st.none(), st.booleans()),
    "HUGEINT": st.one_of(st.none(), st.integers(-(2**60), 2**60)),
}


@st.composite
def tables(draw):
    kinds = draw(st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=6))
    rows = draw(st.integers(0, 8))
    columns = [[draw(KINDS[kind]) for _ in range(rows)] for kind in kinds]
    return kinds, columns


def _load(kinds, columns) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    conn.execute("CREATE TABLE t (" + ", ".join(f"c{i} {kind}" for i, kind in enumerate(kinds)) + ")")
    if columns and columns[0]:
        marks = ", ".join("?" for _ in kinds)
        conn.executemany(f"INSERT INTO t VALUES ({marks})", [list(row) for row in zip(*columns, strict=True)])
    return conn


@settings(max_examples=150, deadline=None)
@given(tables())
def test_every_column_type_reads_as_duckdb_converts_it(table):
    conn = _load(*table)
    expected = conn.execute("SELECT * FROM t").df()
    found = frames.fetch(conn.cursor(), "SELECT * FROM t")
    pd.testing.assert_frame_equal(found, expected)


def test_parameters_order_and_expressions_are_the_query_s():
    conn = _load(["VARCHAR", "BIGINT"], [["b", None, "a", "c"], [2, 1, 3, None]])
    sql = "SELECT c0 AS name, c1 * 2 AS twice, c0 || '!' AS shout FROM t WHERE c1 IS NULL OR c1 < $top ORDER BY c1"
    found = frames.fetch(conn.cursor(), sql, {"top": 3})
    assert pd.isna(found["name"].iloc[0]) and found["name"].tolist()[1:] == ["b", "c"]
    assert found["twice"].tolist()[:2] == [2, 4] and pd.isna(found["twice"].iloc[2])
    assert pd.isna(found["shout"].iloc[0]) and found["shout"].tolist()[1:] == ["b!", "c!"]
    pd.testing.assert_frame_equal(found, conn.execute(sql, {"top": 3}).df())


def test_columns_of_one_name_and_statements_without_rows():
    conn = _load(["VARCHAR"], [["x"]])
    sql = "SELECT c0, c0 FROM t"
    pd.testing.assert_frame_equal(frames.fetch(conn.cursor(), sql), conn.execute(sql).df())
    assert frames.fetch(conn.cursor(), "CREATE TABLE u (a INTEGER)").empty


def test_the_demo_store_s_tables_read_as_duckdb_converts_them(demo_store):
    names = demo_store.query("SELECT table_name FROM information_schema.tables ORDER BY table_name")["table_name"]
    compared = 0
    for name in names:
        sql = f'SELECT * FROM "{name}" ORDER BY ALL LIMIT 2000'
        expected = demo_store._run(sql, None, lambda result: result.df())
        pd.testing.assert_frame_equal(demo_store.query(sql), expected, obj=name)
        compared += 1
    assert compared > 30
