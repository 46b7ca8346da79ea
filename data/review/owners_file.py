"""Owners as a file (CSV or Excel): the template with every objective and KPI and their owners now, and an uploaded
file read into rows for :func:`data.review.owners.save` (``source="import"``, each change audited). Items a file
leaves out keep their owners; a blank owner or deputy in the file removes it."""

from __future__ import annotations

import io

import pandas as pd

from data.review.owners import OwnerError

COLUMNS = ("kind", "item_id", "name", "owner", "deputy")  # "name" is for people reading the file; not read back
REQUIRED = ("kind", "item_id", "owner", "deputy")
MAX_BYTES = 1_000_000


def template(items: list[tuple[str, str, str]], stored: dict[tuple[str, str], object]) -> bytes:
    """A CSV (UTF-8 with BOM, so Excel reads Chinese) of ``items`` (kind, id, name), with the owners ``stored``
    ((kind, id) -> :class:`data.review.owners.Owner`)."""
    rows = [{"kind": kind, "item_id": item, "name": name,
             "owner": getattr(stored.get((kind, item)), "owner", None) or "",
             "deputy": getattr(stored.get((kind, item)), "deputy", None) or ""} for kind, item, name in items]
    return pd.DataFrame(rows, columns=list(COLUMNS)).to_csv(index=False).encode("utf-8-sig")


def read(name: str, data: bytes) -> list[dict]:
    """The rows (kind, item_id, owner, deputy) of an uploaded file, or :class:`OwnerError` saying why it cannot be
    read (``item``: the file's name)."""
    if len(data) > MAX_BYTES:
        raise OwnerError(name, "file_too_large", f"{MAX_BYTES // 1000} kB")
    try:
        if name.lower().endswith((".xlsx", ".xls")):
            frame = pd.read_excel(io.BytesIO(data), dtype=str).fillna("")
        else:
            frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError, ImportError):
        raise OwnerError(name, "file_unreadable") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise OwnerError(name, "file_columns", ", ".join(missing))
    return [{c: str(row[c]).strip() for c in REQUIRED} for row in frame.to_dict("records")]
