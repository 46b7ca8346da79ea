"""A KPI page's review pane: the computed status month by month (against the targets as they were then), the
owner's check-ins on the same timeline, the check-in form, and the notes as markers on the trend chart."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.cache import review as review_cache
from dashboard.core import guard
from dashboard.core.context import PageContext
from dashboard.core.i18n import lang, t
from dashboard.core.safe import plain
from dashboard.review import charts, form, period, reads
from dashboard.review.marks import owner_text
from data.review.checkins import CheckIn
from metrics.scorecard import registry
from metrics.scorecard.registry import Kpi

FORM_MONTHS = 6  # months a check-in may be written for, the review month first


def status_months(ctx: PageContext, kpi_id: str) -> pd.DataFrame:
    """kpi_id, period, value, target, baseline, threshold, status: the history up to the review month."""
    month = period.review_month(ctx.store)
    if month is None:
        return pd.DataFrame(columns=["kpi_id", "period", "status"])
    return review_cache.status_history(ctx.store, reads.target_changes(), (kpi_id,), pd.Timestamp(month))


def annotate_trend(fig: go.Figure, kpi_id: str, periods: list[str], labels: list[str],
                   values: list[float | None]) -> go.Figure:
    """The trend chart with a marker on each month (``periods``: ISO month starts) whose check-in has a note."""
    notes = {f"{c.period:%Y-%m-%d}": c for c in reads.history([kpi_id]).get(kpi_id, []) if c.note}
    shown = [(label, value, notes[p]) for p, label, value in zip(periods, labels, values, strict=True) if p in notes]
    return charts.add_note_markers(fig, labels=[s[0] for s in shown], values=[s[1] for s in shown],
                                   notes=[f"{t('review_judged_' + s[2].status)} · {s[2].note}" for s in shown],
                                   name=t("review_note_marker"))


def _history_table(found: list[CheckIn], statuses: dict[date, str]) -> pd.DataFrame:
    rows = []
    for c in reversed(found):
        rows.append({t("review_col_month"): f"{c.period:%Y-%m}",
                     t("review_col_computed"): t(f"status_{statuses.get(c.period) or c.computed or 'none'}"),
                     t("review_col_judged"): t(f"review_judged_{c.status}"),
                     t("review_col_note_text"): c.note,
                     t("review_col_drivers"): ", ".join(
                         f"{registry.get(k).name[lang()]} ({t('review_driver_' + v)})" for k, v in c.drivers
                         if k in {x.id for x in registry.CATALOGUE}),
                     t("review_col_author"): c.author, t("review_col_written"): f"{c.written_at:%Y-%m-%d %H:%M}",
                     t("review_col_version"): c.version})
    return pd.DataFrame(rows)


def versions_table(kpi_id: str, month: date) -> None:
    found = reads.versions(kpi_id, month)
    if len(found) < 2:
        return
    with st.expander(t("review_versions", n=len(found), month=f"{month:%Y-%m}")):
        st.dataframe(pd.DataFrame([{t("review_col_version"): c.version, t("review_col_judged"):
                                    t(f"review_judged_{c.status}"), t("review_col_note_text"): c.note,
                                    t("review_col_author"): c.author,
                                    t("review_col_written"): f"{c.written_at:%Y-%m-%d %H:%M:%S}",
                                    t("review_col_parallel"): t("review_parallel") if c.parallel else ""}
                                   for c in reversed(found)]), hide_index=True, width="stretch")


@guard.fragment
def history_pane(ctx: PageContext, kpi: Kpi) -> None:
    """The pane under a KPI's trend (whole company, by month: check-ins are per company month)."""
    month = period.review_month(ctx.store)
    if month is None:
        return
    st.subheader(t("review_history_title"), help=t("review_history_help"))
    form.flash()
    owner = reads.owner_map().get(kpi.id)
    st.caption(t("review_owner_line", owner=plain(owner_text(owner))))
    months = status_months(ctx, kpi.id)
    statuses = {p.date(): s for p, s in zip(pd.to_datetime(months["period"]), months["status"], strict=True)}
    found = reads.history([kpi.id]).get(kpi.id, [])
    judged = {c.period: c for c in found}
    iso = [f"{p:%Y-%m-%d}" for p in statuses]
    st.plotly_chart(charts.status_strip(
        iso, list(statuses.values()), [judged[p].status if p in judged else None for p in statuses],
        row_names=(t("review_row_computed"), t("review_row_judged")),
        status_names={s: t(f"status_{s}") for s in ("green", "amber", "red", "none")},
        hover=[f"{t('review_judged_' + judged[p].status)} · {charts.excerpt(judged[p].note)}" if p in judged else ""
               for p in statuses]), width="stretch", config={"displayModeBar": False})
    st.caption(t("review_history_note"))
    choices = sorted((p for p in statuses if p <= month), reverse=True)[:FORM_MONTHS] or [month]
    chosen = st.selectbox(t("review_form_month"), choices, format_func=lambda d: f"{d:%Y-%m}",
                          key=f"review_month_{kpi.id}")
    form.checkin_form(ctx.store, kpi.id, chosen, statuses.get(chosen, "none"), key="kpi")
    versions_table(kpi.id, chosen)
    if found:
        st.dataframe(_history_table(found, statuses), hide_index=True, width="stretch")
    else:
        st.caption(t("review_no_checkins"))
