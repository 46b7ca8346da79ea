"""Reading import files into frames of text: encodings, delimiters, workbooks.

Every value comes out as text (empty text for an empty cell), so one set of rules in
:mod:`data.importing.rules` checks CSV and Excel alike. A frame's row ``i`` is spreadsheet row ``i + 2``
(the header is row 1).
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from data.importing.messages import Said, say

BOM = b"\xef\xbb\xbf"
DEFAULT_MAX_MB = 1024.0


def max_bytes() -> int:
    """The size limit of one import file: ``IMPORT_MAX_MB`` megabytes (default 1024)."""
    return int(float(os.environ.get("IMPORT_MAX_MB", DEFAULT_MAX_MB)) * 1024 * 1024)


@dataclass
class Sheet:
    """One table's worth of text read from a file (a CSV file or one sheet of a workbook)."""

    file: str
    name: str  # file stem or sheet name: the table unless told otherwise
    frame: pd.DataFrame | None
    faults: list[tuple[int | None, str | None, str, Said]] = field(default_factory=list)  # row, column, value, words
    encoding: str | None = None


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


def delimiter(text: str) -> str:
    """``,``, ``;`` or tab: the one the header line uses most (outside quotes)."""
    first = text.split("\n", 1)[0]
    counts = {}
    for candidate in (",", ";", "\t"):
        try:
            counts[candidate] = len(next(csv.reader([first], delimiter=candidate))) - 1
        except (csv.Error, StopIteration):
            counts[candidate] = 0
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] > 0 else ","


def read_csv_text(raw: bytes, encoding: str = "auto") -> tuple[pd.DataFrame, str]:
    """A frame of text from CSV bytes, and the encoding used."""
    text, used = decode(raw, encoding)
    if not text.strip():
        raise ReadError(say("file_empty"))
    sep = delimiter(text)
    if used == "utf-8":
        data = raw
    elif used == "utf-8-sig":
        data = raw[len(BOM):]
    else:
        data = text.encode("utf-8")
    del text
    frame = _read_with_arrow(data, sep)
    if frame is not None:
        return frame, used
    try:
        frame = pd.read_csv(io.BytesIO(data), sep=sep, dtype=str, keep_default_na=False, na_filter=False,
                            encoding="utf-8", engine="c", skipinitialspace=False)
    except (pd.errors.ParserError, ValueError) as error:
        raise ReadError(say("file_not_table", error=error)) from None
    return frame, used


def _read_with_arrow(data: bytes, sep: str) -> pd.DataFrame | None:
    """Every cell as text, parsed in C on all cores (Arrow strings, no Python objects); ``None`` when the
    file is irregular (ragged rows, blank or repeated headers) and pandas' parser should say what is wrong."""
    options = pacsv.ConvertOptions(column_types=_ALL_TEXT, strings_can_be_null=False,
                                   quoted_strings_can_be_null=False)
    try:
        table = pacsv.read_csv(io.BytesIO(data), read_options=pacsv.ReadOptions(autogenerate_column_names=True),
                               parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True),
                               convert_options=options)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if table.num_rows == 0 or any(t != pa.string() for t in table.schema.types):
        return None
    header = [str(h) for h in table.slice(0, 1).to_pylist()[0].values()]
    if len(set(header)) < len(header) or not all(h.strip() for h in header):
        return None
    body = table.slice(1).rename_columns(header)
    return body.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow", na_value=float("nan"))}.get)


_ALL_TEXT = {f"f{i}": pa.string() for i in range(4096)}  # names Arrow gives the columns of a headerless read


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
    """One :class:`Sheet` per worksheet; formula cells without a stored value are faults."""
    import openpyxl

    try:
        formulas = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
        values = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:
        raise ReadError(say("file_not_workbook", error=type(error).__name__)) from None
    sheets = []
    for name in values.sheetnames:
        faults = []
        rows = []
        for number, (cells, with_formulas) in enumerate(
                zip(values[name].iter_rows(values_only=True), formulas[name].iter_rows(values_only=True),
                    strict=False), start=1):
            texts = [_cell_text(v) for v in cells]
            for position, (value, formula) in enumerate(zip(cells, with_formulas, strict=False)):
                if isinstance(formula, str) and formula.startswith("=") and value is None:
                    faults.append((number, position, formula, say("formula_without_value")))
            rows.append(texts)
        while rows and not any(rows[-1]):
            rows.pop()
        if not rows:
            sheets.append(Sheet(file, name, None, [(None, None, "", say("sheet_empty"))]))
            continue
        header = [h.strip() for h in rows[0]]
        width = len(header)
        body = [(r + [""] * width)[:width] for r in rows[1:]]
        frame = pd.DataFrame(body, columns=header, dtype=str)
        sheet_faults = [(row, header[pos] if pos < width else None, value, words)
                        for row, pos, value, words in faults]
        sheets.append(Sheet(file, name, frame, sheet_faults, "xlsx"))
    return sheets


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
        frame, used = read_csv_text(raw, encoding)
    except ReadError as error:
        return [Sheet(name, path.stem, None, [(None, None, "", error.said)])]
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        return [Sheet(name, path.stem, None, [(None, None, "", say("file_no_rows"))])]
    return [Sheet(name, path.stem, frame, [], used)]


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
