"""Keys: whole numbers or the company's own codes, links between files resolved by them, order lines numbered.

Every importable table keeps a whole-number surrogate ``id``. Its key column is read as **codes** when any value is
not a whole number written plainly (``ALFKI``, ``00123``, ``C-7``, a line id ``10248-11``), or when the database
already holds codes for that table (once coded, always coded); the code is stored in ``code``, existing codes keep
their ids (so upsert finds its rows again) and new ones get ``max(id) + 1, ...``. Otherwise the keys are the ids
themselves and ``code`` stays NULL (numbers keep working exactly as before). A link to a keyed table
(:data:`data.importing.rules.KEYED`: ``customer_id``, ``order_id``, ``manager_id``, ...) resolves through the same
map, against the files and the rows already in the database.

Order lines without a line id of the company's are keyed by ``(order_id, line_no)``: the company's line number, or
the line's position in its order in the files; importing the same lines again finds them (upsert updates, append
refuses) instead of doubling them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Engine, inspect, text

from data.importing.messages import record, say
from data.importing.rules import IMPORTABLE, KEYED, Fault, spec

PLAIN_NUMBER = r"^[+-]?(?:0|[1-9][0-9]*)(?:\.0+)?$"  # a whole number as a number is written: no leading zeros
WHOLE_NUMBER = r"^[+-]?[0-9]+(?:\.0+)?$"  # any whole number (a link to a table keyed by numbers)
SUMMARY_OVER = 20  # more rows than this already in the database: one summary instead of a line per row


@dataclass
class Rows:
    """Where each row of a merged table came from: (file, spreadsheet row) for every position."""

    parts: list[tuple[str, np.ndarray]] = field(default_factory=list)  # file, its spreadsheet row numbers

    def where(self, index: int) -> tuple[str, int]:
        for file, rows in self.parts:
            if index < len(rows):
                return file, int(rows[index])
            index -= len(rows)
        raise IndexError(index)

    def faults(self, table: str, mask: np.ndarray, column: str, values, problem) -> list[Fault]:
        """One fault per row where ``mask``, with the value shown as the company wrote it."""
        out = []
        shown = _texts(values, mask)
        for index, value in zip(np.flatnonzero(mask), shown, strict=True):
            file, row = self.where(int(index))
            out.append(Fault(file, table, row, column, value, problem))
        return out


def _texts(values, mask: np.ndarray) -> list[str]:
    chosen = np.flatnonzero(mask)
    if isinstance(values, pa.Array | pa.ChunkedArray):
        picked = values.take(pa.array(chosen, type=pa.int64())).to_pylist()
    else:
        picked = np.asarray(values, dtype=object)[chosen].tolist()
    out = []
    for value in picked:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            out.append("")
        elif isinstance(value, float) and value.is_integer():
            out.append(str(int(value)))
        else:
            out.append(str(value))
    return out


def _matches(values: pa.Array, pattern: str) -> np.ndarray:
    """Which values match ``pattern`` (RE2, in C); False where missing."""
    return pc.fill_null(pc.match_substring_regex(values, pattern), False).to_numpy(zero_copy_only=False)


def _numbers(values: pa.Array, ok: np.ndarray) -> np.ndarray:
    """``values`` as floats where ``ok``, NaN elsewhere (whole numbers: exact up to 2**53)."""
    chosen = pc.if_else(pa.array(ok), values, pa.scalar(None, pa.string()))
    return np.array(pc.cast(chosen, pa.float64()).to_numpy(zero_copy_only=False))  # writable


def _present(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _with_codes(engine: Engine) -> set[str]:
    """The tables of the database that have a ``code`` column (an older database gains it when written)."""
    inspector = inspect(engine)
    return {name for name in inspector.get_table_names()
            if any(c["name"] == "code" for c in inspector.get_columns(name))}


def _database_keys(engine: Engine, name: str, present: set[str], coded: set[str]) -> pd.DataFrame:
    """The rows of ``name`` already in the database: ``id`` and ``key`` (the code, else the id as text)."""
    if name not in present:
        return pd.DataFrame({"id": np.array([], dtype=np.int64), "key": np.array([], dtype=object)})
    code = "code" if name in coded else "NULL"
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT id, {code} FROM {name}")).all()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    keys = np.array([r[1] if r[1] is not None else str(r[0]) for r in rows], dtype=object)
    return pd.DataFrame({"id": ids, "key": keys})


def _has_codes(engine: Engine, name: str, coded: set[str]) -> bool:
    if name not in coded:
        return False
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT 1 FROM {name} WHERE code IS NOT NULL LIMIT 1")).first() is not None


@dataclass
class KeyMap:
    """How one keyed table's keys read: as numbers, or as codes with their ids."""

    coded: bool
    lookup: pd.Series | None = None  # code -> id, every code the links may name (files and database)


def resolve(engine: Engine, result, rows: dict[str, Rows]) -> dict[str, KeyMap]:
    """Turn every key column of ``result.plans`` from text into ids, in place; faults for links to nothing.

    The tables resolved are the keyed ones (other rows link to them) and every table the files give. A coded
    table's plan gains ``code`` (None for rows matched to a database row that has none) and ``new_from``
    (the first id given to a new code), so the writer can move new ids past rows another import added meanwhile.
    """
    present, with_codes = _present(engine), _with_codes(engine)
    maps: dict[str, KeyMap] = {}
    for name in [t for t in IMPORTABLE if t in KEYED or t in result.plans]:
        plan = result.plans.get(name)
        keys = plan.columns.get("id") if plan is not None else None
        coded = _has_codes(engine, name, with_codes)
        if keys is not None and not coded:
            given = ~pc.is_null(keys).to_numpy(zero_copy_only=False)
            coded = bool((given & ~_matches(keys, PLAIN_NUMBER)).any())
        if not coded:
            maps[name] = KeyMap(False)
            if keys is not None:
                plan.columns["id"] = _numbers(keys, _matches(keys, PLAIN_NUMBER))
            continue
        stored = _database_keys(engine, name, present, with_codes)
        lookup = pd.Series(stored["id"].to_numpy(), index=pd.Index(stored["key"].to_numpy(), dtype=object))
        lookup = lookup[~lookup.index.duplicated()]
        if keys is not None:
            codes = pd.Series(keys.to_numpy(zero_copy_only=False), dtype=object)
            ids = np.array(lookup.reindex(codes.to_numpy()).to_numpy(dtype=float))
            fresh = codes.notna().to_numpy() & np.isnan(ids)
            new_codes = pd.unique(codes[fresh].to_numpy())
            start = int(stored["id"].max()) + 1 if len(stored) else 1
            numbered = pd.Series(np.arange(start, start + len(new_codes), dtype=float), index=new_codes)
            ids[fresh] = numbered.reindex(codes[fresh].to_numpy()).to_numpy()
            plan.columns["id"] = ids
            # rows matched to a database row without a code keep it without one (its key is its id)
            uncoded = set(stored.loc[stored["key"] == stored["id"].astype(str), "key"])
            kept = codes.where(~codes.isin(uncoded), None) if uncoded else codes
            plan.columns["code"] = pa.array(kept.to_numpy(), type=pa.string(), from_pandas=True)
            plan.new_from = start
            ours = pd.Series(numbered.to_numpy(), index=pd.Index(new_codes, dtype=object))
            replaced = result.mode == "replace"
            known = pd.Series(ids[codes.notna().to_numpy()], index=pd.Index(codes.dropna().to_numpy(), dtype=object))
            lookup = pd.concat([known, ours] if replaced else [known, ours, lookup])
            lookup = lookup[~lookup.index.duplicated()]
        maps[name] = KeyMap(True, lookup)
    known: dict[str, np.ndarray] = {}
    for name, plan in result.plans.items():
        for col in spec(name):
            if col.kind != "key" or col.name == "id" or col.name not in plan.columns:
                continue
            values = plan.columns[col.name]
            given = ~pc.is_null(values).to_numpy(zero_copy_only=False)
            parent = maps.get(col.parent, KeyMap(False))
            if parent.coded:
                resolved = np.array(parent.lookup.reindex(values.to_numpy(zero_copy_only=False)).to_numpy(dtype=float))
            else:
                resolved = _numbers(values, _matches(values, WHOLE_NUMBER))
                if col.parent not in known:
                    known[col.parent] = _known_ids(engine, result, col.parent, present)
                resolved[~np.isin(resolved, known[col.parent])] = np.nan
            lost = given & np.isnan(resolved)
            if lost.any():
                result.faults.extend(rows[name].faults(name, lost, col.name, values,
                                                       say("points_to_nothing", parent=record(col.parent))))
            plan.columns[col.name] = resolved
    return maps


def _known_ids(engine: Engine, result, parent: str, present: set[str]) -> np.ndarray:
    """The ids a link to ``parent`` may name: the files' (when given) and, unless the files replace the table,
    the database's."""
    plan = result.plans.get(parent)
    known = [np.asarray(plan.columns["id"], dtype=float)] if plan is not None and "id" in plan.columns else []
    if not (result.mode == "replace" and plan is not None) and parent in present:
        with engine.connect() as conn:
            known.append(np.asarray(conn.execute(text(f"SELECT id FROM {parent}")).scalars().all(), dtype=float))
    return np.concatenate(known) if known else np.array([])


def number_lines(engine: Engine, result, rows: dict[str, Rows]) -> None:
    """Order lines: ``line_no`` (given, or the position in its order) and the ids of lines already stored.

    When the company gives line ids but no line numbers, a line already stored keeps its number and a new one is
    numbered after the largest of its order (so an upsert of some lines never takes another line's number)."""
    plan = result.plans.get("order_line")
    if plan is None or "order_id" not in plan.columns:
        return
    orders = np.asarray(plan.columns["order_id"], dtype=float)
    own_ids = "id" in plan.columns and not np.isnan(np.asarray(plan.columns["id"], dtype=float)).all()
    if "line_no" not in plan.columns:
        stored = _stored_lines(engine) if own_ids and result.mode != "replace" else None
        plan.columns["line_no"] = _line_numbers(orders, np.asarray(plan.columns["id"], dtype=float), stored) \
            if stored is not None else _positions(orders)
    numbers = np.asarray(plan.columns["line_no"], dtype=float)
    pairs = pd.DataFrame({"order": orders, "line": numbers})
    twice = pairs.duplicated(keep="first").to_numpy() & ~np.isnan(orders) & ~np.isnan(numbers)
    if twice.any():
        result.faults.extend(rows["order_line"].faults("order_line", twice, "line_no", numbers,
                                                       say("line_twice")))
    if own_ids:
        return  # the company's own line ids are the key
    plan.columns["id"] = np.full(plan.rows, np.nan)
    plan.line_key = True
    if "order_line" not in _present(engine):
        return
    with engine.connect() as conn:
        stored = pd.DataFrame(conn.execute(text("SELECT id, order_id, line_no FROM order_line "
                                                "WHERE line_no IS NOT NULL")).all(),
                              columns=["id", "order", "line"])
    if stored.empty:
        return
    stored = stored.astype({"order": float, "line": float})
    matched = pairs.merge(stored, on=["order", "line"], how="left")["id"].to_numpy(dtype=float)
    plan.columns["id"] = matched
    plan.existing_keys = np.unique(matched[~np.isnan(matched)]).astype(np.int64)


def _positions(orders: np.ndarray) -> np.ndarray:
    """Each line's position in its order, in the files' order (1, 2, ...)."""
    return pd.Series(orders).groupby(orders, sort=False, dropna=False).cumcount().to_numpy().astype(float) + 1


def _stored_lines(engine: Engine) -> pd.DataFrame | None:
    """The numbered lines already stored (``id``, ``order``, ``line``); None when there are none."""
    if "order_line" not in _present(engine):
        return None
    with engine.connect() as conn:
        found = conn.execute(text("SELECT id, order_id, line_no FROM order_line WHERE line_no IS NOT NULL")).all()
    if not found:
        return None
    return pd.DataFrame(found, columns=["id", "order", "line"]).astype(float)


def _line_numbers(orders: np.ndarray, ids: np.ndarray, stored: pd.DataFrame) -> np.ndarray:
    """Line numbers for lines keyed by their ids: a stored line of the same order keeps its number, the others
    follow the largest number stored for their order, in the files' order."""
    by_id = stored.drop_duplicates("id").set_index("id")
    was = by_id.reindex(ids)
    numbers = np.where(was["order"].to_numpy() == orders, was["line"].to_numpy(), np.nan)
    new = np.isnan(numbers)
    largest = stored.groupby("order")["line"].max()
    after = pd.Series(orders[new]).map(largest).fillna(0).to_numpy()
    numbers[new] = after + _positions(orders[new])
    return numbers


def already_there(result, rows: dict[str, Rows], clashes: dict[str, np.ndarray]) -> None:
    """Append: keys already in the database, a fault per row; many of them (the same files imported again): one
    summary for the whole import, naming each table."""
    total = sum(int(mask.sum()) for mask in clashes.values())
    if not total:
        return
    if total <= SUMMARY_OVER:
        for name, mask in clashes.items():
            plan = result.plans[name]
            column = "line_no" if plan.line_key else "id"
            shown = plan.columns["code"] if "code" in plan.columns else plan.columns[column]
            result.faults.extend(rows[name].faults(name, mask, column, shown, say("key_in_database")))
        return
    named = {name: mask for name, mask in clashes.items() if mask.any()}
    detail = {lang: ("、" if lang == "zh" else ", ").join(
        f"{record(name)[lang]} {int(mask.sum()):,}/{result.plans[name].rows:,}" for name, mask in named.items())
        for lang in ("en", "zh")}
    first = next(iter(named))
    file, row = rows[first].where(int(np.flatnonzero(named[first])[0]))
    files = ", ".join(dict.fromkeys(f for name in named for f in result.plans[name].files))
    result.faults.append(Fault(files, ", ".join(named), None, None, "",
                               say("keys_in_database_many", count=f"{total:,}", detail=detail,
                                   first=f"{file} {row}")))

