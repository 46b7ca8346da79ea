"""Data quality of the loaded data, read from the analytical store: completeness per column, rule
violations and orphans (the rules of ``python -m data check``), possible duplicates, freshness."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data.check import DATE_COLUMNS, RULES, orphan_rules
from data.importing.rules import IMPORTABLE, spec
from metrics.base.store import Store


def completeness(store: Store) -> pd.DataFrame:
    """One row per table and column: rows, values given, share given (0..1)."""
    rows = []
    for table in IMPORTABLE:
        columns = [c.name for c in spec(table)]
        counts = ", ".join(["count(*) AS \"*\"", *(f'count("{c}") AS "{c}"' for c in columns)])
        try:
            got = store.query(f"SELECT {counts} FROM {table}").iloc[0]
        except Exception:  # a store without this table (older file): nothing to say
            continue
        total = int(got["*"])
        rows += [{"table": table, "column": c, "rows": total, "given": int(got[c]),
                  "share": int(got[c]) / total if total else float("nan")} for c in columns]
    return pd.DataFrame(rows, columns=["table", "column", "rows", "given", "share"])


def freshness(store: Store, today: date) -> pd.DataFrame:
    """Per table with a date: first and last date, and days from the last one to ``today``."""
    rows = []
    for table, column in DATE_COLUMNS.items():
        if table not in IMPORTABLE:
            continue
        try:
            low, high = store.query(f"SELECT min({column}) AS low, max({column}) AS high FROM {table}").iloc[0]
        except Exception:
            continue
        if pd.isna(high):
            continue
        last = pd.Timestamp(high).date()
        rows.append({"table": table, "first": pd.Timestamp(low).date(), "last": last,
                     "days_old": (today - last).days})
    return pd.DataFrame(rows, columns=["table", "first", "last", "days_old"])


def violations(store: Store) -> pd.DataFrame:
    """Rows breaking each rule of ``python -m data check`` (orphans included), and possible duplicate
    customers (same name, ignoring case and spaces); only rules with offending rows."""
    rules = {**orphan_rules(), **RULES,
             "customers sharing a name with another customer (possible duplicates)":
                 "SELECT count(*) FROM customer WHERE name IS NOT NULL AND lower(replace(name, ' ', '')) IN "
                 "(SELECT lower(replace(name, ' ', '')) FROM customer WHERE name IS NOT NULL "
                 "GROUP BY 1 HAVING count(*) > 1)"}
    rows = []
    for name, sql in rules.items():
        try:
            count = int(store.query(sql).iloc[0, 0])
        except Exception:
            continue
        if count:
            rows.append({"rule": name, "rows": count})
    return pd.DataFrame(rows, columns=["rule", "rows"])
