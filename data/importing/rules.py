"""What each importable table accepts, and the checks of one sheet's text, vectorised with pandas.

A column's kind comes from the SQLModel table; which columns a company must give is the minimum
of issue 9 for the core tables and, for the others, the columns without which a row means nothing
(the NOT NULL columns of the model). Every problem becomes a :class:`Fault` in a clerk's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Numeric, String, Table, TypeDecorator

from data import models  # noqa: F401  (registers the tables)
from data.db import tables
from data.importing.messages import KIND, Said, say

# the business tables a company can import, parents before children
IMPORTABLE = ("employee", "customer", "customer_owner_change", "product", "sales_order", "order_line", "campaign",
              "campaign_contact", "lead", "opportunity", "opportunity_stage_change", "service_ticket",
              "survey_response", "training_record", "employee_survey", "crm_activity",
              # initiatives as files (issue 20), with the objectives and KPIs each should move
              "initiative", "initiative_objective", "initiative_kpi")
# tables other rows point to: their ``id`` must be given; the others' ids are numbered on import when absent. Every
# importable table's ``id`` is a key all the same: a whole number, or the company's own text kept in ``code``
KEYED = {"employee", "customer", "product", "sales_order", "campaign", "lead", "opportunity", "initiative"}
# issue 9's minimum for the core tables (everything else optional)
MINIMUM = {
    "customer": ("id",),
    "employee": ("id", "name"),
    "product": ("id", "name"),
    "sales_order": ("id", "customer_id", "ordered_on"),
    "order_line": ("order_id", "product_id", "quantity", "unit_price"),
}
# value ranges: (low, high, inclusive low) in plain words
RANGES = {
    ("order_line", "quantity"): (0, None, False),
    ("order_line", "discount"): (0, 1, True),
    ("service_ticket", "csat"): (1, 5, True),
    ("survey_response", "nps"): (0, 10, True),
    ("survey_response", "csat"): (1, 5, True),
    ("employee_survey", "goal_alignment"): (1, 5, True),
    ("employee_survey", "engagement"): (1, 5, True),
    ("employee_survey", "knowledge_sharing"): (1, 5, True),
    ("training_record", "hours"): (0, None, True),
    ("order_line", "line_no"): (1, None, True),
    ("initiative", "percent_complete"): (0, 100, True),
}
TRUE = {"true", "t", "yes", "y", "1", "是", "真"}
FALSE = {"false", "f", "no", "n", "0", "否", "假"}

_INT = re.compile(r"^[+-]?\d+(?:\.0+)?$")
_NUM = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$"
_ISO = r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
_STAMP = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?"
_SLASH = r"^(\d{4})/(\d{1,2})/(\d{1,2})$"
_COMPACT = r"^(\d{4})(\d{2})(\d{2})$"
_DMY = r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"


@dataclass(frozen=True)
class Fault:
    file: str
    table: str
    row: int | None  # as a spreadsheet shows it: the header is row 1
    column: str | None
    value: str
    problem: str  # in English (the command line); ``said`` has it in every language
    warning: bool = False
    said: Said | None = None

    def __post_init__(self) -> None:
        if isinstance(self.problem, Said):  # given as a message: keep it, and its English as the problem
            object.__setattr__(self, "said", self.problem)
            object.__setattr__(self, "problem", self.problem.text("en"))

    def words(self, lang: str = "en") -> str:
        """What is wrong, in ``lang`` ("en" or "zh")."""
        return self.said.text(lang) if self.said is not None else self.problem

    def line(self, lang: str = "en") -> str:
        """One line of the command line's report, in ``lang``."""
        value = f" {self.value!r}" if self.value != "" else ""
        kind = KIND["warning" if self.warning else "fault"][lang]
        if lang == "zh":
            where = (self.file + (f" 第 {self.row} 行" if self.row else "")
                     + (f"，{self.column} 列" if self.column else ""))
            return f"{kind}：{where}（{self.table}）：{value} {self.words(lang)}"
        where = f"{self.file}" + (f" row {self.row}" if self.row else "") + (f", column {self.column}"
                                                                               if self.column else "")
        return f"{kind}: {where} ({self.table}):{value} {self.problem}"


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str  # key | int | money | decimal | float | bool | date | datetime | text
    required: bool
    scale: int | None = None
    max_length: int | None = None
    parent: str | None = None  # table a foreign key points to


def _kind(column) -> tuple[str, int | None]:
    kind = column.type
    if isinstance(kind, TypeDecorator):
        kind = kind.impl
    if isinstance(kind, DateTime):
        return "datetime", None
    if isinstance(kind, Date):
        return "date", None
    if isinstance(kind, Boolean):
        return "bool", None
    if isinstance(kind, Integer):
        return "int", None
    if isinstance(kind, Float):
        return "float", None
    if isinstance(kind, Numeric):
        return ("money" if kind.scale == 2 else "decimal"), kind.scale
    if isinstance(kind, String):
        return "text", None
    raise TypeError(f"no import kind for {column.type!r}")


def table(name: str) -> Table:
    return next(t for t in tables() if t.name == name)


# columns the importer fills itself: a table's ``code`` is its text key as given in ``id``
INTERNAL = {"code"}
KEY_MAX_LENGTH = 64


def spec(name: str) -> list[ColumnSpec]:
    """The columns of an importable table, in the model's order. A key (the ``id`` of an importable table, a link
    to a keyed one) is of kind ``key``: text until :mod:`data.importing.keys` tells whole numbers from codes."""
    out = []
    for column in table(name).columns:
        if column.name in INTERNAL:
            continue
        kind, scale = _kind(column)
        parent = next(iter(column.foreign_keys)).column.table.name if column.foreign_keys else None
        if (column.primary_key and name in IMPORTABLE) or parent in KEYED:
            kind = "key"
        if name in MINIMUM:
            required = column.name in MINIMUM[name]
        elif column.primary_key:
            required = name in KEYED
        else:
            required = not column.nullable and column.default is None and column.server_default is None
        out.append(ColumnSpec(column.name, kind, required, scale, getattr(column.type, "length", None), parent))
    return out


def ordered(names) -> list[str]:
    """Table names in load order (parents first)."""
    return [t for t in IMPORTABLE if t in set(names)]


def normalise_header(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(text).strip().lower())


def _numbers(text: pd.Series, ok: np.ndarray) -> np.ndarray:
    """The values of ``text`` where ``ok`` (checked numerals) as floats, NaN elsewhere; parsed by Arrow in C."""
    chosen = pa.array(text.where(ok, None), type=pa.string(), from_pandas=True)
    return pc.cast(chosen, pa.float64()).to_numpy(zero_copy_only=False)


def _arrow_text(text: pd.Series) -> pa.Array:
    """Text kept as one Arrow array (compact: no Python object per value); missing is null."""
    values = pa.array(text, type=pa.string(), from_pandas=True)
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


class SheetCheck:
    """Collects the faults of one sheet and converts its columns to typed arrays."""

    def __init__(self, file: str, table_name: str, frame: pd.DataFrame, date_format: str | None = None):
        self.file, self.table, self.frame, self.date_format = file, table_name, frame, date_format
        self.faults: list[Fault] = []
        self.n = len(frame)
        self.rows = np.arange(self.n) + 2  # spreadsheet row numbers

    def fault(self, mask, column: str | None, values, problem: str | Said, *, warning: bool = False) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        rows = self.rows[mask]
        vals = np.asarray(values, dtype=object)[mask] if values is not None else [""] * len(rows)
        said = problem if isinstance(problem, Said) else None
        english = str(problem)
        self.faults.extend(Fault(self.file, self.table, int(r), column, str(v), english, warning, said)
                           for r, v in zip(rows, vals, strict=True))

    def whole(self, column: str | None, problem: str | Said, *, warning: bool = False, value: str = "") -> None:
        self.faults.append(Fault(self.file, self.table, None, column, value, problem, warning))

    # --- conversions: each returns the typed array (NaN / NaT where missing) ----------------------
    def convert(self, col: ColumnSpec, text: pd.Series) -> np.ndarray | pa.Array:
        stripped = text.str.strip()
        missing = (stripped == "").to_numpy()
        if col.required:
            self.fault(missing, col.name, text, say("required_empty"))
        if col.kind == "key":  # a whole number or the company's own text key: told apart for the whole table
            self.fault((stripped.str.len() > KEY_MAX_LENGTH).to_numpy(), col.name, text,
                       say("too_long", length=KEY_MAX_LENGTH))
            return _arrow_text(stripped.where(~missing, None))
        if col.kind == "text":
            if col.max_length:
                self.fault((text.str.len() > col.max_length).to_numpy(), col.name, text,
                           say("too_long", length=col.max_length))
            return _arrow_text(text.where(~missing, None))
        if col.kind == "int":
            ok = stripped.str.fullmatch(_INT).fillna(False).to_numpy()
            self.fault(~ok & ~missing, col.name, text, say("not_whole_number"))
            return _numbers(stripped, ok)
        if col.kind in ("money", "decimal", "float"):
            ok = stripped.str.fullmatch(_NUM).fillna(False).to_numpy()
            self.fault(~ok & ~missing, col.name, text, say("not_number"))
            if col.scale is not None:
                fits = stripped.str.fullmatch(rf"^[+-]?\d*(?:\.\d{{0,{col.scale}}}0*)?$").fillna(False).to_numpy()
                self.fault(ok & ~fits, col.name, text, say("too_many_decimals", scale=col.scale))
            return _numbers(stripped, ok)
        if col.kind == "bool":
            lower = stripped.str.lower()
            yes, no = lower.isin(TRUE).to_numpy(), lower.isin(FALSE).to_numpy()
            self.fault(~yes & ~no & ~missing, col.name, text, say("not_yes_no"))
            values = np.full(len(text), None, dtype=object)
            values[yes], values[no] = True, False
            return values
        if col.kind in ("date", "datetime"):
            return self._dates(col, text, stripped, missing)
        raise TypeError(col.kind)

    def _dates(self, col: ColumnSpec, text: pd.Series, stripped: pd.Series, missing: np.ndarray) -> np.ndarray:
        fast = self._iso_dates(col, text, stripped, missing)
        if fast is not None:
            return fast
        n = len(stripped)
        year, month, day = (np.full(n, np.nan) for _ in range(3))
        matched = np.zeros(n, dtype=bool)
        for pattern in (_ISO, _SLASH, _COMPACT):
            parts = stripped.str.extract(pattern)
            hit = parts[0].notna().to_numpy() & ~matched
            for target, k in ((year, 0), (month, 1), (day, 2)):
                target[hit] = pd.to_numeric(parts[k][hit])
            matched |= hit
        short = stripped.str.extract(_DMY)
        hit = short[0].notna().to_numpy() & ~matched
        if hit.any():
            first, second = pd.to_numeric(short[0]).to_numpy(), pd.to_numeric(short[1]).to_numpy()
            order = self._day_month_order(col, stripped, hit, first, second)
            if order is not None:
                d, m = (first, second) if order == "dmy" else (second, first)
                day[hit], month[hit], year[hit] = d[hit], m[hit], pd.to_numeric(short[2]).to_numpy()[hit]
                matched |= hit
            else:
                missing = missing | hit  # reported once for the column
        if self.date_format:
            rest = ~matched & ~missing
            parsed = pd.to_datetime(stripped.where(rest, None), format=self.date_format, errors="coerce")
            ok = parsed.notna().to_numpy() & rest
            year[ok], month[ok], day[ok] = parsed.dt.year[ok], parsed.dt.month[ok], parsed.dt.day[ok]
            matched |= ok
        self.fault(~matched & ~missing, col.name, text,
                   say("not_date"))
        frame = pd.DataFrame({"year": year, "month": month, "day": day})
        frame.loc[~matched] = np.nan
        stamps = pd.to_datetime(frame, errors="coerce")
        self.fault(matched & stamps.isna().to_numpy(), col.name, text, say("not_calendar_date"))
        days = stamps.to_numpy(dtype="datetime64[D]")
        if col.kind == "date":
            return days
        times = pd.to_datetime(stripped.where(stripped.str.fullmatch(_ISO).fillna(False), None), format="ISO8601",
                               utc=True, errors="coerce")
        exact = times.dt.tz_convert(None).to_numpy(dtype="datetime64[s]")
        plain = days.astype("datetime64[s]")
        return np.where(np.isnat(exact), plain, exact)

    def _iso_dates(self, col, text, stripped, missing) -> np.ndarray | None:
        """The common case, vectorised in C: every value an ISO date (or timestamp, for a timestamp column)."""
        day = stripped.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False).to_numpy()
        if (day | missing).all():
            parsed = pd.to_datetime(stripped.where(day, None), format="%Y-%m-%d", errors="coerce")
            self.fault(day & parsed.isna().to_numpy(), col.name, text, say("not_calendar_date"))
            return parsed.to_numpy(dtype="datetime64[D]" if col.kind == "date" else "datetime64[s]")
        if col.kind != "datetime":
            return None
        stamp = stripped.str.fullmatch(_STAMP).fillna(False).to_numpy()
        if not (stamp | missing).all():
            return None
        parsed = pd.to_datetime(stripped.where(stamp, None), format="ISO8601", utc=True, errors="coerce")
        self.fault(stamp & parsed.isna().to_numpy(), col.name, text, say("not_calendar_time"))
        return parsed.dt.tz_convert(None).to_numpy(dtype="datetime64[s]")

    def _day_month_order(self, col, stripped, hit, first, second) -> str | None:
        fmt = self.date_format or ""
        if fmt.startswith("%d"):
            return "dmy"
        if fmt.startswith("%m"):
            return "mdy"
        day_first = (first[hit] > 12).any()
        month_first = (second[hit] > 12).any()
        if day_first != month_first:
            return "dmy" if day_first else "mdy"
        first = int(np.flatnonzero(hit)[0])  # the first such row, so the page and the report can point to it
        self.faults.append(Fault(self.file, self.table, int(self.rows[first]), col.name, str(stripped.iloc[first]),
                                 say("ambiguous_date")))
        return None

    def ranges(self, name: str, values: np.ndarray, text: pd.Series, kind: str) -> None:
        if kind == "money" or (kind == "decimal" and (self.table, name) not in RANGES):
            self.fault(values < 0, name, text, say("negative"))
        bounds = RANGES.get((self.table, name))
        if bounds is None:
            return
        low, high, inclusive = bounds
        numbers = np.asarray(values, dtype=float)
        bad = (numbers < low) if inclusive else (numbers <= low)
        if high is not None:
            bad |= numbers > high
        words = say("at_least", low=low) if inclusive else say("more_than", low=low)
        if high is not None:
            words = say("between", low=low, high=high)
        self.fault(bad & ~np.isnan(numbers), name, text, words)
