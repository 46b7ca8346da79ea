"""The Overview's parts: score tiles, the strategy map, the scorecard tables and its PDF. With
``dashboard.scorecard.perspective``, the only place that calls ``st.metric`` for a KPI; labels, units, formats and
help text come from the catalogue."""

from __future__ import annotations

import math
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.cache import initiatives as initiative_cache
from dashboard.cache import reports as report_cache
from dashboard.core import auth, charts, labels, widths
from dashboard.core import downloads as file_downloads
from dashboard.core.i18n import lang, t
from dashboard.core.navigation import ADMIN_TARGETS, INITIATIVES, PERSPECTIVE_PAGES
from dashboard.drill import views as drill
from dashboard.links import views as link_views
from dashboard.review import marks as review_marks
from metrics.base.filters import Filters
from metrics.base.format import format_change, format_value
from metrics.initiatives.flags import red_without_initiative
from metrics.scorecard import verdict
from metrics.scorecard.needs import needs_words
from metrics.scorecard.registry import get
from metrics.scorecard.scoring import objective_statuses, rollup
from metrics.scorecard.strategy import LINKS, OBJECTIVES, PERSPECTIVE_NAMES, VALUE_PROPOSITIONS, Perspective

# a status told by shape as well as colour (colour-blind readers): ● on target, ◆ close, ▲ off target, ○ no value
STATUS_BADGE = {"green": ":green[●]", "amber": ":orange[◆]", "red": ":red[▲]", "none": ":gray[○]"}
STATUS_COLOUR = charts.STATUS_FILL  # the tables' status chips: contrast-tested fills (dashboard.core.charts)
# a change's chip by whether it is good for its KPI (``verdict.change_goodness``): light tints, the status
# chips' strong fills stay for the status
CHANGE_COLOUR = {"good": "#BDE8D2", "bad": "#F6C6AD", "flat": "#E0E0E0"}


def status_label(status: str) -> str:
    return t(f"status_{status}")


def shown_value(row: dict) -> str:
    """The KPI's value, or "not measured: needs service tickets" when the data it needs is missing."""
    if row.get("needs"):
        return t("not_measured", what=needs_words(row["needs"], lang()))
    return format_value(row["value"], row["unit"], lang(), per=row.get("per"))


def score_tiles(card: pd.DataFrame) -> None:
    """The overall score and the four perspective scores, with their change since the previous period."""
    now, before = rollup(card), rollup(card, "score_prev")
    with st.container(horizontal=True):
        tiles = [(t("overall_score"), now["overall"], before["overall"])]
        tiles += [(PERSPECTIVE_NAMES[p][lang()], now["perspectives"][p.value], before["perspectives"][p.value])
                  for p in Perspective]
        bands = {"green": verdict.SCORE_BANDS["green"], "amber": verdict.SCORE_BANDS["amber"]}
        for label, value, previous in tiles:
            delta = None if not (math.isfinite(value) and math.isfinite(previous)) else f"{value - previous:+.0f}"
            band = verdict.score_band(value)  # the verdict line's rule: one colour rule for every score shown
            st.metric(label, "–" if not math.isfinite(value) else
                      t("score_of", score=f"{value:.0f}"), delta, border=True,
                      help=t("verdict_score_tile_help", band=status_label(band), green=f"{bands['green']:.0f}",
                             amber=f"{bands['amber']:.0f}"))
    verdict_line(now["overall"], card)
    if "needs" in card and card["needs"].map(bool).any():  # some KPIs lack data: say what the scores rest on
        st.caption(t("measured_of", measured=int((~card["needs"].map(bool)).sum()), total=len(card)))
    coverage_note(card)
    baseline_note(card)
    initiative_note(card)


def verdict_line(overall: float, card: pd.DataFrame) -> None:
    """The first screen's verdict in words: the score in its band and how many KPIs are on target, close, off."""
    if not math.isfinite(overall):
        st.markdown(t("verdict_no_score"))
        return
    counts, band = verdict.status_counts(card), verdict.score_band(overall)
    unjudged = t("verdict_unjudged", count=counts.none) if counts.none else ""
    st.markdown(f"{STATUS_BADGE[band]} " + t(
        "verdict_line", score=f"{overall:.0f}", band=status_label(band), green=f"{verdict.SCORE_BANDS['green']:.0f}",
        amber=f"{verdict.SCORE_BANDS['amber']:.0f}", on=counts.green, close=counts.amber, off=counts.red,
        unjudged=unjudged))


def coverage_note(card: pd.DataFrame) -> None:
    """"Financial score from 5 of 8 KPIs" for every perspective whose score rests on fewer than all its KPIs."""
    partial = verdict.partial_coverage(card)
    if partial:
        parts = [t("verdict_coverage", perspective=PERSPECTIVE_NAMES[Perspective(p)][lang()], n=n, total=total)
                 for p, (n, total) in partial.items()]
        st.caption("; ".join(parts) + (": " if lang() == "en" else "：") + t("verdict_coverage_why"))


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


def initiative_note(card: pd.DataFrame) -> None:
    """How many red KPIs no active initiative works on (``metrics.initiatives.flags``), with a link to the Initiatives
    page (issue 20)."""
    missing = red_without_initiative(card, initiative_cache.covered_kpis(cache.store()))
    if not missing:
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(t("initiatives_red_count", count=len(missing)), help=", ".join(labels.kpi_labeller()(k)
                                                                                 for k in missing))
        if st.button(t("initiatives_open"), icon=INITIATIVES.icon, key="overview_initiatives_link"):
            st.switch_page(INITIATIVES.path, query_params=st.query_params.to_dict())


def shown_target(row: dict, language: str) -> str:
    """The target as shown: a baseline one says so, and so does one derived from the company's under a filter."""
    text = format_value(row["target"], row["unit"], language, per=row.get("per"))
    if text == "–":
        return text
    if row.get("target_scope") == "derived":
        return t("targets_derived_marker", value=text)
    if row.get("target_scope") == "segment":
        return t("targets_segment_marker", value=text)
    if row.get("target_scope") == "segment_month":
        return t("targets_segment_month_marker", value=text)
    if row.get("target_scope") == "month":
        return t("targets_month_marker", value=text)
    if row.get("target_source") == "baseline":
        return t("targets_baseline_marker", value=text)
    return text


def derived_note(card: pd.DataFrame) -> None:
    """Under a filter: which targets are derived from the company's, and the shares they rest on."""
    if "target_scope" not in card or "derived" not in card["target_scope"].tolist():
        return
    derived = card[card["target_scope"] == "derived"]
    name = "name_en" if lang() == "en" else "name_zh"
    shares = ", ".join(f"{row[name]} {format_value(row['target_share'], 'percent', lang())}"
                       for row in derived.to_dict("records"))
    kpis = ", ".join(derived[name])
    until = derived["target_share_until"].dropna()
    st.caption(t("targets_derived_note", kpis=kpis, shares=shares, month=until.iloc[0] if len(until) else "–"))


def strategy_map(card: pd.DataFrame, vp: str, evidence: dict | None = None) -> None:
    """``evidence``: per link, its measured evidence and hover text (``link_views.map_evidence``)."""
    key = {o.id for o in OBJECTIVES if o.process in VALUE_PROPOSITIONS[vp]["key_processes"]}
    parts = dict(names={o.id: o.name[lang()] for o in OBJECTIVES},
                 band_names={p: PERSPECTIVE_NAMES[p][lang()] for p in Perspective}, links=LINKS, key_objectives=key,
                 status_names={s: status_label(s) for s in STATUS_COLOUR})
    statuses = objective_statuses(card)
    titles = {"status": t("verdict_map_status"), "evidence": t("verdict_map_evidence")}
    # built once per (statuses, evidence, language, value proposition) for every session: a second to build
    fig = cache.figure("strategy_map", (tuple(statuses.items()), repr(evidence), lang(), vp),
                       lambda: charts.clickable_boxes(
                           charts.strategy_map_with_evidence(statuses, evidence=evidence,
                                                             legend=link_views.evidence_names(),
                                                             legend_titles=titles, **parts)
                           if evidence
                           else charts.strategy_map(statuses, **parts),
                           hover={o.id: f"{o.name[lang()]}<br>{t('drill_map_hover')}" for o in OBJECTIVES}))
    st.subheader(t("strategy_map"), help=t("strategy_map_help"))
    event = st.plotly_chart(fig, width="stretch", config={"displayModeBar": False}, on_select="rerun",
                            selection_mode="points", key="strategy_map_click")
    st.caption(t("drill_map_help"))
    open_objective(card, event)
    if evidence:
        st.caption(t("map_evidence_legend"))
    key_process_note(vp)


def open_objective(card: pd.DataFrame, event) -> None:
    """A click on an objective's box: the customers behind its worst KPI with a customer list, else that KPI's
    trend."""
    points = event.selection.points if event is not None and event.selection else []
    objective = next((p.get("customdata") for p in points if isinstance(p.get("customdata"), str)), None)
    kpi_id = drill.objective_kpi(card, objective) if objective else None
    if kpi_id and drill.has_list(kpi_id):
        drill.open_who(kpi_id)
    open_kpi(kpi_id)


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
            names[change]: format_change(row[change], unit, language, per=row.get("per")),
            names["trend_12"]: [v for _, v in row["trend"][-12:] if v is not None],
            **({names["forecast_col"]: link_views.flag_text(flags.get(row["id"]))} if flags else {}),
        })
    return pd.DataFrame(rows)


def scorecard_tables(card: pd.DataFrame, compare: str, flags: dict | None = None) -> str | None:
    """One table per perspective. A selected row opens the customers behind its KPI (``dashboard.drill``); for a KPI
    not built from customers, returns its id (its trend is opened)."""
    chosen = None
    shown = review_marks.with_review_columns(scorecard_frame(card, compare, flags), card)  # owner, note due (issue 20)
    # status as a coloured chip (a one-option multiselect cell): a pandas Styler colouring the cell cost several
    # times the whole table on every run
    shown[t("status")] = [[label] for label in shown[t("status")]]
    chips = st.column_config.MultiselectColumn(options=[status_label(s) for s in STATUS_COLOUR],
                                               color=list(STATUS_COLOUR.values()))
    change = t("delta_prev" if compare == "prev" else "delta_year")
    goodness = [verdict.change_goodness(v, b) for v, b in
                zip(card["delta_prev" if compare == "prev" else "delta_year"], card["better"], strict=True)]
    shown[change] = [[_chip_text(text, good)] for text, good in zip(shown[change], goodness, strict=True)]
    px = fitted_widths(shown, (t("value"), t("target"), change, t("trend_12"), t("forecast_col")))
    forecast = ({t("forecast_col"): st.column_config.TextColumn(help=t("verdict_forecast_help"),
                                                                width=px[t("forecast_col")])}
                if t("forecast_col") in shown else {})
    ids = shown.pop("id").tolist()
    for perspective in Perspective:
        mask = card["perspective"].to_numpy() == perspective.value
        part = shown[mask].reset_index(drop=True)
        part_ids = [k for k, m in zip(ids, mask, strict=True) if m]
        changes = dict(zip((texts[0] for texts in part[change]), (g for g, m in zip(goodness, mask, strict=True)
                                                                    if m), strict=True))
        st.markdown(f"**{PERSPECTIVE_NAMES[perspective][lang()]}**")
        event = st.dataframe(
            part, hide_index=True, width="stretch", on_select="rerun",
            height=35 * (len(part) + 1) + 3,
            selection_mode="single-row", key=f"card_{perspective.value}",
            column_config={t("trend_12"): st.column_config.LineChartColumn(width=px[t("trend_12")]),
                           t("kpi"): st.column_config.TextColumn(width="large"), t("status"): chips,
                           t("value"): st.column_config.TextColumn(width=px[t("value")]),
                           t("target"): st.column_config.TextColumn(width=px[t("target")]),
                           change: st.column_config.MultiselectColumn(
                               options=list(changes), color=[CHANGE_COLOUR[g] for g in changes.values()],
                               help=t("verdict_change_help"), width=px[change]), **forecast})
        if event.selection.rows:
            chosen = part_ids[event.selection.rows[0]]
            if drill.has_list(chosen):
                drill.open_who(chosen)
    st.caption(t("drill_row_help"))
    derived_note(card)
    return chosen


CHIP_PX = 18  # a chip's own padding inside its cell


def fitted_widths(shown: pd.DataFrame, columns) -> dict[str, int]:
    """Pixel widths holding each of ``columns``' header and widest cell over every perspective's rows (so the
    tables line up and "Last 12 periods", "per customer" or a chance in words are never cut): ``dashboard.core
    .widths`` rules; a chip cell (a list) gets its padding, a sparkline at least its header."""
    out = {}
    for name in columns:
        if name not in shown:
            out[name] = widths.MIN_PX
            continue
        values = shown[name]
        chips = values.map(lambda v: isinstance(v, list)).any()
        texts = [] if name == t("trend_12") else [str(v[0]) if isinstance(v, list) and v else str(v)
                                                  for v in values]
        out[name] = widths.fit(name, texts) + (CHIP_PX if chips else 0)
    return out


def _chip_text(text: str, goodness: str) -> str:
    """A change's chip text: the same change good for one KPI and bad for another must be two options of the
    chip column (each option has one colour), so a bad one carries an invisible zero-width space."""
    return text + ("\u200b" if goodness == "bad" else "\u2060" if goodness == "flat" else "")


def open_kpi(kpi_id: str | None) -> None:
    """Go to the KPI's perspective page, keeping the filters, focused on that KPI."""
    if kpi_id:
        drill.open_page(PERSPECTIVE_PAGES[get(kpi_id).perspective].path, kpi=kpi_id)  # opened at its top


def kpi_picker(card: pd.DataFrame) -> str | None:
    """A select box listing every KPI: another way to open one."""
    return st.selectbox(t("open_kpi"), list(card["id"]), index=None, format_func=labels.kpi_labeller(),
                        help=t("open_kpi_help"), placeholder=t("open_kpi"), key="open_kpi")


def report_download(f: Filters) -> None:
    """The board pack (``reports.board_pack``: a multi-page PDF), made on click and shared for a few minutes."""
    build = partial(report_cache.board_pack, cache.store(), f, lang())
    file_downloads.pdf_download(t("download_report"), build, f"board-pack-{f.label(f.period_start(f.end))}.pdf",
                                key="report_pdf")
