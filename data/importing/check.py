"""The dry run: read every file and check every row (types, dates, ranges, keys, links between tables and to
the database) without writing anything. The result, :class:`Prepared`, holds the typed columns ready to
write and every fault found, not only the first."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from sqlalchemy import Engine, inspect, text

from data.importing import currency as money
from data.importing import keys
from data.importing.messages import KIND, say
from data.importing.rules import IMPORTABLE, Fault, SheetCheck, normalise_header, ordered, spec
from data.importing.sources import Upload, read_sources

MODES = ("append", "upsert", "replace")


@dataclass
class TablePlan:
    """One table's checked rows, ready to write."""

    table: str
    files: list[str]
    columns: dict[str, np.ndarray | list]
    rows: int
    given: list[str]  # columns the company gave
    existing_keys: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))
    new_from: int | None = None  # coded keys: the first id given to a new code (moved at write time if taken)
    line_key: bool = False  # order lines found by (order_id, line_no), not by an id the company gave


@dataclass
class Prepared:
    mode: str
    plans: dict[str, TablePlan] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    previews: dict[str, pd.DataFrame] = field(default_factory=dict)
    where: dict[str, keys.Rows] = field(default_factory=dict)  # per table: the file and row of each position
    currency: str | None = None  # ISO 4217 code given for the company's amounts (None: keep what is stored)

    @property
    def errors(self) -> list[Fault]:
        return [f for f in self.faults if not f.warning]

    @property
    def ok(self) -> bool:
        return not self.errors

    def report(self, lang: str = "en") -> pd.DataFrame:
        """Every fault and warning as a table (file, table, row, column, value, problem, kind), in ``lang``."""
        return pd.DataFrame([{"file": f.file, "table": f.table, "row": f.row, "column": f.column, "value": f.value,
                              "problem": f.words(lang), "kind": KIND["warning" if f.warning else "fault"][lang]}
                             for f in self.faults],
                            columns=["file", "table", "row", "column", "value", "problem", "kind"])


def _existing_keys(engine: Engine, name: str) -> np.ndarray:
    if name not in inspect(engine).get_table_names():
        return np.array([], dtype=np.int64)
    with engine.connect() as conn:
        ids = conn.execute(text(f"SELECT id FROM {name}")).scalars().all()
    return np.asarray(ids, dtype=np.int64)


def prepare(engine: Engine, sources: list[Path | Upload], *, mode: str = "append", encoding: str = "auto",
            date_format: str | None = None, table_name: str | None = None,
            mapping: dict[str, dict[str, str]] | None = None, preview_rows: int = 5,
            currency: str | None = None) -> Prepared:
    """Read and check everything; write nothing. ``mapping``: per table, the company's header -> our column;
    ``currency``: the ISO 4217 code of the company's amounts, stored with the import."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    result = Prepared(mode)
    if currency is not None:
        result.currency = money.code(currency)
        if result.currency is None:
            result.faults.append(Fault("--currency", "dataset_info", None, None, currency, say("currency_unknown")))
    checked: dict[str, list[tuple[SheetCheck, dict]]] = {}
    for sheet, target in read_sources(sources, encoding=encoding, table_name=table_name):
        if target is None or target not in IMPORTABLE:
            result.faults.append(Fault(sheet.file, sheet.name, None, None, sheet.name,
                                       say("table_unknown", tables=", ".join(IMPORTABLE))))
            continue
        for row, column, value, words in sheet.faults:
            result.faults.append(Fault(sheet.file, target, row, column, value, words))
        for row, column, value, words in sheet.notes:
            result.faults.append(Fault(sheet.file, target, row, column, value, words, warning=True))
        if sheet.frame is None:
            continue
        if sheet.frame.empty:
            result.faults.append(Fault(sheet.file, target, None, None, "", say("sheet_no_rows")))
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
        plan = TablePlan(name, list(dict.fromkeys(c.file for c, _ in parts)), merged, sum(c.n for c, _ in parts),
                         given)
        plan.existing_keys = _existing_keys(engine, name)
        result.plans[name] = plan
    rows = result.where = {name: keys.Rows([(c.file, c.rows) for c, _ in parts]) for name, parts in checked.items()}
    keys.resolve(engine, result, rows)
    keys.number_lines(engine, result, rows)
    _check_keys(engine, result, checked, rows)
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
            array = empty.get(kind, pa.nulls(n, pa.string()) if kind in ("text", "key")
                              else np.full(n, None, dtype=object))
        filled.append(array if isinstance(array, pa.Array) else np.asarray(array))
    if len(filled) == 1:
        return filled[0]
    return pa.concat_arrays(filled) if kind in ("text", "key") else np.concatenate(filled)


def _check_sheet(check: SheetCheck, mapping: dict[str, str]) -> dict | None:
    columns = spec(check.table)
    known = {c.name: c for c in columns}
    rename = {}
    for header in check.frame.columns:
        ours = mapping[header] if header in mapping else normalise_header(header)
        if ours in known and ours not in rename.values():
            rename[header] = ours
        else:
            check.whole(str(header), say("column_unknown"), warning=True, value=str(header))
    frame = check.frame[list(rename)].rename(columns=rename)
    missing = [c.name for c in columns if c.required and c.name not in frame.columns]
    for name in missing:
        check.whole(name, say("column_missing"))
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
    return out


def _check_keys(engine: Engine, result: Prepared, checked: dict, rows: dict[str, keys.Rows]) -> None:
    """Keys twice in a file or across files, keys already in the database (append)."""
    clashes = {}
    for name, plan in result.plans.items():
        if "id" not in plan.columns:
            continue
        ids = np.asarray(plan.columns["id"], dtype=float)
        given = ~np.isnan(ids)
        shown = plan.columns.get("code", ids)
        offsets = np.cumsum([0] + [c.n for c, _ in checked[name]])
        file_index = np.searchsorted(offsets, np.arange(len(ids)), side="right")
        frame = pd.DataFrame({"id": ids, "file": file_index})
        within = frame.duplicated(["id", "file"]).to_numpy() & given
        if within.any():
            first = frame[given].drop_duplicates(["id", "file"]).reset_index()
            first_row = dict(zip(zip(first["id"], first["file"], strict=True), first["index"], strict=True))
            for index in np.flatnonzero(within):
                file, row = rows[name].where(int(index))
                _, first_at = rows[name].where(int(first_row[(ids[index], file_index[index])]))
                result.faults.append(Fault(file, name, row, "id", keys._texts(shown, _only(index, len(ids)))[0],
                                           say("duplicate_in_file", first=first_at)))
        if len(checked[name]) > 1:
            across = frame["id"].duplicated().to_numpy() & given & ~within
            result.faults.extend(rows[name].faults(name, across, "id", shown, say("duplicate_across_files")))
        if result.mode == "append" and len(plan.existing_keys):
            clashes[name] = np.isin(ids, plan.existing_keys) & given
    keys.already_there(result, rows, clashes)


def _only(index: int, n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[index] = True
    return mask


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
                                               say("replace_drops_keys", count=f"{len(lost):,}", child=child,
                                                   column=col.name)))
