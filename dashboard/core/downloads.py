"""Every download (CSV, Excel, PDF): the file is built only when the user clicks, and a spreadsheet can
never run what a cell holds.

``st.download_button(data=callable)`` defers the work to the click (Streamlit runs the callable on
its own thread, so the callable gets everything it needs as arguments bound now and calls no ``st.*``).
Formula injection (OWASP "CSV injection"): a text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is read as a formula by spreadsheet programs, so such cells get a leading ``'``;
Excel files are written cell by cell as values (strings typed as strings), never as formulas.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import streamlit as st
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from dashboard.core import auth
from dashboard.core.i18n import t

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_MIME = "text/csv"
EXCEL_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_MIME = "application/pdf"


def neutralise_cell(value):
    """``value`` with a leading ``'`` when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or isinstance(column.dtype, pd.StringDtype)


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and headers cannot start a formula; number columns untouched."""
    out = frame.copy()
    for column in out.columns:
        if _is_text(out[column]):
            out[column] = out[column].map(neutralise_cell).astype(object)
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame without list-valued columns (sparklines), which no file format holds."""
    listy = [c for c in frame.columns if _is_text(frame[c]) and frame[c].map(lambda v: isinstance(v, list)).any()]
    return frame.drop(columns=listy)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (Excel opens Chinese text right), CRLF rows (RFC 4180: a cell holding a
    line break is quoted), injection-safe."""
    return neutralise(plain(frame)).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _excel_value(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating) and not np.isfinite(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime) and value.tzinfo is not None:  # Excel has no time zones: written in UTC
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def excel_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """One sheet of values: headers then rows; text cells are typed as strings, so none is a formula."""
    shown = neutralise(plain(frame))
    book = Workbook(write_only=True)
    ws = book.create_sheet(title=_sheet_name(sheet))

    def cell(value) -> WriteOnlyCell:
        value = _excel_value(value)
        c = WriteOnlyCell(ws, value=value if not isinstance(value, str) else None)
        if isinstance(value, str):
            c.value = value
            c.data_type = "s"  # a string, whatever it starts with
        elif isinstance(value, date | datetime):
            c.number_format = "yyyy-mm-dd" if not isinstance(value, datetime) else "yyyy-mm-dd hh:mm"
        return c

    ws.append([cell(str(c)) for c in shown.columns])
    for row in shown.itertuples(index=False, name=None):
        ws.append([cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(name: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31]
    return cleaned or "data"


def table_downloads(frame: pd.DataFrame, name: str) -> None:
    """CSV and Excel buttons for a table; each file is built when its button is clicked, and the audit trail
    records who downloaded it."""
    who = _who()
    with st.container(horizontal=True):
        st.download_button(t("download_csv"), _deferred(who, f"{name}.csv", csv_bytes, frame), f"{name}.csv",
                           CSV_MIME, icon=":material/download:", key=f"csv_{name}", on_click="ignore")
        st.download_button(t("download_excel"), _deferred(who, f"{name}.xlsx", excel_bytes, frame, name),
                           f"{name}.xlsx", EXCEL_MIME, icon=":material/table_view:", key=f"xlsx_{name}",
                           on_click="ignore")


def pdf_download(label: str, build: Callable[[], bytes], file_name: str, *, key: str) -> None:
    """A PDF button whose document ``build()`` makes on click (``build`` binds its inputs; no ``st.*`` inside)."""
    st.download_button(label, _deferred(_who(), file_name, build), file_name, PDF_MIME,
                       icon=":material/picture_as_pdf:", key=key, on_click="ignore")


def _who() -> tuple[str | None, str | None]:
    """The signed-in e-mail and role, read while the button is drawn (the file is built later, outside the run)."""
    identity = auth.current()
    return (identity.email, identity.role) if identity else (None, None)


def _deferred(who: tuple[str | None, str | None], file_name: str, function: Callable[..., bytes], *args
              ) -> Callable[[], bytes]:
    def build() -> bytes:
        # checked on click: an account disabled, or given another role, since the button was drawn gets no file
        # (Streamlit tells the browser the file could not be made) and nothing is recorded as its export
        auth.checked(*who, f"export {file_name}")
        content = function(*args)
        auth.audit_as(who[0], "export", file_name)
        return content
    return build
