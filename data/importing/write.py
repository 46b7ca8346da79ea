"""Writing a checked import: ONE transaction for all tables, parents before children, so a fault, a
failure or a killed process leaves the database as it was. Bulk paths: the driver's executemany on SQLite,
COPY on PostgreSQL; secondary indexes of a fresh database built once after the rows."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Boolean, Engine, ForeignKeyConstraint, inspect, text
from sqlalchemy.schema import AddConstraint, CreateIndex

from data import bulk, db, locks
from data.importing import currency, meanwhile
from data.importing.check import Prepared, TablePlan
from data.importing.rules import ordered, table

Progress = Callable[[str, int, int], None]  # (table, rows done, rows in all)


def load(engine: Engine, prepared: Prepared, progress: Progress | None = None) -> dict[str, dict[str, int]]:
    """Write a checked import in one transaction; returns rows inserted / updated per table. Keys another import
    wrote since the check raise :class:`~data.importing.meanwhile.KeysTaken` (faults by row; nothing written)."""
    if not prepared.ok:
        raise ValueError("the import has faults: nothing was written")
    try:
        return _load(engine, prepared, progress)
    except meanwhile.INTEGRITY_ERRORS as error:
        with engine.connect() as conn:
            faults = meanwhile.taken(conn, prepared)
        if faults:
            raise meanwhile.KeysTaken(faults) from None
        raise error


def _load(engine: Engine, prepared: Prepared, progress: Progress | None) -> dict[str, dict[str, int]]:
    fresh = db.is_empty(engine) and prepared.mode != "upsert"
    db.create_schema(engine, with_indexes=not fresh)
    total = sum(p.rows for p in prepared.plans.values())
    done = 0
    counts: dict[str, dict[str, int]] = {}
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # links were checked row by row before; SQLite checks them again, set-wise, before commit
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # outside a transaction, where it takes effect
            conn.commit()
        try:
            with conn.begin():
                meanwhile.serialise(conn)  # before reading the largest ids and the keys stored
                meanwhile.move_new_ids(conn, prepared)
                # PostgreSQL, fresh database: links checked once per constraint after the rows (one join each),
                # not row by row by triggers; the DDL is part of the transaction, so a fault undoes it too
                relinks = _unlink(conn, ordered(prepared.plans)) if fresh and not sqlite else []
                if fresh and not sqlite:  # index builds sort in memory (this transaction only)
                    conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
                if prepared.mode == "replace":
                    for name in reversed(ordered(prepared.plans)):
                        _delete_missing(conn, prepared.plans[name])
                for name in ordered(prepared.plans):
                    plan = prepared.plans[name]
                    counts[name] = _write(conn, plan, "upsert" if prepared.mode == "replace" else prepared.mode)
                    done += plan.rows
                    if progress:
                        progress(name, done, total)
                if fresh:
                    for tbl in db.tables():
                        for index in tbl.indexes:
                            conn.execute(CreateIndex(index, if_not_exists=True))
                for constraint in relinks:
                    # isolate_from_table=False: the model's CREATE TABLE must keep the constraint
                    conn.execute(AddConstraint(constraint, isolate_from_table=False))
                if "customer" in prepared.plans or "sales_order" in prepared.plans:
                    _acquired_on_first_order(conn, None if fresh else _customers_of(prepared))
                if sqlite:
                    _check_links(conn, None if prepared.mode == "replace" else ordered(prepared.plans))
                _mark_company_data(conn)
                if prepared.currency:
                    currency.store(conn, prepared.currency)
                locks.bump_generation(conn)  # a refresh begun before this write is not swapped in after it
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys = ON")
                conn.commit()
    return counts


def _unlink(conn, names: list[str]) -> list[ForeignKeyConstraint]:
    """Drop the foreign keys of tables ``names`` (PostgreSQL, inside the caller's transaction); returns the
    model's constraints to add back."""
    quote = conn.dialect.identifier_preparer.quote
    dropped = []
    for name in names:
        for found in inspect(conn).get_foreign_keys(name):
            conn.exec_driver_sql(f"ALTER TABLE {quote(name)} DROP CONSTRAINT {quote(found['name'])}")
        dropped.extend(table(name).foreign_key_constraints)
    return dropped


def _mark_company_data(conn) -> None:
    """The database now holds a company's own rows, not only the generated demo: the sign-in screen stops
    offering "try as" (``data.accounts.is_demo_only``)."""
    conn.execute(text("DELETE FROM dataset_info WHERE key = 'source'"))
    conn.execute(text("INSERT INTO dataset_info (key, value) VALUES ('source', 'import')"))


class BrokenLinkError(RuntimeError):
    """Rows pointing to nothing reached the database: the whole import is rolled back."""


def _check_links(conn, names: list[str] | None) -> None:
    """SQLite: every foreign key of the tables written (all tables when ``None``) points to a row."""
    for name in names or [t.name for t in db.tables()]:
        broken = conn.exec_driver_sql(f"PRAGMA foreign_key_check({name})").fetchmany(5)
        if broken:
            raise BrokenLinkError(f"{name}: rows point to missing rows ({broken}); nothing was written")


def _customers_of(prepared: Prepared) -> np.ndarray:
    """Customers whose first order this import may change: those it writes without ``acquired_on``, and those
    of the orders it writes."""
    ids = []
    if "customer" in prepared.plans:
        plan = prepared.plans["customer"]
        customers = np.asarray(plan.columns["id"], dtype=float)
        if "acquired_on" in plan.columns:
            customers = customers[np.isnat(np.asarray(plan.columns["acquired_on"], dtype="datetime64[D]"))]
        ids.append(customers)
    if "sales_order" in prepared.plans:
        ids.append(np.asarray(prepared.plans["sales_order"].columns["customer_id"], dtype=float))
    chosen = np.concatenate(ids) if ids else np.array([])
    return np.unique(chosen[~np.isnan(chosen)]).astype(np.int64)


def _acquired_on_first_order(conn, customers: np.ndarray | None) -> None:
    """A customer without ``acquired_on`` was acquired on its first order date: one set-based UPDATE from the
    first order of each customer, grouped once (not a look-up per customer), for ``customers`` (None: all)."""
    if customers is not None and not len(customers):
        return
    postgres = conn.dialect.name == "postgresql"
    undated = "customer_id IN (SELECT id FROM customer WHERE acquired_on IS NULL)"  # the acquired_on index
    if customers is None:
        chosen, params = f"WHERE {undated}", ()
    elif postgres:
        chosen, params = f"WHERE {undated} AND customer_id = ANY(%s)", (customers.tolist(),)
    else:
        chosen, params = (f"WHERE {undated} AND customer_id IN (SELECT value FROM json_each(?))",
                          (json.dumps(customers.tolist()),))
    conn.exec_driver_sql(
        "UPDATE customer SET acquired_on = f.first_order "
        f"FROM (SELECT customer_id, min(ordered_on) AS first_order FROM sales_order {chosen} "
        "GROUP BY customer_id) AS f "
        "WHERE customer.id = f.customer_id AND customer.acquired_on IS NULL", params)


def _delete_missing(conn, plan: TablePlan) -> None:
    """Replace: rows whose key is not in the files go; the others are updated in place (links stay valid)."""
    if "id" not in plan.columns:
        conn.execute(text(f"DELETE FROM {plan.table}"))
        plan.existing_keys = np.array([], dtype=np.int64)
        return
    ids = np.asarray(plan.columns["id"], dtype=float)
    kept = ids[~np.isnan(ids)].astype(np.int64)
    gone = np.setdiff1d(plan.existing_keys, kept)
    if len(gone):
        mark = "?" if conn.dialect.name == "sqlite" else "%s"
        conn.exec_driver_sql(f"DELETE FROM {plan.table} WHERE id = {mark}", [(int(k),) for k in gone])
    plan.existing_keys = np.intersect1d(plan.existing_keys, kept)


def _write(conn, plan: TablePlan, mode: str) -> dict[str, int]:
    tbl = table(plan.table)
    columns = dict(plan.columns)
    ids = np.asarray(columns["id"], dtype=float) if "id" in columns else np.full(plan.rows, np.nan)
    new = np.isnan(ids)
    if new.any():  # rows without an id of their own: numbered after the largest id stored
        start = conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {plan.table}")).scalar_one()
        ids = ids.copy()
        ids[new] = np.arange(start + 1, start + 1 + int(new.sum()), dtype=float)
        columns = {"id": ids, **{k: v for k, v in columns.items() if k != "id"}}
    for column in tbl.c:  # a required amount with a default (discount, handling cost, ...): the default where empty
        if column.nullable or column.default is None or not column.default.is_scalar:
            continue
        if isinstance(column.default.arg, str | bool):  # a text or flag with a default (a status, done): it where empty
            given, arg = columns.get(column.name), column.default.arg
            kind = pa.bool_() if isinstance(arg, bool) else pa.string()
            columns[column.name] = (np.full(plan.rows, arg, dtype=object) if given is None else
                                    pc.fill_null(pa.array(given, type=kind, from_pandas=True), arg))
            continue
        default = float(column.default.arg)
        if column.name not in columns:
            columns[column.name] = np.full(plan.rows, default)
        else:
            values = np.asarray(columns[column.name], dtype=float)
            columns[column.name] = np.where(np.isnan(values), default, values)
    if mode != "upsert" or not len(plan.existing_keys):
        bulk.bulk_insert(conn, tbl, columns)
        return {"inserted": plan.rows, "updated": 0}
    update = np.isin(columns["id"], plan.existing_keys)
    inserted = {k: np.asarray(v)[~update] for k, v in columns.items()}
    if (~update).any():
        bulk.bulk_insert(conn, tbl, inserted)
    names = [c for c in columns if c != "id"]
    if update.any() and names:
        values = [_update_values(np.asarray(columns[c])[update], tbl.c[c].type) for c in names]
        ids = np.asarray(columns["id"])[update].astype(np.int64).tolist()
        mark = "?" if conn.dialect.name == "sqlite" else "%s"
        quote = conn.dialect.identifier_preparer.quote
        sql = (f"UPDATE {quote(plan.table)} SET {', '.join(f'{quote(c)} = {mark}' for c in names)} "
               f"WHERE id = {mark}")
        conn.exec_driver_sql(sql, [(*row, key) for row, key in zip(zip(*values, strict=True), ids, strict=True)])
    return {"inserted": int((~update).sum()), "updated": int(update.sum())}


def _update_values(values: np.ndarray, column_type) -> list:
    out = bulk._python_values(values, column_type)
    kind = getattr(column_type, "impl", column_type)
    if isinstance(kind, Boolean):
        return [None if v is None else bool(v) for v in values.tolist()]
    return out
