"""Limits checked before a file is parsed, each with one message: a file far wider, longer or bigger inside than
any company's table is refused in a moment, not after minutes and gigabytes.

=========================  =======  ==============================================================
setting                    default  what it limits
=========================  =======  ==============================================================
``IMPORT_MAX_MB``          1024     a file's own size
``IMPORT_MAX_COLUMNS``     1000     columns of a CSV header or a worksheet
``IMPORT_MAX_ROWS``        10000000 rows of a file or a worksheet (CSV: its lines)
``IMPORT_MAX_CELL_MB``     1        one cell's text
``IMPORT_MAX_UNPACKED_MB`` 512      an .xlsx workbook unpacked (its zip members, as the zip declares them)
=========================  =======  ==============================================================
"""

from __future__ import annotations

import io
import os
import zipfile

import pyarrow as pa
import pyarrow.compute as pc

from data.importing.messages import Said, say

DEFAULTS = {"IMPORT_MAX_MB": 1024.0, "IMPORT_MAX_COLUMNS": 1000, "IMPORT_MAX_ROWS": 10_000_000,
            "IMPORT_MAX_CELL_MB": 1.0, "IMPORT_MAX_UNPACKED_MB": 512.0}
MB = 2**20


def setting(name: str) -> float:
    """The limit ``name`` (environment first, else :data:`DEFAULTS`); an unreadable value keeps the default."""
    try:
        value = float(os.environ.get(name, DEFAULTS[name]))
    except ValueError:
        value = float(DEFAULTS[name])
    return value if value > 0 else float(DEFAULTS[name])


def max_bytes() -> int:
    return int(setting("IMPORT_MAX_MB") * MB)


def max_columns() -> int:
    return int(setting("IMPORT_MAX_COLUMNS"))


def columns_fault(count: int) -> Said | None:
    limit = int(setting("IMPORT_MAX_COLUMNS"))
    return say("file_too_many_columns", count=f"{count:,}", limit=f"{limit:,}") if count > limit else None


def rows_fault(count: int) -> Said | None:
    limit = int(setting("IMPORT_MAX_ROWS"))
    return say("file_too_many_rows", count=f"{count:,}", limit=f"{limit:,}") if count > limit else None


def cell_fault(table: pa.Table) -> tuple[int, str, int] | None:
    """The first column with a cell over ``IMPORT_MAX_CELL_MB``: (its row in the table, the column, its bytes)."""
    limit = setting("IMPORT_MAX_CELL_MB") * MB
    for name, column in zip(table.column_names, table.columns, strict=True):
        lengths = pc.binary_length(column)
        longest = pc.max(lengths).as_py()
        if longest is not None and longest > limit:
            return pc.index(lengths, longest).as_py(), name, longest
    return None


def cell_said(size: int, row: int, column: str) -> Said:
    limit = setting("IMPORT_MAX_CELL_MB")
    return say("file_cell_too_big", size=f"{size / MB:.1f}", limit=f"{limit:g}", row=row, column=column)


def unpacked_fault(raw: bytes) -> Said | None:
    """A workbook whose zip members add up to more than ``IMPORT_MAX_UNPACKED_MB`` (read from the zip's directory,
    nothing unpacked; Python's zip reader never hands out more than a member declares)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None  # not a zip: the workbook reader says so
    size = sum(m.file_size for m in members)
    limit = setting("IMPORT_MAX_UNPACKED_MB") * MB
    return say("file_unpacks_too_big", size=f"{size / MB:,.0f}", limit=f"{limit / MB:,.0f}") if size > limit else None
