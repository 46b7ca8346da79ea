"""Every download (CSV, Excel, PDF): the file is built only when the user clicks, and a spreadsheet can
never run what a cell holds.

``st.download_button(data=callable)`` defers the work to the click (Streamlit runs the callable on
its own thread, so the callable gets everything it needs as arguments bound now and calls no ``st.*``).
The writers live in ``reports.excel`` (exports as numbers, made outside a page run too): Excel cells typed (text as
text, so no formula runs and no apostrophe is needed; numbers as numbers with their formats) under a header block
(period, filters, data as-of) in the reader's language; CSV with the formula guard on text only.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.core import auth, filters
from dashboard.core.i18n import lang, t
from metrics.base.store import StoreMissing
from reports import excel
from reports.content import describe_filters
from reports.excel import FORMULA_STARTS, About, neutralise_cell, plain  # noqa: F401 - the names callers use
from reports.scorecard_export import scorecard_export
from reports.texts import text

CSV_MIME = "text/csv"
EXCEL_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_MIME = "application/pdf"


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and headers cannot start a formula; number columns untouched."""
    out = frame.copy()
    for column in out.columns:
        if excel.is_text(out[column]):
            out[column] = out[column].map(neutralise_cell).astype(object)
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame, units: excel.Units | None = None) -> bytes:
    """UTF-8 CSV with a byte-order mark, CRLF rows, the formula guard on text only, whole numbers without ``.0``."""
    return excel.csv_bytes(frame, units=units)


def excel_bytes(frame: pd.DataFrame, sheet: str | None = None, about: About | None = None,
                units: excel.Units | None = None) -> bytes:
    """One sheet (``sheet``; default "Data" in the reader's language): the header block ``about``, then the table."""
    language = about.lang if about else "en"
    return excel.excel_bytes(frame, sheet=sheet or text("sheet_data", language), units=units, about=about)


def about(title: str | None = None, *, notes: tuple[str, ...] = ()) -> About:
    """The header block of a download drawn now: the sidebar's period and filters, the data's as-of and currency,
    in the reader's language (what cannot be read, on a page without data, is left out)."""
    language, period, described, as_of, currency = lang(), None, None, None, None
    try:
        values = cache.dimension_values_of(cache.store())
        as_of, currency = values.as_of, values.currency
        managers = dict(values.manager)
    except StoreMissing:  # (StoreDamaged too) no store: an admin page before the first refresh
        managers = {}
    f = filters.current()
    if f is not None:
        period = f.label(f.period_start(f.end))
        described = describe_filters(f, language, managers)
    return About(lang=language, title=title, period=period, filters=described,
                 as_of=as_of if isinstance(as_of, date) else None, currency=currency, notes=notes)


def table_downloads(frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str, *,
                    units: excel.Units | None = None) -> None:
    """CSV and Excel buttons for a table; each file is built when its button is clicked, and the audit trail
    records who downloaded it. ``frame``: the table, or a function making it (a long list is then labelled on
    click too, not on every run, in a copy of this run's context); ``units``: per column, its unit
    (``reports.excel``) for number formats."""
    who, block = _who(), about(f"{t('app_title')} · {name}")
    if callable(frame):
        context = contextvars.copy_context()  # the file is built after the run: a context of its own per file
        make = lambda: context.copy().run(frame)  # noqa: E731
    else:
        make = lambda: frame  # noqa: E731
    with st.container(horizontal=True):
        st.download_button(t("download_csv"), _deferred(who, f"{name}.csv", lambda: csv_bytes(make(), units)),
                           f"{name}.csv", CSV_MIME, icon=":material/download:", key=f"csv_{name}", on_click="ignore")
        st.download_button(t("download_excel"),
                           _deferred(who, f"{name}.xlsx", lambda: excel_bytes(make(), None, block, units)),
                           f"{name}.xlsx", EXCEL_MIME, icon=":material/table_view:", key=f"xlsx_{name}",
                           on_click="ignore")


def scorecard_downloads(card: pd.DataFrame, name: str = "scorecard", flags: dict | None = None) -> None:
    """The scorecard as numbers (``reports.scorecard_export``): CSV and Excel (status colours, number formats, the
    header block), built on click."""
    block = about(text("scorecard", lang()), notes=(text("export_points", lang()),))
    export = scorecard_export(card, lang=block.lang, currency=block.currency, flags=flags)
    who = _who()
    with st.container(horizontal=True):
        st.download_button(t("download_csv"), _deferred(who, f"{name}.csv", export.csv), f"{name}.csv", CSV_MIME,
                           icon=":material/download:", key=f"csv_{name}", on_click="ignore")
        st.download_button(t("download_excel"), _deferred(who, f"{name}.xlsx", export.excel, block),
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
