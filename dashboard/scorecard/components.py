"""Reusable page parts. The only place that calls ``st.metric`` for a KPI; labels, units, formats and
help text come from the catalogue."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.core import charts, filters, i18n
from dashboard.core import downloads as file_downloads
from dashboard.core.i18n import lang, t
from dashboard.core.navigation import PERSPECTIVE_PAGES
from dashboard.links import views as link_views
from dashboard.scorecard import report
from metrics.base.dataset import DatabaseUnavailable, DatasetSummary
from metrics.base.dimensions import DimensionValues
from metrics.base.filters import Filters
from metrics.base.format import format_value
from metrics.base.store import Store, StoreMissing
from metrics.scorecard.needs import needs_words
from metrics.scorecard.registry import CATALOGUE, Direction, Kpi, by_perspective, get
from metrics.scorecard.scoring import objective_status, rollup
from metrics.scorecard.strategy import LINKS, OBJECTIVES, PERSPECTIVE_NAMES, VALUE_PROPOSITIONS, Perspective

STALE_AFTER = timedelta(days=31)
STATUS_BADGE = {"green": ":green[●]", "amber": ":orange[●]", "red": ":red[●]", "none": ":gray[○]"}
STATUS_COLOUR = {"green": "green", "amber": "orange", "red": "red", "none": "gray"}  # the tables' status chips


@dataclass(frozen=True)
class PageContext:
    store: Store
    version: str
    values: DimensionValues
    filters: Filters


# --- data access and states ------------------------------------------------------------------
def load_summary() -> DatasetSummary | None:
    """The dataset summary, or ``None`` after showing why the database cannot be read."""
    try:
        summary = cache.dataset_summary(cache.store_version())
    except DatabaseUnavailable as error:
        st.error(t("db_down", url=error.url, reason=error.reason), icon=":material/database_off:")
        return None
    if summary.empty:
        st.warning(t("empty_database", url=summary.url), icon=":material/inventory_2:")
        return None
    return summary


def open_store() -> tuple[Store, DimensionValues] | None:
    """The analytical store and its dimension values, or ``None`` after saying what is missing."""
    try:
        store = cache.store()
    except StoreMissing:
        return None
    return store, cache.dimension_values_of(store, store.data_version)


def page_context(title_key: str) -> PageContext | None:
    """Title, data "as of" note and the current filters; ``None`` (after a message) when there is nothing
    to show."""
    st.title(t(title_key))
    opened = open_store()
    if opened is None:  # say why: the database is down or empty, or only the store is missing
        if load_summary() is not None:
            st.error(t("store_missing"), icon=":material/database_off:")
        return None
    store, values = opened
    as_of_note(values.as_of)
    ignored = filters.problems()
    if ignored:
        st.warning(t("ignored_link_values", values=", ".join(ignored)), icon=":material/link_off:")
    f = filters.current()
    if f is None:
        st.info(t("no_data_for", what=t("period")))
        return None
    return PageContext(store, store.data_version, values, f)


def no_data(card: pd.DataFrame, f: Filters) -> bool:
    """True (after a note) when no customer matches the filters in the selected period."""
    active = card.set_index("id").loc["active_customers", "value"]
    if math.isfinite(active) and active > 0:
        return False
    what = f.label(f.period_start(f.end))
    if f.dimensions:
        what += " · " + ", ".join(f"{t(k)}: {'/'.join(i18n.member(v) for v in vs)}" for k, vs in f.dimensions.items())
    st.info(t("no_data_for", what=what), icon=":material/filter_alt_off:")
    return True


def as_of_note(as_of: date | None, *, today: date | None = None) -> None:
    """The data's "as of" date, flagged when older than a month."""
    today = today or date.today()
    if as_of is None:
        return
    if today - as_of > STALE_AFTER:
        st.warning(t("stale", as_of=i18n.day(as_of)), icon=":material/history:")
    else:
        st.caption(f"{t('as_of')}: {i18n.day(as_of)}")


# --- data page -------------------------------------------------------------------------------
def dataset_tiles(summary: DatasetSummary) -> None:
    """Headline counts of what is loaded."""
    first = summary.tables.loc[summary.tables["table"] == "sales_order", "first"].iloc[0]
    with st.container(horizontal=True):
        for key, table in [("customers", "customer"), ("orders", "sales_order"),
                           ("order_lines", "order_line"), ("tickets", "service_ticket"),
                           ("employees", "employee")]:
            st.metric(t(key), i18n.number(summary.rows(table)), border=True)
        period = f"{i18n.month(date.fromisoformat(first) if first else None)} – {i18n.month(summary.as_of)}"
        st.metric(t("period_covered"), period, border=True)


def table_listing(summary: DatasetSummary) -> None:
    """Rows and date range per table."""
    frame = summary.tables.assign(table=summary.tables["table"].map(i18n.table_name)).rename(columns={
        "table": t("table"), "rows": t("rows"), "first": t("first"), "last": t("last")})
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config={t("rows"): st.column_config.NumberColumn(format="localized")})
    downloads(frame, "tables")


# --- downloads -------------------------------------------------------------------------------
def downloads(frame: pd.DataFrame, name: str) -> None:
    """CSV and Excel buttons for a table as shown, built on click (``dashboard.downloads``)."""
    file_downloads.table_downloads(frame, name)


# --- scorecard -------------------------------------------------------------------------------
def kpi_labeller():
    """A format function naming KPIs in the current language."""
    return i18n.labeller(names={k.id: k.name for k in CATALOGUE})


def status_label(status: str) -> str:
    return t(f"status_{status}")


def delta_text(value: float, unit: str) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    if unit == "percent":
        return f"{value * 100:+.1f} pt" if lang() == "en" else f"{value * 100:+.1f} 个百分点"
    sign = "+" if value > 0 else "-" if value < 0 else ""
    return sign + format_value(abs(value), unit, lang())


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


def strategy_map(card: pd.DataFrame, vp: str, evidence: dict | None = None) -> None:
    """``evidence``: per link, its measured evidence and hover text (``link_views.map_evidence``)."""
    key = {o.id for o in OBJECTIVES if o.process in VALUE_PROPOSITIONS[vp]["key_processes"]}
    parts = dict(names={o.id: o.name[lang()] for o in OBJECTIVES},
                 band_names={p: PERSPECTIVE_NAMES[p][lang()] for p in Perspective}, links=LINKS, key_objectives=key)
    statuses = {o.id: objective_status(card, o.id) for o in OBJECTIVES}
    # built once per (statuses, evidence, language, value proposition) for every session: a second to build
    fig = cache.figure("strategy_map", (tuple(statuses.items()), repr(evidence), lang(), vp),
                       lambda: charts.strategy_map_with_evidence(statuses, evidence=evidence, **parts) if evidence
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
            names["target"]: format_value(row["target"], unit, language),
            names["status"]: statuses[row["status"]],
            names[change]: delta_text(row[change], unit),
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
    return st.selectbox(t("open_kpi"), list(card["id"]), index=None, format_func=kpi_labeller(),
                        help=t("open_kpi_help"), placeholder=t("open_kpi"), key="open_kpi")


def report_download(card: pd.DataFrame, f: Filters, shown: pd.DataFrame) -> None:
    """The overview as a one-page PDF; ``shown``: the scorecard as shown (:func:`scorecard_frame`)."""
    perspective = card["perspective"].map(lambda p: PERSPECTIVE_NAMES[Perspective(p)][lang()])
    columns = [t("kpi"), t("value"), t("target"), t("status"), shown.columns[5]]
    rows = pd.concat([perspective.rename("p"), shown[columns], card["status"]], axis=1)
    totals = rollup(card)
    tiles = [f"{t('overall_score')} {totals['overall']:.0f}"] + [
        f"{PERSPECTIVE_NAMES[p][lang()]} {totals['perspectives'][p.value]:.0f}" for p in Perspective]
    title = f"{t('app_title')} · {f.label(f.period_start(f.end))}"

    build = partial(report.scorecard_pdf, rows, title=title, subtitle=t("overview_title"), headers=["", *columns],
                    tiles=tiles, lang=lang())
    file_downloads.pdf_download(t("download_report"), build, f"scorecard-{f.label(f.period_start(f.end))}.pdf",
                                key="report_pdf")


# --- perspective pages -----------------------------------------------------------------------
def kpi_tiles(card: pd.DataFrame, perspective: Perspective, compare: str) -> None:
    """A tile per KPI of the perspective: value, change, sparkline, definition on hover."""
    rows = card[card["perspective"] == perspective.value].to_dict("records")
    for start in range(0, len(rows), 4):
        for column, row in zip(st.columns(4), rows[start:start + 4], strict=False):
            kpi = get(row["id"])
            change = row["delta_prev" if compare == "prev" else "delta_year"]
            trend = [v for _, v in row["trend"][-12:] if v is not None]
            column.metric(f"{STATUS_BADGE[row['status']]} {kpi.name[lang()]}",
                          shown_value(row),
                          None if not math.isfinite(change) else delta_text(change, row["unit"]),
                          delta_color="normal" if kpi.better == Direction.HIGHER else "inverse",
                          help=kpi.definition[lang()], chart_data=trend or None, border=True)


def focus_picker(perspective: Perspective) -> Kpi:
    """The KPI in focus: from the URL (``kpi=``) or the first of the perspective; kept in the URL."""
    ids = [k.id for k in by_perspective(perspective)]
    asked = filters.focus_kpi(ids[0])
    if st.session_state.get(f"focus_{perspective.value}") not in ids:
        st.session_state[f"focus_{perspective.value}"] = asked if asked in ids else ids[0]
    chosen = st.selectbox(t("focus_kpi"), ids, format_func=kpi_labeller(), key=f"focus_{perspective.value}")
    st.query_params["kpi"] = chosen
    return get(chosen)


def kpi_definition(kpi: Kpi) -> None:
    with st.expander(f"{t('definition')}: {kpi.name[lang()]}"):
        st.markdown(kpi.definition[lang()])
        st.caption(f"{t(kpi.kind)} · {t('higher_better' if kpi.better == Direction.HIGHER else 'lower_better')}"
                   f" · {t('objective')}: {next(o.name[lang()] for o in OBJECTIVES if o.id == kpi.objective)}")


def trend_chart(card: pd.DataFrame, kpi: Kpi, f: Filters, ctx: PageContext | None = None) -> None:
    """With ``ctx`` (company-wide, month grain), the forecast path and the unusual months are marked."""
    row = card.set_index("id").loc[kpi.id]
    points = row["trend"]
    series = pd.Series([v if v is not None else float("nan") for _, v in points])
    labels = [f.label(date.fromisoformat(p)) for p, _ in points]
    target, baseline, threshold = row["target"], row["baseline"], row["threshold"]
    direction = 1 if kpi.better == Direction.HIGHER else -1
    amber_edge = target - direction * threshold * abs(target - baseline)
    fig = charts.trend_with_target(series, target=target, amber_edge=amber_edge, unit=kpi.unit.value,
                                   name=kpi.name[lang()], target_label=t("target_band"),
                                   amber_label=t("amber_band"), labels=labels, lang=lang())
    if ctx is not None and f.grain == "month" and not f.dimensions:
        fig = link_views.decorate_trend(fig, ctx.store, ctx.version, kpi, labels, [p for p, _ in points])
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})
    if ctx is not None and not f.dimensions:
        link_views.forecast_caption(ctx.store, ctx.version, kpi)


@st.fragment
def breakdown_section(ctx: PageContext, kpi: Kpi) -> None:
    """The KPI split by a dimension the user picks (OLAP slicing), as bars and a downloadable table."""
    dimension = st.segmented_control(t("breakdown_by"), ["region", "channel", "industry", "manager"],
                                     default="region", format_func=i18n.labeller(),
                                     key=f"dim_{kpi.perspective.value}")
    dimension = dimension or "region"
    frame = cache.breakdown(ctx.store, ctx.version, kpi.id, ctx.filters, dimension)
    if dimension != "manager":
        frame = frame.assign(label=frame["label"].map(i18n.member))
    title = f"{kpi.name[lang()]} · {t(dimension)} · {ctx.filters.label(ctx.filters.period_start(ctx.filters.end))}"
    st.plotly_chart(charts.breakdown_bars(frame, unit=kpi.unit.value, title=title, lang=lang()), width="stretch",
                    config={"displayModeBar": False})
    if dimension == "manager":
        st.caption(t("breakdown_managers_note", n=len(frame)))
    shown = pd.DataFrame({t(dimension): frame["label"],
                          kpi.name[lang()]: [format_value(v, kpi.unit.value, lang()) for v in frame["value"]]})
    downloads(shown, f"{kpi.id}-by-{dimension}")


def perspective_page(perspective: Perspective) -> PageContext | None:
    """Everything a perspective page shares: tiles, the KPI in focus with its trend, definition and
    breakdown. Returns the context for the page's own charts, or ``None`` when there is nothing to show."""
    ctx = page_context(PERSPECTIVE_PAGES[perspective].title_key)
    if ctx is None:
        return None
    card = cache.scorecard(ctx.store, ctx.version, ctx.filters)
    if no_data(card, ctx.filters):
        return None
    kpi_tiles(card, perspective, filters.comparison())
    kpi = focus_picker(perspective)
    kpi_definition(kpi)
    left, right = st.columns([3, 2])
    with left:
        st.subheader(t("trend_vs_target"))
        trend_chart(card, kpi, ctx.filters, ctx)
    with right:
        st.subheader(t("breakdown"))
        breakdown_section(ctx, kpi)
    return ctx

