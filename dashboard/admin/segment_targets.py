"""Targets per region (channel, industry, customer manager) and per month, on the Targets page: a table per
dimension where each row is a KPI's target for one member, for one month or (month blank) every month; the
company's own targets phased by month under "Company". Typed and imported in the units the scorecard shows
(20 is 20%), like the KPI table above it. Saved through ``jobs.targets`` (one transaction, each change audited),
and the scorecard uses a member's month row first, then its every-month row, then the target derived from the
company's (``metrics.scorecard.segment_targets``), saying which.

A targets file (CSV or Excel) with the columns ``kpi_id, dimension, member, month, target, baseline`` adds and
updates rows of any dimension (a blank target deletes the row); :func:`template` is one to fill in."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.admin.importing import upload_limit_mb
from dashboard.admin.targets import KPIS, scale, unit_text
from dashboard.core import auth
from dashboard.core.i18n import lang, t
from dashboard.core.labels import code
from dashboard.core.safe import plain
from data import db, locks, segment_targets
from data.importing.read import read_path
from data.segment_targets import blank
from jobs import targets as targets_job
from metrics.base.store import Store

SAVED_KEY = "targets_seg_saved_message"
DIMENSIONS = segment_targets.DIMENSIONS
COLUMNS = segment_targets.COLUMNS


def members(store: Store) -> dict[str, list[str]]:
    """Dimension -> its members as stored (a manager by employee id, as text); the company has one, blank."""
    values = cache.dimension_values_of(store)
    return {"company": [""], "region": list(values.region), "channel": list(values.channel),
            "industry": list(values.industry), "manager": [str(i) for i, _ in values.manager]}


def member_label(store: Store, dimension: str):
    """How a member is named on screen: a region by its name in the language, a manager by name."""
    if dimension == "manager":
        names = {str(i): name for i, name in cache.dimension_values_of(store).manager}
        return lambda m: names.get(str(m), str(m))
    return lambda m: code(m) if m else t("targets_seg_company_all")


def to_display(rows: pd.DataFrame) -> pd.DataFrame:
    """Stored rows (:data:`COLUMNS`) in the units the scorecard shows, the month as ``2026-03`` (blank: every
    month)."""
    out = rows.reindex(columns=COLUMNS).copy()
    factor = out["kpi_id"].map(lambda k: scale(KPIS[k]) if k in KPIS else 1.0).astype(float)
    for name in ("target", "baseline"):
        out[name] = pd.to_numeric(out[name], errors="coerce").astype(float) * factor
    out["month"] = [m if isinstance(m, str) else ("" if m is None or pd.isna(m) else f"{m:%Y-%m}")
                    for m in out["month"]]
    return out


def from_display(shown: pd.DataFrame) -> pd.DataFrame:
    """The inverse of :func:`to_display` (text numbers with separators read; an unknown KPI left as it is for
    :func:`data.segment_targets.problems` to name)."""
    out = shown.reindex(columns=COLUMNS).copy()
    out["kpi_id"] = out["kpi_id"].map(lambda k: "" if blank(k) else str(k).strip())
    factor = out["kpi_id"].map(lambda k: scale(KPIS[k]) if k in KPIS else 1.0).astype(float)
    for name in ("target", "baseline"):
        text = out[name].map(lambda v: v.replace(",", "").strip() if isinstance(v, str) else v)
        numbers = pd.to_numeric(text, errors="coerce").astype(float)
        bad = numbers.isna() & ~text.map(blank)
        out[name] = (numbers / factor).astype(object).where(~bad, text)  # not a number: kept for the message
    out["member"] = out["member"].map(lambda m: "" if blank(m) else str(m).strip())
    out["month"] = pd.Series([None if blank(m) else m for m in out["month"]], index=out.index, dtype=object)
    return out


def check(store: Store, rows: pd.DataFrame) -> list[segment_targets.Problem]:
    """:func:`data.segment_targets.problems` against the catalogue and the data's members."""
    known = {d: set(m) for d, m in members(store).items()}
    return segment_targets.problems(rows, kpis=set(KPIS), shares={k for k, kpi in KPIS.items() if kpi.share},
                                    members=known)


def problem_text(problem: segment_targets.Problem, where: str) -> str:
    return t("targets_seg_problem", where=where, what=t("targets_seg_" + problem.what), value=plain(problem.value))


def template() -> bytes:
    """A targets file to fill in: one row per dimension as an example (CSV, UTF-8 with BOM for Excel)."""
    frame = pd.DataFrame([
        {"kpi_id": "revenue", "dimension": "region", "member": "East", "month": "", "target": 1_000_000,
         "baseline": ""},
        {"kpi_id": "revenue", "dimension": "region", "member": "East", "month": "2026-12", "target": 1_400_000,
         "baseline": ""},
        {"kpi_id": "churn_rate", "dimension": "company", "member": "", "month": "2026-12", "target": 1.5,
         "baseline": ""}], columns=COLUMNS)
    return frame.to_csv(index=False).encode("utf-8-sig")


def read_upload(name: str, data: bytes) -> tuple[pd.DataFrame | None, str | None]:
    """The rows of an uploaded targets file (display units), or the reason it cannot be read (in words)."""
    sheets = read_path(Path(name), raw=data)
    for sheet in sheets:
        if sheet.faults:
            return None, sheet.faults[0][3].text(lang())
        frame = sheet.frame.rename(columns=lambda c: str(c).strip().lower())
        missing = [c for c in ("kpi_id", "dimension", "target") if c not in frame.columns]
        if missing:
            return None, t("targets_seg_missing_columns", columns=", ".join(missing))
        return frame.reindex(columns=COLUMNS).astype(object).where(frame.reindex(columns=COLUMNS).notna(), None), None
    return None, t("targets_seg_file_empty")


def _save(rows: pd.DataFrame, *, source: str, replace: tuple[str, ...]) -> None:
    who = auth.current().email
    try:
        count = targets_job.save_segments_and_refresh(
            cache.engine(), rows, actor=who, source=source, replace=replace,
            refreshing=lambda: st.spinner(t("targets_refreshing")))
    except targets_job.NotSaved:
        st.error(t("targets_unreachable", url=db.masked_url(db.database_url())), icon=":material/database_off:")
        return
    except locks.JobBusy as busy:
        st.warning(t("sales_busy", holder=busy.holder, since=busy.since), icon=":material/hourglass_top:")
        return
    if not count:
        st.info(t("targets_nothing_changed"))
        return
    st.session_state[SAVED_KEY] = t("targets_saved", count=count, who=plain(who))
    st.rerun()


def _kpi_option(kpi_id: str) -> str:
    kpi = KPIS.get(kpi_id)
    if kpi is None:
        return str(kpi_id)
    unit = unit_text(kpi, lang())
    return f"{kpi.name[lang()]} ({unit})" if unit else kpi.name[lang()]


def _editor(store: Store, dimension: str, stored: pd.DataFrame, editable: bool) -> None:
    chosen = to_display(stored[stored["dimension"] == dimension])
    options = members(store)[dimension]
    labels = {"kpi_id": t("kpi"), "member": t("targets_seg_member"), "month": t("targets_seg_month"),
              "target": t("target"), "baseline": t("targets_baseline")}
    frame = chosen[["kpi_id", "member", "month", "target", "baseline"]].astype(
        {"kpi_id": "string", "member": "string", "month": "string", "target": float, "baseline": float},
    ).rename(columns=labels)  # typed even when empty: the editor's columns take text and numbers
    config = {
        labels["kpi_id"]: st.column_config.SelectboxColumn(options=list(KPIS), format_func=_kpi_option,
                                                           required=True, width="large"),
        labels["member"]: st.column_config.SelectboxColumn(options=options, format_func=member_label(store,
                                                                                                      dimension),
                                                           required=dimension != "company"),
        labels["month"]: st.column_config.TextColumn(help=t("targets_seg_month_help"), max_chars=7),
        labels["target"]: st.column_config.NumberColumn(format="localized"),
        labels["baseline"]: st.column_config.NumberColumn(format="localized", help=t("targets_seg_baseline_help")),
    }
    hidden = [labels["member"]] if dimension == "company" else []
    edited = st.data_editor(frame, hide_index=True, num_rows="dynamic" if editable else "fixed",
                            key=f"targets_seg_editor_{dimension}", column_config=config, disabled=not editable,
                            column_order=[c for c in frame.columns if c not in hidden], placeholder="–")
    if not editable:
        return
    rows = from_display(edited.rename(columns={v: k for k, v in labels.items()}).assign(dimension=dimension))
    rows = rows[~(rows["kpi_id"].eq("") & rows["target"].isna())]  # an added row left empty
    problems = check(store, rows)
    for problem in problems:
        st.error(problem_text(problem, t("targets_seg_row", row=problem.row + 1)), icon=":material/error:")
    if st.button(t("targets_save"), type="primary", disabled=bool(problems), key=f"targets_seg_save_{dimension}",
                 icon=":material/save:"):
        _save(rows, source="editor", replace=(dimension,))


def _importer(store: Store) -> None:
    st.markdown(f"**{t('targets_seg_import')}**")
    st.caption(t("targets_seg_import_help", mb=upload_limit_mb()))
    st.download_button(t("targets_seg_template"), template(), file_name="kpi_target_segment.csv",
                       mime="text/csv", key="targets_seg_template", icon=":material/download:")
    upload = st.file_uploader(t("targets_seg_import"), type=["csv", "xlsx"], key="targets_seg_upload",
                              label_visibility="collapsed", max_upload_size=upload_limit_mb())
    if upload is None:
        return
    shown, reason = read_upload(upload.name, upload.getvalue())
    if shown is None:
        st.error(reason, icon=":material/error:")
        return
    rows = from_display(shown)
    problems = check(store, rows)
    for problem in problems[:20]:
        st.error(problem_text(problem, t("targets_seg_line", line=problem.row + 2)), icon=":material/error:")
    if len(problems) > 20:
        st.error(t("targets_seg_more_problems", count=len(problems) - 20))
    st.caption(t("targets_seg_import_rows", count=len(rows)))
    if st.button(t("targets_seg_import_button"), type="primary", disabled=bool(problems) or rows.empty,
                 key="targets_seg_import_button", icon=":material/upload:"):
        _save(rows, source="import", replace=())


def segment_editor(store: Store) -> None:
    """The section of the Targets page: pick a dimension, edit its rows, or import a targets file."""
    st.subheader(t("targets_seg_title"))
    if message := st.session_state.pop(SAVED_KEY, None):
        st.success(message, icon=":material/task_alt:")
    st.caption(t("targets_seg_help"))
    stored = segment_targets.read(cache.engine())
    counts = stored["dimension"].value_counts()
    dimension = st.segmented_control(
        t("targets_seg_dimension"), DIMENSIONS, default="region", key="targets_seg_dimension",
        format_func=lambda d: f"{t('targets_seg_dim_' + d)} ({counts.get(d, 0)})")
    editable = auth.can_edit_targets()
    _editor(store, dimension or "region", stored, editable)
    if editable:
        _importer(store)
