"""The Overview's parts: score tiles, the strategy map, the scorecard tables and its PDF. With
``dashboard.scorecard.perspective``, the only place that calls ``st.metric`` for a KPI; labels, units, formats and
help text come from the catalogue."""

from __future__ import annotations

import math
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.core import auth, charts, labels
from dashboard.core import downloads as file_downloads
from dashboard.core.i18n import lang, t
from dashboard.core.navigation import ADMIN_TARGETS, PERSPECTIVE_PAGES
from dashboard.links import views as link_views
from dashboard.scorecard import report
from metrics.base.filters import Filters
from metrics.base.format import format_change, format_value
from metrics.scorecard.needs import needs_words
from metrics.scorecard.registry import get
from metrics.scorecard.scoring import objective_status, rollup
from metrics.scorecard.strategy import LINKS, OBJECTIVES, PERSPECTIVE_NAMES, VALUE_PROPOSITIONS, Perspective

STATUS_BADGE = {"green": ":green[●]", "amber": ":orange[●]", "red": ":red[●]", "none": ":gray[○]"}
STATUS_COLOUR = {"green": "green", "amber": "orange", "red": "red", "none": "gray"}  # the tables' status chips


def status_label(status: str) -> str:
    return t(f"status_{status}")


def shown_value(row: dict) -> str:
    """The KPI's value, or "not measured: needs service tickets" when the data it needs is missing."""
    if row.get("needs"):
        return t("not_measured", what=needs_words(row["needs"], lang()))
    return format_value(row["value"], row["unit"], lang())


def score_tiles(card: pd.DataFrame) -> None:
    """The overall score and the four perspective scores, with their change since the previous period."""
    now, before = rollup(card), rollup(card, "score_prev")
    with st.container(horizontal=True):
        tiles = [(t("overall_score"), now["overall"], before["overall"])]
        tiles += [(PERSPECTIVE_NAMES[p][lang()], now["perspectives"][p.value], before["perspectives"][p.value])
                  for p in Perspective]
        for label, value, previous in tiles:
            delta = None if not (math.isfinite(value) and math.isfinite(previous)) else f"{value - previous:+.0f}"
            st.metric(label, "–" if not math.isfinite(value) else t("score_of", score=f"{value:.0f}"), delta,
                      border=True)
    if "needs" in card and card["needs"].map(bool).any():  # some KPIs lack data: say what the scores rest on
        st.caption(t("measured_of", measured=int((~card["needs"].map(bool)).sum()), total=len(card)))
    baseline_note(card)


def baseline_count(card: pd.DataFrame) -> int:
    """How many KPIs are judged against a baseline target (nobody set theirs)."""
    return int((card["target_source"] == "baseline").sum()) if "target_source" in card else 0


def baseline_note(card: pd.DataFrame) -> None:
    """How many targets are baselines, with a link to the Targets editor for those who may open it."""
    count = baseline_count(card)
    if not count:
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(t("targets_baseline_note", count=count, total=len(card)))
        who = auth.current()
        may_edit = who is not None and ADMIN_TARGETS.permits(who.role)
        if may_edit and st.button(t("targets_baseline_link"), icon=ADMIN_TARGETS.icon, key="baseline_targets_link"):
            st.switch_page(ADMIN_TARGETS.path, query_params=st.query_params.to_dict())


def _score_text(value: float) -> str:
    return f"{value:.0f}" if value is not None and math.isfinite(value) else "–"


def shown_target(row: dict, language: str) -> str:
    """The target as shown: a baseline one says so."""
    text = format_value(row["target"], row["unit"], language)
    if row.get("target_source") == "baseline" and text != "–":
        return t("targets_baseline_marker", value=text)
    return text


def strategy_map(card: pd.DataFrame, vp: str, evidence: dict | None = None) -> None:
    """``evidence``: per link, its measured evidence and hover text (``link_views.map_evidence``)."""
    key = {o.id for o in OBJECTIVES if o.process in VALUE_PROPOSITIONS[vp]["key_processes"]}
    parts = dict(names={o.id: o.name[lang()] for o in OBJECTIVES},
                 band_names={p: PERSPECTIVE_NAMES[p][lang()] for p in Perspective}, links=LINKS, key_objectives=key)
    statuses = {o.id: objective_status(card, o.id) for o in OBJECTIVES}
    # built once per (statuses, evidence, language, value proposition) for every session: a second to build
    fig = cache.figure("strategy_map", (tuple(statuses.items()), repr(evidence), lang(), vp),
                       lambda: charts.strategy_map_with_evidence(statuses, evidence=evidence,
                                                                 legend=link_views.evidence_names(), **parts)
                       if evidence
                       else charts.strategy_map(statuses, **parts))
    st.subheader(t("strategy_map"), help=t("strategy_map_help"))
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})
    if evidence:
        st.caption(t("map_evidence_legend"))
    key_process_note(vp)


def key_process_note(vp: str) -> None:
    processes = ", ".join(t(f"process_{p}") for p in VALUE_PROPOSITIONS[vp]["key_processes"])
    st.caption(t("key_processes", vp=VALUE_PROPOSITIONS[vp]["name"][lang()], processes=processes))


def scorecard_frame(card: pd.DataFrame, compare: str, flags: dict | None = None) -> pd.DataFrame:
    """The scorecard as shown: names, formatted values, status badge, changes and a 12-period sparkline;
    with ``flags`` (``link_views.flags``), the year forecast's on track / at risk last."""
    language, change = lang(), "delta_prev" if compare == "prev" else "delta_year"
    names = {key: t(key) for key in ("kpi", "value", "target", "status", change, "trend_12", "forecast_col")}
    statuses = {status: status_label(status) for status in STATUS_COLOUR}
    rows = []
    for row in card.to_dict("records"):
        unit = row["unit"]
        rows.append({
            "id": row["id"],
            names["kpi"]: row["name_en"] if language == "en" else row["name_zh"],
            names["value"]: shown_value(row),
            names["target"]: shown_target(row, language),
            names["status"]: statuses[row["status"]],
            names[change]: format_change(row[change], unit, language),
            names["trend_12"]: [v for _, v in row["trend"][-12:] if v is not None],
            **({names["forecast_col"]: link_views.flag_text(flags.get(row["id"]))} if flags else {}),
        })
    return pd.DataFrame(rows)


def scorecard_tables(card: pd.DataFrame, compare: str, flags: dict | None = None) -> str | None:
    """One table per perspective; returns the id of a KPI whose row the user selected."""
    chosen = None
    shown = scorecard_frame(card, compare, flags)
    # status as a coloured chip (a one-option multiselect cell): a pandas Styler colouring the cell cost several
    # times the whole table on every run
    shown[t("status")] = [[label] for label in shown[t("status")]]
    chips = st.column_config.MultiselectColumn(options=[status_label(s) for s in STATUS_COLOUR],
                                               color=list(STATUS_COLOUR.values()))
    for perspective in Perspective:
        mask = card["perspective"].to_numpy() == perspective.value
        part = shown[mask].reset_index(drop=True)
        st.markdown(f"**{PERSPECTIVE_NAMES[perspective][lang()]}**")
        event = st.dataframe(
            part.drop(columns="id"), hide_index=True, width="stretch", on_select="rerun",
            height=35 * (len(part) + 1) + 3,
            selection_mode="single-row", key=f"card_{perspective.value}",
            column_config={t("trend_12"): st.column_config.LineChartColumn(width="small"),
                           t("kpi"): st.column_config.TextColumn(width="large"), t("status"): chips})
        if event.selection.rows:
            chosen = part.loc[event.selection.rows[0], "id"]
    return chosen


def open_kpi(kpi_id: str | None) -> None:
    """Go to the KPI's perspective page, keeping the filters, focused on that KPI."""
    if kpi_id:
        page = PERSPECTIVE_PAGES[get(kpi_id).perspective]
        st.switch_page(page.path, query_params={**st.query_params.to_dict(), "kpi": kpi_id})


def kpi_picker(card: pd.DataFrame) -> str | None:
    """A select box listing every KPI: another way to open one."""
    return st.selectbox(t("open_kpi"), list(card["id"]), index=None, format_func=labels.kpi_labeller(),
                        help=t("open_kpi_help"), placeholder=t("open_kpi"), key="open_kpi")


def report_download(card: pd.DataFrame, f: Filters, shown: pd.DataFrame) -> None:
    """The overview as a one-page PDF; ``shown``: the scorecard as shown (:func:`scorecard_frame`)."""
    perspective = card["perspective"].map(lambda p: PERSPECTIVE_NAMES[Perspective(p)][lang()])
    columns = [t("kpi"), t("value"), t("target"), t("status"), shown.columns[5]]
    rows = pd.concat([perspective.rename("p"), shown[columns], card["status"]], axis=1)
    totals = rollup(card)
    tiles = [f"{t('overall_score')} {_score_text(totals['overall'])}"] + [
        f"{PERSPECTIVE_NAMES[p][lang()]} {_score_text(totals['perspectives'][p.value])}" for p in Perspective]
    title = f"{t('app_title')} · {f.label(f.period_start(f.end))}"

    build = partial(report.scorecard_pdf, rows, title=title, subtitle=t("overview_title"), headers=["", *columns],
                    tiles=tiles, lang=lang())
    file_downloads.pdf_download(t("download_report"), build, f"scorecard-{f.label(f.period_start(f.end))}.pdf",
                                key="report_pdf")
