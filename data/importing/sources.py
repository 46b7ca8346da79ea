"""Where an import's rows come from: files and folders on disk, or uploaded bytes; each sheet with its table."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from data.importing.read import ReadError, Sheet, decode, delimiter, expand, read_path
from data.importing.rules import IMPORTABLE, normalise_header


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


def headers(upload: Upload, encoding: str = "auto") -> list[str]:
    """The header row of an uploaded CSV (empty for workbooks and unreadable files)."""
    if upload.name.lower().endswith(".xlsx"):
        return []
    try:
        head, _ = decode(upload.data[:65536].rsplit(b"\n", 1)[0] if b"\n" in upload.data[:65536]
                         else upload.data[:65536], encoding)
    except ReadError:
        return []
    first = head.split("\n", 1)[0].rstrip("\r")
    return [h.strip() for h in next(csv.reader([first], delimiter=delimiter(first)), [])]
