"""Reading import files into frames of text: encodings, delimiters, workbooks.

Every value comes out as text (empty text for an empty cell), so one set of rules in
:mod:`data.importing.rules` checks CSV and Excel alike. A frame's row ``i`` is spreadsheet row ``i + 2``
(the header is row 1).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from data.importing import limits
from data.importing.limits import max_bytes
from data.importing.messages import Said, say

BOM = b"\xef\xbb\xbf"
UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}


@dataclass
class Sheet:
    """One table's worth of text read from a file (a CSV file or one sheet of a workbook)."""

    file: str
    name: str  # file stem or sheet name: the table unless told otherwise
    frame: pd.DataFrame | None
    faults: list[tuple[int | None, str | None, str, Said]] = field(default_factory=list)  # row, column, value, words
    encoding: str | None = None
    notes: list[tuple[int | None, str | None, str, Said]] = field(default_factory=list)  # warnings, same shape


class ReadError(Exception):
    """A file that cannot be read at all; the message says why in plain words."""

    def __init__(self, said: Said):
        super().__init__(str(said))
        self.said = said


def decode(raw: bytes, encoding: str = "auto") -> tuple[str, str]:
    """Text of ``raw`` and the encoding used: BOM, else strict UTF-8, else strict GB18030."""
    if encoding and encoding != "auto":
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as error:
            raise ReadError(say("file_read_as", encoding=encoding, error=error)) from None
    for mark, name in UTF16_BOMS.items():
        if raw.startswith(mark):
            return _utf16(raw[len(mark):], name)
    sniffed = _utf16_without_mark(raw[:4096])
    if sniffed:
        return _utf16(raw, sniffed)
    if raw.startswith(BOM):
        try:
            return raw[len(BOM):].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise ReadError(say("file_bom_not_utf8", byte=error.start)) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise ReadError(say("file_not_text")) from None


def _utf16(raw: bytes, name: str) -> tuple[str, str]:
    try:
        return raw.decode(name), name
    except UnicodeDecodeError:
        raise ReadError(say("file_not_text")) from None


def _utf16_without_mark(head: bytes) -> str | None:
    """UTF-16 saved without a byte-order mark: text of mostly Latin letters has a zero in every other byte."""
    half = len(head) // 2
    if half < 2:
        return None
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def delimiter(text: str) -> str:
    """``,``, ``;`` or tab: the one the header line uses most (outside quotes)."""
    end = text.find("\n")
    first = text[:end] if end >= 0 else text
    counts = {}
    for candidate in (",", ";", "\t"):
        try:
            counts[candidate] = len(next(csv.reader([first], delimiter=candidate))) - 1
        except (csv.Error, StopIteration):
            counts[candidate] = 0
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] > 0 else ","


def read_csv_text(raw: bytes, encoding: str = "auto") -> tuple[pd.DataFrame, str, list]:
    """A frame of text from CSV bytes, the encoding used and notes on the header (warnings). The header's width
    and the file's lines are checked against the limits before the file is parsed."""
    text, used = decode(raw, encoding)
    if not text or text.isspace():
        raise ReadError(say("file_empty"))
    end = text.find("\n")
    first = (text[:end] if end >= 0 else text).rstrip("\r")
    sep = delimiter(first)
    header = next(csv.reader([first], delimiter=sep), [])
    if said := limits.columns_fault(len(header)):
        raise ReadError(said)
    if said := limits.rows_fault(text.count("\n") - (1 if text.endswith("\n") else 0)):
        raise ReadError(said)
    keep, names, notes = unique_header(header)
    if used == "utf-8":
        data = raw
    elif used == "utf-8-sig":
        data = raw[len(BOM):]
    else:
        data = text.encode("utf-8")
    del text
    table = _read_with_arrow(data, sep, len(header))
    if table is None:
        try:
            frame = pd.read_csv(io.BytesIO(data), sep=sep, dtype=str, keep_default_na=False, na_filter=False,
                                encoding="utf-8", engine="c", skipinitialspace=False, header=0,
                                names=[f"f{i}" for i in range(len(header))])
        except (pd.errors.ParserError, ValueError) as error:
            raise ReadError(say("file_not_table", error=error)) from None
        table = pa.Table.from_pandas(frame, preserve_index=False)
    if too_big := limits.cell_fault(table):
        row, column, size = too_big
        raise ReadError(limits.cell_said(size, row + 2, header[int(column[1:])]))
    table = table.select(keep).rename_columns(names)
    frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=float("nan"))}.get)
    return frame, used, notes


def unique_header(header: list[str]) -> tuple[list[int], list[str], list]:
    """The positions read and their names: the first of a repeated header, none of a blank one; a note on each
    header left out."""
    first: dict[str, list[int]] = {}
    notes = []
    for position, name in enumerate(header):
        name = str(name).strip()
        if not name:
            notes.append((None, None, "", say("header_blank", position=position + 1)))
            continue
        first.setdefault(name, []).append(position)
    for name, positions in first.items():
        if len(positions) > 1:
            notes.append((None, name, name, say("header_twice", count=len(positions),
                                                positions=", ".join(str(p + 1) for p in positions))))
    keep = sorted(positions[0] for positions in first.values())
    return keep, [str(header[p]).strip() for p in keep], notes


def _read_with_arrow(data: bytes, sep: str, width: int) -> pa.Table | None:
    """Every cell as text, parsed in C on all cores (Arrow strings, no Python objects), the columns named by
    position; ``None`` when the file is irregular (ragged rows) and pandas' parser should say what is wrong."""
    names = [f"f{i}" for i in range(width)]
    options = pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False,
                                   quoted_strings_can_be_null=False)
    try:
        table = pacsv.read_csv(io.BytesIO(data), read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
                               parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True),
                               convert_options=options)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    return table


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) and value.tzinfo is None else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_workbook(raw: bytes, file: str) -> list[Sheet]:
    """One :class:`Sheet` per worksheet; formula cells without a stored value are faults. The unpacked size is
    checked before anything is unpacked, each sheet's declared size before its rows are read."""
    import openpyxl

    if said := limits.unpacked_fault(raw):
        raise ReadError(said)
    try:
        formulas = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
        values = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:
        raise ReadError(say("file_not_workbook", error=type(error).__name__)) from None
    return [_read_sheet(file, name, values[name], formulas[name]) for name in values.sheetnames]


def _read_sheet(file: str, name: str, values, formulas) -> Sheet:
    def refused(said: Said) -> Sheet:
        return Sheet(file, name, None, [(None, None, "", said)])

    if said := (limits.columns_fault(values.max_column or 0) or limits.rows_fault((values.max_row or 1) - 1)):
        return refused(said)
    most_rows, most_columns = limits.setting("IMPORT_MAX_ROWS"), limits.setting("IMPORT_MAX_COLUMNS")
    cell_limit = limits.setting("IMPORT_MAX_CELL_MB") * limits.MB
    faults = []
    rows = []
    for number, (cells, with_formulas) in enumerate(
            zip(values.iter_rows(values_only=True), formulas.iter_rows(values_only=True), strict=False), start=1):
        if len(cells) > most_columns:  # a sheet that does not declare its size
            return refused(limits.columns_fault(len(cells)))
        if number - 1 > most_rows:
            return refused(limits.rows_fault(number - 1))
        texts = [_cell_text(v) for v in cells]
        for position, text in enumerate(texts):
            if len(text) * 4 > cell_limit and len(text.encode()) > cell_limit:
                return refused(limits.cell_said(len(text.encode()), number, str(position + 1)))
        for position, (value, formula) in enumerate(zip(cells, with_formulas, strict=False)):
            if isinstance(formula, str) and formula.startswith("=") and value is None:
                faults.append((number, position, formula, say("formula_without_value")))
        rows.append(texts)
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        return refused(say("sheet_empty"))
    keep, header, notes = unique_header(rows[0])
    width = len(rows[0])
    body = [[(r + [""] * width)[p] for p in keep] for r in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=str)
    sheet_faults = [(row, str(rows[0][pos]).strip() if pos < width else None, value, words)
                    for row, pos, value, words in faults]
    return Sheet(file, name, frame, sheet_faults, "xlsx", notes)


def read_path(path: Path, encoding: str = "auto", *, raw: bytes | None = None) -> list[Sheet]:
    """The sheets of one file (CSV: one; workbook: one per worksheet); faults instead of exceptions."""
    name = path.name
    size = len(raw) if raw is not None else path.stat().st_size
    limit = max_bytes()
    if size > limit:
        return [Sheet(name, path.stem, None, [(None, None, "", say("file_too_big", size=f"{size / 2**20:.0f}",
                                                                   limit=f"{limit / 2**20:.0f}"))])]
    if size == 0:
        return [Sheet(name, path.stem, None, [(None, None, "", say("file_empty"))])]
    raw = raw if raw is not None else path.read_bytes()
    try:
        if path.suffix.lower() == ".xlsx":
            return read_workbook(raw, name)
        if path.suffix.lower() not in (".csv", ".txt", ".tsv"):
            raise ReadError(say("file_not_csv"))
        frame, used, notes = read_csv_text(raw, encoding)
    except ReadError as error:
        return [Sheet(name, path.stem, None, [(None, None, "", error.said)])]
    if frame.empty:
        return [Sheet(name, path.stem, None, [(None, None, "", say("file_no_rows"))], notes=notes)]
    return [Sheet(name, path.stem, frame, [], used, notes)]


def expand(paths: list[Path]) -> list[Path]:
    """Files named, folders replaced by their .csv and .xlsx files (sorted)."""
    out = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in (".csv", ".xlsx")
                              and p.name != "columns.csv"))  # the templates' column descriptions
        else:
            out.append(path)
    return out
