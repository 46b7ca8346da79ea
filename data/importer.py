"""Import a company's own data from CSV files and Excel workbooks: validated, all or nothing.

:func:`prepare` reads every file and checks every row (types, dates, ranges, keys, links between
tables and to the database) without writing anything: the dry run. :func:`load` writes a prepared
import in ONE transaction, parents before children, so a failure or a killed process leaves the
database as it was. Callers refresh the analytical store afterwards (``metrics.precompute.refresh``).

Modes: ``append`` adds rows and refuses keys already in the database; ``upsert`` updates rows by
primary key and adds the rest; ``replace`` empties the tables given and loads the files instead.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy import Engine, inspect, text
from sqlalchemy.schema import CreateIndex

from data import bulk, db
from data.import_read import Sheet, expand, read_path
from data.import_rules import IMPORTABLE, Fault, SheetCheck, normalise_header, ordered, spec, table

MODES = ("append", "upsert", "replace")
Progress = Callable[[str, int, int], None]  # (table, rows done, rows in all)


@dataclass
class TablePlan:
    """One table's checked rows, ready to write."""

    table: str
    files: list[str]
    columns: dict[str, np.ndarray | list]
    rows: int
    given: list[str]  # columns the company gave
    existing_keys: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))


@dataclass
class Prepared:
    mode: str
    plans: dict[str, TablePlan] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    previews: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def errors(self) -> list[Fault]:
        return [f for f in self.faults if not f.warning]

    @property
    def ok(self) -> bool:
        return not self.errors

    def report(self) -> pd.DataFrame:
        """Every fault and warning as a table (file, table, row, column, value, problem, kind)."""
        return pd.DataFrame([{"file": f.file, "table": f.table, "row": f.row, "column": f.column, "value": f.value,
                              "problem": f.problem, "kind": "warning" if f.warning else "fault"}
                             for f in self.faults],
                            columns=["file", "table", "row", "column", "value", "problem", "kind"])


@dataclass
class Upload:
    """A file given as bytes (the page's uploads), with an optional table chosen for it."""

    name: str
    data: bytes
    table: str | None = None


def table_for(name: str) -> str | None:
    """The importable table a file or sheet name stands for (``customer.csv``, ``Customers``, ``order lines``)."""
    key = normalise_header(Path(name).stem if "." in name else name)
    for candidate in (key, key.removesuffix("s"), key.removesuffix("es")):
        if candidate in IMPORTABLE:
            return candidate
    return None


def read_sources(sources: list[Path | Upload], *, encoding: str = "auto",
                 table_name: str | None = None) -> Iterator[tuple[Sheet, str | None]]:
    """Every sheet of every source with the table it goes to (None when it cannot be told), one file
    at a time (memory: a file's text is dropped once it is checked)."""
    files = []
    for source in sources:
        files.extend([source] if isinstance(source, Upload) else expand([Path(source)]))
    for source in files:
        if isinstance(source, Upload):
            sheets = read_path(Path(source.name), encoding, raw=source.data)
            chosen = source.table
        else:
            sheets = read_path(source, encoding)
            chosen = None
        for sheet in sheets:
            target = chosen or table_name or table_for(sheet.name)
            yield sheet, target
        del sheets


def _existing_keys(engine: Engine, name: str) -> np.ndarray:
    if name not in inspect(engine).get_table_names():
        return np.array([], dtype=np.int64)
    with engine.connect() as conn:
        ids = conn.execute(text(f"SELECT id FROM {name}")).scalars().all()
    return np.asarray(ids, dtype=np.int64)


def prepare(engine: Engine, sources: list[Path | Upload], *, mode: str = "append", encoding: str = "auto",
            date_format: str | None = None, table_name: str | None = None,
            mapping: dict[str, dict[str, str]] | None = None, preview_rows: int = 5) -> Prepared:
    """Read and check everything; write nothing. ``mapping``: per table, the company's header -> our column."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    result = Prepared(mode)
    checked: dict[str, list[tuple[SheetCheck, dict]]] = {}
    for sheet, target in read_sources(sources, encoding=encoding, table_name=table_name):
        if target is None or target not in IMPORTABLE:
            result.faults.append(Fault(sheet.file, sheet.name, None, None, sheet.name,
                                       "the table cannot be told from the name: name the file or sheet after a "
                                       f"table ({', '.join(IMPORTABLE)}) or choose it"))
            continue
        for row, column, value, words in sheet.faults:
            result.faults.append(Fault(sheet.file, target, row, column, value, words))
        if sheet.frame is None:
            continue
        if sheet.frame.empty:
            result.faults.append(Fault(sheet.file, target, None, None, "", "the sheet has a header but no rows"))
            continue
        check = SheetCheck(sheet.file, target, sheet.frame, date_format)
        columns = _check_sheet(check, (mapping or {}).get(target, {}))
        result.faults.extend(check.faults)
        result.previews[f"{sheet.file}:{sheet.name}"] = sheet.frame.head(preview_rows).copy()
        check.frame = sheet.frame = None  # the typed arrays are kept; the text goes (memory)
        if columns is not None:
            checked.setdefault(target, []).append((check, columns))
    for name in ordered(checked):
        parts = checked[name]
        given = sorted({c for _, cols in parts for c in cols}, key=[s.name for s in spec(name)].index)
        merged = {}
        for column in given:
            arrays = [cols.get(column) for _, cols in parts]
            merged[column] = _concat(arrays, [c.n for c, _ in parts], spec_kind(name, column))
        plan = TablePlan(name, [c.file for c, _ in parts], merged, sum(c.n for c, _ in parts), given)
        plan.existing_keys = _existing_keys(engine, name)
        result.plans[name] = plan
    _check_keys(engine, result, checked)
    if mode == "replace":
        _check_replaced_links(engine, result)
    return result


def spec_kind(name: str, column: str) -> str:
    return next(s.kind for s in spec(name) if s.name == column)


def _concat(arrays: list, lengths: list[int], kind: str) -> np.ndarray:
    filled = []
    for array, n in zip(arrays, lengths, strict=True):
        if array is None:
            empty = {"date": np.full(n, np.datetime64("NaT"), dtype="datetime64[D]"),
                     "datetime": np.full(n, np.datetime64("NaT"), dtype="datetime64[s]"),
                     "int": np.full(n, np.nan), "money": np.full(n, np.nan), "decimal": np.full(n, np.nan),
                     "float": np.full(n, np.nan)}
            array = empty.get(kind, pa.nulls(n, pa.string()) if kind == "text" else np.full(n, None, dtype=object))
        filled.append(array if isinstance(array, pa.Array) else np.asarray(array))
    if len(filled) == 1:
        return filled[0]
    return pa.concat_arrays(filled) if kind == "text" else np.concatenate(filled)


def _check_sheet(check: SheetCheck, mapping: dict[str, str]) -> dict | None:
    columns = spec(check.table)
    known = {c.name: c for c in columns}
    rename = {}
    for header in check.frame.columns:
        ours = mapping[header] if header in mapping else normalise_header(header)
        if ours in known and ours not in rename.values():
            rename[header] = ours
        else:
            check.whole(str(header), "is not a column of this table: ignored", warning=True, value=str(header))
    frame = check.frame[list(rename)].rename(columns=rename)
    missing = [c.name for c in columns if c.required and c.name not in frame.columns]
    for name in missing:
        check.whole(name, "is a required column and is missing from the file")
    if missing:
        return None
    out = {}
    for col in columns:
        if col.name not in frame.columns:
            continue
        text_values = frame[col.name].astype(str)
        values = check.convert(col, text_values)
        if col.kind in ("int", "money", "decimal", "float"):
            check.ranges(col.name, values, text_values, col.kind)
        out[col.name] = values
    if "id" in out:
        ids = pd.Series(out["id"])
        duplicated = ids.duplicated(keep="first").to_numpy() & ~ids.isna().to_numpy()
        if duplicated.any():
            first_row = ids.drop_duplicates(keep="first")
            where = pd.Series(check.rows[first_row.index], index=first_row.to_numpy())
            check.fault(duplicated, "id", frame["id"].to_numpy(), "appears more than once in the file")
            # say where the first one is
            check.faults[-int(duplicated.sum()):] = [
                Fault(f.file, f.table, f.row, f.column, f.value,
                      f"{f.problem} (first in row {int(where[float(f.value)])})")
                for f in check.faults[-int(duplicated.sum()):]]
    return out


def _check_keys(engine: Engine, result: Prepared, checked: dict) -> None:
    """Keys already in the database (append), duplicates across files, links to nothing."""
    for name, plan in result.plans.items():
        if "id" not in plan.columns:
            continue
        ids = plan.columns["id"]
        given = ~np.isnan(ids)
        across = pd.Series(ids).duplicated().to_numpy() & given
        offsets = np.cumsum([0] + [c.n for c, _ in checked[name]])
        if result.mode == "append" and len(plan.existing_keys):
            clash = np.isin(ids, plan.existing_keys) & given
            _report(result, checked[name], offsets, clash, "id", ids,
                    "is already in the database (use --mode upsert to update, or replace)")
        if len(checked[name]) > 1:
            _report(result, checked[name], offsets, across & _not_within_file(ids, offsets), "id", ids,
                    "appears in more than one file")
    for name, plan in result.plans.items():
        offsets = np.cumsum([0] + [c.n for c, _ in checked[name]])
        for col in spec(name):
            if col.parent is None or col.name not in plan.columns:
                continue
            values = plan.columns[col.name]
            known = set()
            if col.parent in result.plans and "id" in result.plans[col.parent].columns:
                parent_ids = result.plans[col.parent].columns["id"]
                known_arr = parent_ids[~np.isnan(parent_ids)]
            else:
                known_arr = np.array([])
            if not (result.mode == "replace" and col.parent in result.plans):
                known_arr = np.concatenate([known_arr, _existing_keys(engine, col.parent)])
            del known
            orphan = ~np.isnan(values) & ~np.isin(values, known_arr)
            _report(result, checked[name], offsets, orphan, col.name, values,
                    f"points to a {col.parent.replace('_', ' ')} that is neither in the files nor in the database")


def _check_replaced_links(engine: Engine, result: Prepared) -> None:
    """Replace: rows of other tables in the database must not point to keys the new files drop."""
    present = set(inspect(engine).get_table_names())
    for parent, plan in result.plans.items():
        if "id" not in plan.columns:
            continue
        kept = plan.columns["id"]
        for child in IMPORTABLE:
            if child in result.plans or child not in present:
                continue
            for col in spec(child):
                if col.parent != parent:
                    continue
                with engine.connect() as conn:
                    used = conn.execute(text(f"SELECT DISTINCT {col.name} FROM {child} "
                                             f"WHERE {col.name} IS NOT NULL")).scalars().all()
                lost = np.setdiff1d(np.asarray(used, dtype=float), kept)
                if len(lost):
                    shown = ", ".join(str(int(v)) for v in lost[:10]) + (" ..." if len(lost) > 10 else "")
                    result.faults.append(Fault(plan.files[0], parent, None, "id", shown,
                                               f"{len(lost):,} ids the database's {child} rows point to (in "
                                               f"{col.name}) are not in the new file: replace {child} too, "
                                               "or keep those rows"))


def _not_within_file(ids: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    file_index = np.searchsorted(offsets, np.arange(len(ids)), side="right")
    frame = pd.DataFrame({"id": ids, "file": file_index})
    return ~frame.duplicated(["id", "file"]).to_numpy()


def _report(result: Prepared, parts: list, offsets: np.ndarray, mask: np.ndarray, column: str,
            values: np.ndarray, problem: str) -> None:
    for index, (check, _) in enumerate(parts):
        part = mask[offsets[index]:offsets[index + 1]]
        if part.any():
            shown = np.asarray(values[offsets[index]:offsets[index + 1]], dtype=float)
            texts = np.array([str(int(v)) if not np.isnan(v) else "" for v in shown[part]], dtype=object)
            full = np.full(len(part), "", dtype=object)
            full[part] = texts
            before = len(check.faults)
            check.fault(part, column, full, problem)
            result.faults.extend(check.faults[before:])


# --- writing -------------------------------------------------------------------------------------------


def load(engine: Engine, prepared: Prepared, progress: Progress | None = None) -> dict[str, dict[str, int]]:
    """Write a checked import in one transaction; returns rows inserted / updated per table."""
    if not prepared.ok:
        raise ValueError("the import has faults: nothing was written")
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
                if "customer" in prepared.plans or "sales_order" in prepared.plans:
                    _acquired_on_first_order(conn)
                if sqlite:
                    _check_links(conn, None if prepared.mode == "replace" else ordered(prepared.plans))
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys = ON")
                conn.commit()
    return counts


class BrokenLinkError(RuntimeError):
    """Rows pointing to nothing reached the database: the whole import is rolled back."""


def _check_links(conn, names: list[str] | None) -> None:
    """SQLite: every foreign key of the tables written (all tables when ``None``) points to a row."""
    for name in names or [t.name for t in db.tables()]:
        broken = conn.exec_driver_sql(f"PRAGMA foreign_key_check({name})").fetchmany(5)
        if broken:
            raise BrokenLinkError(f"{name}: rows point to missing rows ({broken}); nothing was written")


def _acquired_on_first_order(conn) -> None:
    """A customer without ``acquired_on`` was acquired on its first order date (one grouped pass)."""
    conn.execute(text("UPDATE customer SET acquired_on = first.ordered_on FROM "
                      "(SELECT customer_id, min(ordered_on) AS ordered_on FROM sales_order GROUP BY customer_id) "
                      "AS first WHERE first.customer_id = customer.id AND customer.acquired_on IS NULL"))


def _delete_missing(conn, plan: TablePlan) -> None:
    """Replace: rows whose key is not in the files go; the others are updated in place (links stay valid)."""
    if "id" not in plan.columns:
        conn.execute(text(f"DELETE FROM {plan.table}"))
        plan.existing_keys = np.array([], dtype=np.int64)
        return
    gone = np.setdiff1d(plan.existing_keys, plan.columns["id"].astype(np.int64))
    if len(gone):
        mark = "?" if conn.dialect.name == "sqlite" else "%s"
        conn.exec_driver_sql(f"DELETE FROM {plan.table} WHERE id = {mark}", [(int(k),) for k in gone])
    plan.existing_keys = np.intersect1d(plan.existing_keys, plan.columns["id"].astype(np.int64))


def _write(conn, plan: TablePlan, mode: str) -> dict[str, int]:
    tbl = table(plan.table)
    columns = dict(plan.columns)
    if "id" not in columns:
        start = conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {plan.table}")).scalar_one()
        columns = {"id": np.arange(start + 1, start + 1 + plan.rows, dtype=np.int64), **columns}
    if "discount" in tbl.c and "discount" not in columns:
        columns["discount"] = np.zeros(plan.rows)
    else:
        for name in ("discount",):
            if name in columns and name in tbl.c:
                values = np.asarray(columns[name], dtype=float)
                columns[name] = np.where(np.isnan(values), 0.0, values)
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
    from sqlalchemy import Boolean

    if isinstance(kind, Boolean):
        return [None if v is None else bool(v) for v in values.tolist()]
    return out


def run(engine: Engine, sources: list[Path | Upload], *, dry_run: bool = False,
        progress: Progress | None = None, **options) -> tuple[Prepared, dict[str, dict[str, int]]]:
    """Check, then (unless ``dry_run`` or faulty) load. Returns the check and the counts written."""
    prepared = prepare(engine, sources, **options)
    if dry_run or not prepared.ok:
        return prepared, {}
    return prepared, load(engine, prepared, progress)


def report_csv(prepared: Prepared) -> bytes:
    """The fault report as CSV (UTF-8 with a BOM so Excel shows Chinese), injection-safe."""
    frame = prepared.report()
    lead = ("=", "+", "-", "@", "\t", "\r")
    for column in ("file", "table", "column", "value", "problem"):
        frame[column] = frame[column].map(lambda v: f"'{v}" if isinstance(v, str) and v.startswith(lead) else v)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8-sig")


# --- remembered column mappings (the import page) ------------------------------------------------------


def saved_mappings(engine: Engine) -> dict[str, dict[str, str]]:
    """Per table: the company's header -> our column, as last saved."""
    if "import_mapping" not in inspect(engine).get_table_names():
        return {}
    out: dict[str, dict[str, str]] = {}
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT table_name, header, field_name FROM import_mapping"))
        for table_name, header, column in rows:
            out.setdefault(table_name, {})[header] = column
    return out


def save_mapping(engine: Engine, table_name: str, mapping: dict[str, str]) -> None:
    """Remember ``mapping`` (header -> our column) for ``table_name``."""
    from datetime import UTC, datetime

    from sqlmodel import Session, select

    from data.models import ImportMapping

    db.create_schema(engine)
    with Session(engine) as session:
        for header, column in mapping.items():
            row = session.exec(select(ImportMapping).where(ImportMapping.table_name == table_name,
                                                           ImportMapping.header == header)).first()
            row = row or ImportMapping(table_name=table_name, header=header, field_name=column,
                                       saved_at=datetime.now(UTC))
            row.field_name, row.saved_at = column, datetime.now(UTC)
            session.add(row)
        session.commit()


def headers(upload: Upload, encoding: str = "auto") -> list[str]:
    """The header row of an uploaded CSV (empty for workbooks and unreadable files)."""
    import csv

    from data.import_read import ReadError, decode, delimiter

    if upload.name.lower().endswith(".xlsx"):
        return []
    try:
        head, _ = decode(upload.data[:65536].rsplit(b"\n", 1)[0] if b"\n" in upload.data[:65536]
                         else upload.data[:65536], encoding)
    except ReadError:
        return []
    first = head.split("\n", 1)[0].rstrip("\r")
    return [h.strip() for h in next(csv.reader([first], delimiter=delimiter(first)), [])]
