"""The parts every perspective page shares: KPI tiles, the KPI in focus with its trend against the target band,
its definition and its breakdown by a dimension."""

from __future__ import annotations

import math
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import cache
from dashboard.core import charts, filters, guard, labels
from dashboard.core import downloads as file_downloads
from dashboard.core.context import PageContext, no_data, page_context
from dashboard.core.i18n import lang, t
from dashboard.core.navigation import PERSPECTIVE_PAGES
from dashboard.drill import views as drill
from dashboard.links import views as link_views
from dashboard.review import history_pane as review_history
from dashboard.scorecard.overview import STATUS_BADGE, shown_value
from metrics.base.filters import Filters
from metrics.base.format import format_change
from metrics.scorecard import verdict
from metrics.scorecard.registry import Direction, Kpi, by_perspective, get
from metrics.scorecard.scoring import amber_edge
from metrics.scorecard.strategy import OBJECTIVES, Perspective


def kpi_tiles(card: pd.DataFrame, perspective: Perspective, compare: str) -> None:
    """A tile per KPI of the perspective: value, change, sparkline, definition on hover."""
    rows = card[card["perspective"] == perspective.value].to_dict("records")
    for start in range(0, len(rows), 4):
        for column, row in zip(st.columns(4), rows[start:start + 4], strict=False):
            kpi = get(row["id"])
            change = row["delta_prev" if compare == "prev" else "delta_year"]
            trend = [v for _, v in row["trend"][-12:] if v is not None]
            # one colour for the delta and the sparkline (st.metric ties them): green or red only when the change
            # shown and the trend drawn agree on good or bad for this KPI, grey otherwise
            column.metric(f"{STATUS_BADGE[row['status']]} {kpi.name[lang()]}",
                          shown_value(row),
                          None if not math.isfinite(change) else format_change(change, row["unit"], lang(),
                                                                               per=kpi.per),
                          delta_color=verdict.tile_colour(change, trend, kpi.better),
                          help=kpi.definition[lang()], chart_data=trend or None, border=True)
            if drill.has_list(kpi.id) and column.button(t("drill_who_button"), key=f"who_{kpi.id}", type="tertiary",
                                                         icon=":material/group:", help=t("drill_who_button_help")):
                drill.open_who(kpi.id)
    st.caption(t("verdict_tile_legend"))  # two rules on one tile: the mark is the status, the colour the direction


def focus_picker(perspective: Perspective) -> Kpi:
    """The KPI in focus: from the URL (``kpi=``) or the first of the perspective; kept in the URL."""
    ids = [k.id for k in by_perspective(perspective)]
    asked = filters.focus_kpi(ids[0])
    if st.session_state.get(f"focus_{perspective.value}") not in ids:
        st.session_state[f"focus_{perspective.value}"] = asked if asked in ids else ids[0]
    chosen = st.selectbox(t("focus_kpi"), ids, format_func=labels.kpi_labeller(), key=f"focus_{perspective.value}")
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
    edge = amber_edge(target=target, baseline=baseline, threshold=threshold, better=kpi.better)
    fig = charts.trend_with_target(series, target=target, amber_edge=edge, unit=kpi.unit.value,
                                   name=kpi.name[lang()], target_label=t("target_band"),
                                   amber_label=t("amber_band"), labels=labels, lang=lang())
    if ctx is not None and f.grain == "month" and not f.dimensions:
        fig = link_views.decorate_trend(fig, ctx.store, kpi, labels, [p for p, _ in points])
        fig = review_history.annotate_trend(fig, kpi.id, [p for p, _ in points], labels, [v for _, v in points])
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False})
    if ctx is not None and not f.dimensions:
        link_views.forecast_caption(ctx.store, kpi)


@guard.fragment
def breakdown_section(ctx: PageContext, kpi: Kpi) -> None:
    """The KPI split by a dimension the user picks (OLAP slicing), as bars and a downloadable table."""
    dimension = st.segmented_control(t("breakdown_by"), ["region", "channel", "industry", "manager"],
                                     default="region", format_func=labels.labeller(),
                                     key=f"dim_{kpi.perspective.value}")
    dimension = dimension or "region"
    frame = cache.breakdown(ctx.store, kpi.id, ctx.filters, dimension)
    if dimension != "manager":
        frame = frame.assign(label=frame["label"].map(labels.member))
    title = f"{kpi.name[lang()]} · {t(dimension)} · {ctx.filters.label(ctx.filters.period_start(ctx.filters.end))}"
    target = cache.scorecard(ctx.store, ctx.filters).set_index("id").loc[kpi.id, "target"]
    per_member = not kpi.additive  # a ratio's target holds in every region; a total's is the company's alone
    key = f"bars_{kpi.perspective.value}_{dimension}"
    st.plotly_chart(charts.breakdown_bars(frame, unit=kpi.unit.value, title=title, lang=lang(),
                                          target=target if per_member else None, target_label=t("drill_target"),
                                          hover=t("drill_bar_help")),
                    width="stretch", config={"displayModeBar": False}, key=key, selection_mode="points",
                    on_select=partial(filter_by_bar, key, dimension))
    if st.session_state.pop(REFILTER_KEY, False):  # a bar was clicked: the whole page follows the new filter
        st.rerun(scope="app")
    notes = [t("drill_bar_help")]
    if not per_member and math.isfinite(target):
        notes.append(t("drill_no_target_per_member", dimension=t(dimension)))
    st.caption(" ".join(notes))
    if dimension == "manager":
        st.caption(t("breakdown_managers_note", n=len(frame)))
    shown = pd.DataFrame({t(dimension): frame["label"], kpi.name[lang()]: frame["value"]})  # numbers, formatted
    file_downloads.table_downloads(shown, f"{kpi.id}-by-{dimension}", units={kpi.name[lang()]: kpi.unit.value})


REFILTER_KEY = "_breakdown_refilter"


def filter_by_bar(key: str, dimension: str) -> None:
    """A click on a breakdown bar (``on_select`` of the chart ``key``): the page's ``dimension`` filter becomes that
    bar's member (the sidebar's widget state, written to the URL on the rerun that follows)."""
    points = (st.session_state.get(key) or {}).get("selection", {}).get("points", [])
    member = next((p.get("customdata") for p in points if p.get("customdata") is not None), None)
    if member is None:
        return
    st.session_state[f"f_{dimension}"] = [int(member)] if dimension == "manager" else [str(member)]
    st.session_state[REFILTER_KEY] = True


def perspective_page(perspective: Perspective) -> PageContext | None:
    """Everything a perspective page shares: tiles, the KPI in focus with its trend, definition and
    breakdown. Returns the context for the page's own charts, or ``None`` when there is nothing to show."""
    drill.arrive_at_top()
    ctx = page_context(PERSPECTIVE_PAGES[perspective].title_key)
    if ctx is None:
        return None
    card = cache.scorecard(ctx.store, ctx.filters)
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
    review_history.history_pane(ctx, kpi)  # status month by month, check-ins, the note form (issue 20)
    return ctx
