"""Another import writing between this import's check and its write: the write is serialised, new ids move past
rows added meanwhile, and keys taken meanwhile become faults named by row, never a traceback."""

from __future__ import annotations

import hashlib
import sqlite3

import numpy as np
import pandas as pd
import psycopg
from sqlalchemy import exc, text

from data.importing.messages import say
from data.importing.rules import Fault, spec

# what a write refused by the database raises: SQLAlchemy's wrapper, or the driver's own error on the bulk paths
INTEGRITY_ERRORS = (exc.IntegrityError, sqlite3.IntegrityError, psycopg.errors.IntegrityError)
_LOCK_KEY = int.from_bytes(hashlib.sha256(b"crm-scorecard import write").digest()[:8], "big", signed=True)


class KeysTaken(ValueError):
    """Rows whose keys another import wrote meanwhile: nothing was written; ``faults`` names each row."""

    def __init__(self, faults: list[Fault]):
        super().__init__(f"{len(faults):,} keys were taken by another import meanwhile: nothing was written")
        self.faults = faults


def serialise(conn) -> None:
    """Take the write turn before reading anything the write depends on (the largest ids, the keys stored):
    PostgreSQL an advisory lock for this transaction; SQLite its write lock, by writing first."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    else:
        conn.execute(text("DELETE FROM dataset_info WHERE key = 'source'"))


def move_new_ids(conn, prepared) -> None:
    """Coded tables: new codes were numbered from the largest id at check time; when another import has added
    rows since, move the new ids (and every link to them in the files) past them."""
    for name, plan in prepared.plans.items():
        if plan.new_from is None:
            continue
        now = conn.execute(text(f"SELECT coalesce(max(id), 0) + 1 FROM {name}")).scalar_one()
        shift = int(now) - plan.new_from
        if shift <= 0:
            continue
        for child_name, child in prepared.plans.items():
            for col in spec(child_name):
                if (col.parent == name and col.name in child.columns) or (child_name == name and col.name == "id"):
                    values = np.asarray(child.columns[col.name], dtype=float)
                    child.columns[col.name] = np.where(values >= plan.new_from, values + shift, values)
        plan.new_from = int(now)


def taken(conn, prepared) -> list[Fault]:
    """Rows the import would add whose key the database holds now (another import wrote it after the check)."""
    faults: list[Fault] = []
    for name, plan in prepared.plans.items():
        if "id" not in plan.columns or name not in prepared.where:
            continue
        ids = np.asarray(plan.columns["id"], dtype=float)
        if plan.line_key:
            mask = _lines_taken(conn, plan, ids)
            column, shown = "line_no", plan.columns["line_no"]
        elif plan.new_from is not None:
            codes = pd.Series(plan.columns["code"].to_numpy(zero_copy_only=False), dtype=object)
            stored = conn.execute(text(f"SELECT code FROM {name} WHERE code IS NOT NULL")).scalars().all()
            mask = (ids >= plan.new_from) & codes.isin(set(stored)).to_numpy()
            column, shown = "id", plan.columns["code"]
        else:
            new = ~np.isnan(ids) & ~np.isin(ids, plan.existing_keys)
            stored = np.asarray(conn.execute(text(f"SELECT id FROM {name}")).scalars().all(), dtype=float)
            mask = new & np.isin(ids, stored)
            column, shown = "id", ids
        faults.extend(prepared.where[name].faults(name, mask, column, shown, say("key_taken_meanwhile")))
    return faults


def _lines_taken(conn, plan, ids: np.ndarray) -> np.ndarray:
    stored = pd.DataFrame(conn.execute(text("SELECT order_id, line_no FROM order_line WHERE line_no IS NOT NULL"))
                          .all(), columns=["order", "line"], dtype=float)
    pairs = pd.DataFrame({"order": np.asarray(plan.columns["order_id"], dtype=float),
                          "line": np.asarray(plan.columns["line_no"], dtype=float)})
    there = pairs.merge(stored.drop_duplicates().assign(there=True), on=["order", "line"], how="left")["there"]
    return np.isnan(ids) & there.fillna(False).to_numpy(dtype=bool)
