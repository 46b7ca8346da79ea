"""Exports as numbers: Excel workbooks and CSV files a spreadsheet can compute with, and that cannot run what a cell
holds.

- Excel: numbers are numbers, each with a number format by its unit (money with the company's currency symbol, %,
  days, hours, counts); changes signed; dates as dates. Above the table, a header block says what the numbers are:
  period, filters, data as-of, currency. Text cells are typed as text (``s``), so no formula can run from one and no
  leading apostrophe is needed (a phone number ``+86 138 ...`` reads as typed).
- CSV: UTF-8 with a byte-order mark (Excel opens Chinese right), CRLF rows; the formula guard (OWASP "CSV
  injection": a leading ``'`` on text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is put on
  text only, never on numbers or changes; whole numbers are written without ``.0``.

Units (``units``: a column's unit, or one unit per row): ``currency``, ``percent`` (a fraction), ``points``
(percentage points), ``count``, ``days``, ``hours``, ``score``, ``ratio``; a ``+`` before it (``+currency``) makes
it a signed change."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from metrics.base.format import UNIT_WORDS, currency_symbol
from reports.texts import text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Units = dict[str, str | Sequence[str | None]]


@dataclass(frozen=True)
class About:
    """The header block above an exported table: what, for which period and filters, from data as of when."""

    lang: str = "en"
    title: str | None = None
    period: str | None = None
    filters: str | None = None
    as_of: date | None = None
    currency: str | None = None
    notes: tuple[str, ...] = ()


def neutralise_cell(value):
    """``value`` with a leading ``'`` when it is text a spreadsheet would read as a formula (CSV only)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def is_text(column: pd.Series) -> bool:
    return column.dtype == object or isinstance(column.dtype, pd.StringDtype)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without list-valued columns (sparklines), which no file format holds."""
    listy = [c for c in frame.columns if is_text(frame[c]) and frame[c].map(lambda v: isinstance(v, list)).any()]
    return frame.drop(columns=listy)


def number_format(unit: str | None, lang: str = "en", currency: str | None = None) -> str | None:
    """The Excel number format of ``unit`` (``+`` first: a signed change); None: General."""
    if not unit:
        return None
    signed, unit = unit.startswith("+"), unit.lstrip("+")
    words = {u: UNIT_WORDS[u]["zh" if lang == "zh" else "en"] for u in UNIT_WORDS}
    symbol = currency_symbol(currency, lang).replace('"', "")
    body = {"currency": f'"{symbol}"#,##0.00', "percent": "0.0%", "points": f'0.0" {words["points"]}"',
            "count": "#,##0", "days": f'0.0" {words["days"]}"', "hours": f'0.0" {words["hours"]}"',
            "score": "0.00", "ratio": "0.00"}.get(unit)
    if body is None:
        return None
    return f"+{body};-{body};{body}" if signed else f"{body};-{body}"


def _value(value):
    """A cell's value as Excel holds it: None for unknown (never 0 or "nan"), Python numbers, naive UTC times."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime) and value.tzinfo is not None:  # Excel has no time zones: written in UTC
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _unit_of(units: Units | None, column, row: int) -> str | None:
    unit = (units or {}).get(column)
    if unit is None or isinstance(unit, str):
        return unit
    return unit[row]


def header_rows(about: About) -> list[tuple[str, object]]:
    """(label, value) rows of the header block; a value None is left out."""
    lang = about.lang
    rows = [(text("period", lang), about.period), (text("filters", lang), about.filters),
            (text("as_of", lang), about.as_of), (text("currency", lang), about.currency)]
    return [(label, value) for label, value in rows if value is not None]


def excel_bytes(frame: pd.DataFrame, *, sheet: str, units: Units | None = None, about: About | None = None,
                fills: dict[str, Sequence[str | None]] | None = None, widths: dict[str, float] | None = None) -> bytes:
    """One sheet: the header block (``about``), then the table's headers and rows. ``units``: per column, a unit or
    one per row (module docstring); ``fills``: per column, a fill colour (hex) per row; ``widths``: column widths."""
    shown = plain(frame)
    lang = about.lang if about else "en"
    currency = about.currency if about else None
    book = Workbook(write_only=True)
    ws = book.create_sheet(title=sheet_name(sheet))
    bold = Font(bold=True)

    def cell(value, *, fmt: str | None = None, font: Font | None = None, fill: str | None = None) -> WriteOnlyCell:
        value = _value(value)
        c = WriteOnlyCell(ws)
        if isinstance(value, str):
            c.value = value
            c.data_type = "s"  # text, whatever it starts with: never a formula
        else:
            c.value = value
            if isinstance(value, datetime):
                c.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, date):
                c.number_format = "yyyy-mm-dd"
            elif fmt and isinstance(value, int | float) and not isinstance(value, bool):
                c.number_format = fmt
        if font:
            c.font = font
        if fill:
            argb = "FF" + fill.lstrip("#").upper()  # opaque
            c.fill = PatternFill("solid", start_color=argb, end_color=argb)
        return c

    for i, column in enumerate(shown.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = (widths or {}).get(column, _width(shown[column], column))
    # the table's header row: below the block (title, its rows, notes, a blank row); set before any row is written
    # (a write-only sheet writes its view with the first row)
    top = 1 if about is None else 3 + len(header_rows(about)) + len(about.notes)
    ws.freeze_panes = f"A{top + 1}"
    if len(shown.columns):
        ws.auto_filter.ref = f"A{top}:{get_column_letter(len(shown.columns))}{top + max(len(shown), 1)}"
    if about is not None:
        ws.append([cell(about.title or text("export_title", lang), font=Font(bold=True, size=13))])
        for label, value in header_rows(about):
            ws.append([cell(label, font=bold), cell(value)])
        for note in about.notes:
            ws.append([cell(note)])
        ws.append([])
    ws.append([cell(str(c), font=bold) for c in shown.columns])
    formats = {c: number_format(u, lang, currency) for c, u in (units or {}).items() if isinstance(u, str)}
    for r, values in enumerate(shown.itertuples(index=False, name=None)):
        ws.append([cell(v, fmt=formats.get(c) if c in formats else number_format(_unit_of(units, c, r), lang,
                                                                                 currency),
                        fill=(fills or {}).get(c, [None] * len(shown))[r]) for c, v in zip(shown.columns, values,
                                                                                        strict=True)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _width(column: pd.Series, name) -> float:
    sample = [str(v) for v in column.head(200) if v is not None]
    longest = max([len(str(name)), *(len(s) for s in sample)]) if sample else len(str(name))
    wide = any(ord(ch) > 0x2E80 for ch in str(name) + "".join(sample[:20]))  # CJK: two columns a character
    return float(min(60, max(8, longest * (1.8 if wide else 1.1) + 2)))


def sheet_name(name: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31]
    return cleaned or "data"


def csv_text(value, unit: str | None = None):
    """A number as CSV text: whole numbers without ``.0``, money to the cent, others to 10 significant digits;
    unknown as an empty cell. Anything else as it is."""
    value = _value(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, int):
        return str(value)
    if unit and unit.lstrip("+") == "currency":
        value = round(value, 2)
        return str(int(value)) if value.is_integer() else f"{value:.2f}"
    shown = f"{value:.10g}"
    return shown if "e" not in shown else repr(value)


def csv_bytes(frame: pd.DataFrame, *, units: Units | None = None) -> bytes:
    """The table as CSV (module docstring): numbers as numbers, the formula guard on text and headers only."""
    shown = plain(frame)
    out = pd.DataFrame(index=shown.index)
    for column in shown.columns:
        series = shown[column]
        if is_text(series):
            out[column] = [neutralise_cell(v) if isinstance(v, str) else csv_text(v, _unit_of(units, column, r))
                           for r, v in enumerate(series)]
        else:
            out[column] = [csv_text(v, _unit_of(units, column, r)) for r, v in enumerate(series)]
        out[column] = out[column].astype(object)
    out.columns = [neutralise_cell(str(c)) for c in shown.columns]
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
