"""Parts of the Import page: templates, uploads, mapping, dry run, import."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st
from sqlalchemy.exc import OperationalError

from dashboard import cache
from dashboard.cache import admin as admin_cache
from dashboard.core import auth, downloads
from dashboard.core.i18n import lang, t
from dashboard.core.safe import plain
from data import db
from data.importing import importer
from data.importing import template as import_template
from data.importing.limits import max_bytes
from data.importing.rules import IMPORTABLE, spec
from jobs import importing as import_job

MODES = {"append": "import_mode_append", "upsert": "import_mode_upsert", "replace": "import_mode_replace"}
DATE_FORMATS = ("", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y")
FAULT_COLUMNS = {"file": "fault_file", "table": "fault_table", "row": "fault_row", "column": "fault_column",
                 "value": "fault_value", "problem": "fault_problem", "kind": "fault_kind"}


def _named(names: dict) -> Callable[[object], str]:
    """A widget's option labels, worded once in this run's language (a widget's labels must not change
    language between its runs)."""
    return lambda value: names.get(value, value)


def upload_limit_mb() -> int:
    """The largest file an upload box takes, in MB: the server's ``server.maxUploadSize`` (``.streamlit/config.toml``,
    nginx matches it) or the import's own ``IMPORT_MAX_MB``, whichever is smaller."""
    return max(1, min(int(st.get_option("server.maxUploadSize")), int(max_bytes() // 2**20)))


def upload_limit_note() -> None:
    """The limit in the page's language: Streamlit's upload box states it in English only (its own widget text,
    which no setting translates)."""
    st.caption(t("import_upload_limit", mb=upload_limit_mb()))


def templates() -> None:
    """Download buttons: every template in a zip, and the column guide."""
    st.subheader(t("import_templates"))
    st.caption(t("import_templates_help"))
    left, right = st.columns(2)
    left.download_button(t("import_download_templates"), admin_cache.template_zip, file_name="crm-import-templates.zip",
                         mime="application/zip", icon=":material/download:")
    right.download_button(t("import_download_columns"), lambda: import_template.csv_bytes(
        import_template.columns_sheet()), file_name="columns.csv", mime="text/csv", icon=":material/table:")


def uploads(files) -> list[importer.Upload]:
    """Each uploaded file with its table (detected, or chosen when the name does not say)."""
    out = []
    options = [None, *IMPORTABLE]
    for file in files:
        data = file.getvalue()
        if file.name.lower().endswith(".xlsx"):
            out.append(importer.Upload(file.name, data))  # one sheet per table, named after it
            continue
        detected = importer.table_for(file.name)
        chosen = st.selectbox(t("import_table_for", file=plain(file.name)), options,
                              index=options.index(detected) if detected else 0, key=f"table:{file.name}",
                              format_func=_named({None: t("import_table_unknown")}))
        out.append(importer.Upload(file.name, data, chosen))
    return out


def mappings(sources: list[importer.Upload]) -> dict[str, dict[str, str]]:
    """The company's headers mapped to our fields, starting from what was saved last time. One choice per header
    (a repeated header is read once, as the import reads it); widgets keyed by the header's position."""
    try:
        saved = importer.saved_mappings(cache.engine())
    except OperationalError:
        saved = {}
    result: dict[str, dict[str, str]] = {}
    for source in sources:
        if source.table is None:
            continue
        heads = importer.headers(source)
        if len(heads) > importer.max_columns():
            continue  # the check refuses the file in one line; no thousands of dropdowns
        ours = [c.name for c in spec(source.table)]
        first = {}
        for position, header in enumerate(heads):
            if header and header not in ours:
                first.setdefault(header, position)
        if not first:
            continue
        options = ["", *ours]
        with st.expander(t("import_mapping", file=plain(source.name)), expanded=True):
            st.caption(t("import_mapping_help"))
            table_map = result.setdefault(source.table, {})
            for header, position in first.items():
                remembered = saved.get(source.table, {}).get(header, "")
                table_map[header] = st.selectbox(plain(header), options, index=options.index(remembered)
                                                 if remembered in options else 0,
                                                 key=f"map:{source.name}:{position}",
                                                 format_func=_named({"": t("import_ignore")}))
    return result


def fault_table(prepared: importer.Prepared) -> pd.DataFrame:
    frame = prepared.report(lang())
    return frame.rename(columns={k: t(v) for k, v in FAULT_COLUMNS.items()})


def check(sources: list[importer.Upload], mode: str, date_format: str,
          mapping: dict[str, dict[str, str]], currency: str | None = None) -> importer.Prepared | None:
    """The dry run: preview of the first rows and every fault; nothing written."""
    try:
        prepared = importer.prepare(cache.engine(), sources, mode=mode, date_format=date_format or None,
                                    mapping=mapping, currency=currency)
    except OperationalError:
        st.error(t("import_unreachable", url=db.masked_url(db.database_url())), icon=":material/database_off:")
        return None
    for name, preview in prepared.previews.items():
        st.caption(t("import_preview", file=plain(name)))
        st.dataframe(preview, hide_index=True)
    warnings = [f for f in prepared.faults if f.warning]
    if prepared.errors:
        st.error(t("import_faults", count=len(prepared.errors)), icon=":material/error:")
    else:
        rows = sum(p.rows for p in prepared.plans.values())
        st.success(t("import_ready", rows=f"{rows:,}"), icon=":material/check_circle:")
    if warnings:
        st.warning(t("import_warnings", count=len(warnings)), icon=":material/warning:")
    if prepared.faults:
        st.dataframe(fault_table(prepared), hide_index=True)
        st.download_button(t("import_download_faults"), downloads.csv_bytes(prepared.report(lang())),
                           file_name="import-faults.csv", mime="text/csv", icon=":material/download:")
    return prepared


def run_import(prepared: importer.Prepared, mapping: dict[str, dict[str, str]]) -> dict | None:
    """Write a checked import with a progress bar, remember the mapping, refresh the store."""
    engine = cache.engine()  # shared by the process: never disposed here
    bar = st.progress(0.0)

    def progress(table: str, done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=t("import_progress", table=table, done=f"{done:,}", total=f"{total:,}"))

    try:
        imported = import_job.import_and_refresh(engine, prepared, actor=auth.claimed_email()[0] or "anonymous",
                                                 mapping=mapping, progress=progress,
                                                 refreshing=lambda _: st.spinner(t("import_refreshing")))
    except importer.KeysTaken as taken:  # another import wrote some of the same keys after this check
        bar.empty()
        prepared.faults.extend(taken.faults)
        st.error(t("import_taken", count=f"{len(taken.faults):,}"), icon=":material/error:")
        st.dataframe(fault_table(prepared), hide_index=True)
        return None
    st.success(t("import_done", counts=import_job.summary(imported.counts)), icon=":material/task_alt:")
    if imported.retired:
        st.warning(t("import_demo_retired", count=len(imported.retired)), icon=":material/person_off:")
    return imported.counts


def mode_picker() -> tuple[str, str, str]:
    """Mode, date format and the currency of the amounts (as stored, else the default)."""
    left, middle, right = st.columns(3)
    mode = left.radio(t("import_mode"), list(MODES), format_func=_named({m: t(k) for m, k in MODES.items()}),
                      key="import_mode")
    date_format = middle.selectbox(t("import_date_format"), DATE_FORMATS, key="import_date_format",
                                   format_func=_named({"": t("import_date_auto")}))
    codes = importer.currency_choices()
    try:
        current = importer.currency(cache.engine())
    except OperationalError:
        current = codes[0]
    currency = right.selectbox(t("import_currency"), codes, index=codes.index(current) if current in codes else 0,
                               key="import_currency", help=t("import_currency_help"))
    return mode, date_format, currency


def import_flow(sources: list[importer.Upload], mapping: dict[str, dict[str, str]], mode: str,
                date_format: str, currency: str | None = None) -> None:
    """Check (dry run) on request; import only what was checked, unchanged since."""
    signature = (tuple((s.name, len(s.data), s.table) for s in sources), mode, date_format, currency,
                 tuple(sorted((k, tuple(sorted(v.items()))) for k, v in mapping.items())))
    if st.button(t("import_check"), icon=":material/rule:", key="import_check"):
        st.session_state["import_checked"] = (signature, check(sources, mode, date_format, mapping, currency))
        checked = st.session_state["import_checked"][1]
    else:
        saved = st.session_state.get("import_checked")
        checked = saved[1] if saved and saved[0] == signature else None
        if checked is not None and checked.faults:
            st.dataframe(fault_table(checked), hide_index=True)
    if checked is not None and checked.ok and st.button(t("import_run"), type="primary", icon=":material/upload:",
                                                        key="import_run"):
        run_import(checked, mapping)
        st.session_state.pop("import_checked", None)
