"""Plotly figure factories: ``(frame, *, ...) -> go.Figure``. No Streamlit, no data loading."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.core.safe import chart_texts
from metrics.base.format import axis_text, format_number, nice_ticks
from metrics.scorecard.strategy import OBJECTIVES, Perspective

# Status colours from the Okabe-Ito palette (safe for the common colour-vision deficiencies): bluish green, orange
# and vermillion for marks and lines; for fills (table chips, map boxes) a tint and two shades of them whose
# luminances step by >= 3:1 (WCAG contrast between each pair of on target, close and off target: 3.5, 3.2 and
# 11.3, tests/dashboard/core/test_colours.py), so they part even in grey. "none" is a neutral grey, told from
# "on target" by hue and by its label (four fills cannot all differ by 3:1).
STATUS_COLOURS = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00", "none": "#999999"}
STATUS_FILL = {"green": "#BDE8D2", "amber": "#A86400", "red": "#4F0A12", "none": "#E0E0E0"}
BLUE, GREY = "#1f5fa8", "#9e9e9e"
FONT = "Noto Sans CJK SC, Source Sans Pro, sans-serif"
BANDS = [Perspective.LEARNING, Perspective.PROCESS, Perspective.CUSTOMER, Perspective.FINANCIAL]


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    low, high = sorted((luminance(first), luminance(second)))
    return (high + 0.05) / (low + 0.05)


def text_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill``."""
    return "#000000" if contrast(fill, "#000000") >= contrast(fill, "#ffffff") else "#ffffff"


def _layout(fig: go.Figure, *, title: str = "", height: int = 320) -> go.Figure:
    fig.update_layout(title={"text": title, "font": {"size": 15}}, height=height, font={"family": FONT},
                      margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10}, plot_bgcolor="white",
                      legend={"orientation": "h", "y": -0.2})
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(gridcolor="#eeeeee")
    return fig


def _axis_format(unit: str, lang: str, values, *, from_zero: bool = True) -> dict:
    """Tick values and texts from the one formatter (money in 万/亿 in Chinese, units in the language);
    ``from_zero`` for bars (their axis starts at 0), not for lines (their axis fits the data)."""
    finite = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if unit == "percent":
        return {"tickformat": ".0%"}
    if not finite or unit not in ("currency", "count", "hours", "days"):
        return {"tickformat": ",d"} if unit == "count" else {}
    low, high = (min(0.0, *finite), max(0.0, *finite)) if from_zero else (min(finite), max(finite))
    ticks = nice_ticks(low, high)
    return {"tickmode": "array", "tickvals": ticks, "ticktext": [axis_text(v, unit, lang) for v in ticks]}


def _month_axis(fig: go.Figure, lang: str) -> None:
    """Period labels (``2026-10``) read as dates by Plotly: month names in the language."""
    if lang == "zh":
        fig.update_xaxes(tickformat="%Y年%-m月")


def trend_with_target(series: pd.Series, *, target: float, amber_edge: float, unit: str, name: str,
                      target_label: str, amber_label: str, labels: list[str], lang: str = "en") -> go.Figure:
    """The KPI per period against its target line and the amber band between target and amber edge."""
    fig = go.Figure()
    if math.isfinite(target) and math.isfinite(amber_edge):
        low, high = sorted((target, amber_edge))
        fig.add_hrect(y0=low, y1=high, fillcolor=STATUS_COLOURS["amber"], opacity=0.18, line_width=0, layer="below",
                      annotation_text=amber_label, annotation_position="top right" if low == target else "bottom right",
                      annotation_font={"color": "#8a6100", "size": 11})
        fig.add_hline(y=target, line={"color": STATUS_COLOURS["green"], "dash": "dash"},
                      annotation_text=target_label, annotation_position="top left",
                      annotation_font={"color": STATUS_COLOURS["green"], "size": 11})
    fig.add_trace(go.Scatter(x=labels, y=series.to_numpy(), mode="lines+markers", name=name,
                             line={"color": BLUE, "width": 2.5}, connectgaps=False))
    fig.update_yaxes(**_axis_format(unit, lang, [*series.to_list(), target, amber_edge], from_zero=False), title=None)
    _month_axis(fig, lang)
    return _layout(fig, height=300)


def breakdown_bars(frame: pd.DataFrame, *, unit: str, title: str, lang: str = "en", target: float | None = None,
                   target_label: str = "", hover: str = "") -> go.Figure:
    """Horizontal bars of ``value`` per ``label``, largest on top; each bar carries its ``member`` (customdata: a
    click filters the page by it) and, with a finite ``target``, a dashed target line named ``target_label``."""
    ordered = frame.dropna(subset=["value"]).sort_values("value")
    members = ordered["member"] if "member" in ordered else ordered["label"]
    fig = go.Figure(go.Bar(x=ordered["value"], y=chart_texts(ordered["label"]), orientation="h", marker_color=BLUE,
                           customdata=list(members),
                           hovertemplate=f"%{{y}}: %{{x}}{'<br>' + hover if hover else ''}<extra></extra>"))
    values = list(ordered["value"])
    if target is not None and math.isfinite(target):
        fig.add_vline(x=target, line={"color": STATUS_COLOURS["green"], "dash": "dash", "width": 2},
                      annotation_text=target_label, annotation_position="top",
                      annotation_font={"color": STATUS_COLOURS["green"], "size": 11})
        values.append(target)
    fig.update_xaxes(**_axis_format(unit, lang, values))
    fig.update_layout(clickmode="event+select", dragmode=False)
    return _layout(fig, title=title, height=max(220, 34 * len(ordered) + 80))


def objective_boxes(fig: go.Figure) -> dict[str, tuple[float, float, float, float]]:
    """Objective id -> (x0, x1, y0, y1) of its box on a :func:`strategy_map` (the outlined rectangles, drawn in the
    map's order: band by band from learning up, objectives in catalogue order)."""
    order = [o.id for band in BANDS for o in OBJECTIVES if o.perspective == band]
    boxes = [s for s in fig.layout.shapes if s.type == "rect" and s.line is not None and (s.line.width or 0) > 0]
    return {objective: (b.x0, b.x1, b.y0, b.y1) for objective, b in zip(order, boxes, strict=True)}


def clickable_boxes(fig: go.Figure, *, hover: dict[str, str]) -> go.Figure:
    """The map with a transparent marker over each objective's box carrying its id (customdata), so a click on a box
    is a selection event (``st.plotly_chart(on_select=...)``); ``hover``: objective id -> hover text."""
    boxes = objective_boxes(fig)
    ids = list(boxes)
    fig.add_trace(go.Scatter(
        x=[(boxes[i][0] + boxes[i][1]) / 2 for i in ids], y=[(boxes[i][2] + boxes[i][3]) / 2 for i in ids],
        mode="markers", customdata=ids, hovertext=[hover.get(i, "") for i in ids], hoverinfo="text",
        marker={"symbol": "square", "size": 44, "opacity": 0.01, "color": "#ffffff"}, showlegend=False,
        name="objectives"))
    fig.update_layout(clickmode="event+select", dragmode=False)
    return fig


def revenue_split(frame: pd.DataFrame, *, labels: list[str], new_label: str, existing_label: str,
                  title: str, lang: str = "en") -> go.Figure:
    """Stacked bars of revenue from new and from existing customers per period."""
    fig = go.Figure([
        go.Bar(x=labels, y=frame["existing_revenue"], name=existing_label, marker_color=BLUE),
        go.Bar(x=labels, y=frame["new_revenue"], name=new_label, marker_color="#7fb3e6"),
    ])
    fig.update_layout(barmode="stack")
    fig.update_yaxes(**_axis_format("currency", lang, frame["existing_revenue"] + frame["new_revenue"]))
    _month_axis(fig, lang)
    return _layout(fig, title=title)


def cohort_heatmap(frame: pd.DataFrame, *, title: str, x_title: str, y_title: str) -> go.Figure:
    """Cohorts (rows) by months since acquisition (columns), coloured by the share still active."""
    grid = frame.pivot(index="cohort", columns="months_since", values="rate")
    fig = go.Figure(go.Heatmap(z=grid.to_numpy(), x=[str(c) for c in grid.columns], y=list(grid.index),
                               colorscale="Blues", zmin=0.5, zmax=1, texttemplate="%{z:.0%}",
                               hovertemplate="%{y}, +%{x}: %{z:.1%}<extra></extra>",
                               colorbar={"tickformat": ".0%"}))
    fig.update_yaxes(autorange="reversed", title=y_title)
    fig.update_xaxes(title=x_title)
    return _layout(fig, title=title, height=max(300, 26 * len(grid) + 120))


def funnel_chart(frame: pd.DataFrame, *, names: dict[str, str], title: str, lang: str = "en") -> go.Figure:
    """The lead -> opportunity -> won funnel with conversion from the first step (counts in the language's
    format: 87,343 / 8.7万)."""
    fig = go.Figure(go.Funnel(y=[names[s] for s in frame["step"]], x=frame["count"], marker_color=BLUE,
                              text=[format_number(v, lang) for v in frame["count"]], textinfo="text+percent initial"))
    return _layout(fig, title=title, height=300)


def stage_velocity_bars(frame: pd.DataFrame, *, names: dict[str, str], title: str, days_label: str) -> go.Figure:
    fig = go.Figure(go.Bar(x=[names[s] for s in frame["stage"]], y=frame["days"], marker_color=BLUE,
                           text=[f"{d:.0f}" for d in frame["days"]], textposition="outside"))
    fig.update_yaxes(title=days_label)
    return _layout(fig, title=title, height=300)


def training_scatter(frame: pd.DataFrame, *, title: str, x_title: str, y_title: str,
                     size_label: str) -> go.Figure:
    """Each account manager: training hours against the completeness of their customers' data."""
    fig = go.Figure(go.Scatter(
        x=frame["training_hours"], y=frame["completeness"], mode="markers", text=chart_texts(frame["name"]),
        customdata=frame["customers"],
        marker={"size": frame["customers"], "sizemode": "area", "sizemin": 3, "color": BLUE, "opacity": 0.5,
                "sizeref": 2.0 * max(float(frame["customers"].max()), 1.0) / 30 ** 2},  # the largest: 30 px
        hovertemplate=f"%{{text}}<br>{x_title}: %{{x}}<br>{y_title}: %{{y:.0%}}<br>{size_label}: "
                      "%{customdata:,}<extra></extra>"))
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title, tickformat=".0%")
    return _layout(fig, title=title, height=340)


def _text_width(text: str) -> int:
    """A label's width in Latin-letter units: a Chinese character is about two Latin letters wide."""
    return sum(2 if ord(char) > 0x2E7F else 1 for char in text)


def _wrap(text: str, width: int = 22) -> str:
    """Break a label into lines of at most ``width`` Latin-letter units for a box: at spaces, and between any two
    Chinese characters (which count double), so a Chinese name of up to ten characters stays on one line."""
    tokens: list[str] = []  # words and single Chinese characters, each with the space before it
    for k, word in enumerate(text.split()):
        pieces = list(word) if _text_width(word) > len(word) else [word]
        tokens += [(" " if k and i == 0 else "") + piece for i, piece in enumerate(pieces)]
    lines, line = [], ""
    for token in tokens:
        if line and _text_width(line + token) > width:
            lines.append(line)
            line = token.lstrip()
        else:
            line = line + token if line else token.lstrip()
    return "<br>".join([*lines, line])


# a box's half height in band units: two lines of name and the status line fit inside at the map's height
BOX_HALF_HEIGHT = 0.3


def strategy_map(statuses: dict[str, str], *, names: dict[str, str], band_names: dict[Perspective, str],
                 links: tuple[tuple[str, str], ...], key_objectives: set[str], height: int = 470,
                 status_names: dict[str, str] | None = None) -> go.Figure:
    """Objectives in four bands (learning at the bottom, financial on top), filled by status (and, with
    ``status_names``, the status in words under the name), with cause-and-effect arrows in grey (the evidence
    map, :func:`strategy_map_with_evidence`, styles them from another palette). ``key_objectives`` get a star and
    a thick border."""
    positions: dict[str, tuple[float, float]] = {}
    half = min(0.085, 0.83 / max(sum(o.perspective == p for o in OBJECTIVES) for p in BANDS) / 2 - 0.008)
    fig = go.Figure()
    for row, perspective in enumerate(BANDS):
        members = [o for o in OBJECTIVES if o.perspective == perspective]
        fig.add_shape(type="rect", x0=0, x1=1, y0=row, y1=row + 1, line_width=0,
                      fillcolor="#f7f9fc" if row % 2 else "#ffffff", layer="below")
        fig.add_annotation(x=0.005, y=row + 0.93, text=f"<b>{band_names[perspective]}</b>", showarrow=False,
                           xanchor="left", yanchor="top", font={"size": 12, "color": "#555"})
        for k, objective in enumerate(members):
            positions[objective.id] = (0.17 + (k + 0.5) * 0.83 / len(members), row + 0.42)
    for cause, effect in links:
        (x0, y0), (x1, y1) = positions[cause], positions[effect]
        if y1 > y0:  # up to the next band: from the top edge to the bottom edge
            start, end = (x0, y0 + BOX_HALF_HEIGHT), (x1, y1 - BOX_HALF_HEIGHT)
        else:  # within a band: from side to side
            step = half if x1 > x0 else -half
            start, end = (x0 + step, y0 - 0.08), (x1 - step, y1 - 0.08)
        fig.add_annotation(x=end[0], y=end[1], ax=start[0], ay=start[1], xref="x", yref="y", axref="x", ayref="y",
                           showarrow=True, arrowhead=3, arrowsize=1, arrowwidth=1.2, arrowcolor="#90a4ae",
                           standoff=2, text="")
    for objective_id, (x, y) in positions.items():
        status = statuses.get(objective_id, "none")
        key = objective_id in key_objectives
        fig.add_shape(type="rect", x0=x - half, x1=x + half, y0=y - BOX_HALF_HEIGHT, y1=y + BOX_HALF_HEIGHT,
                      fillcolor=STATUS_FILL[status], line={"color": STATUS_COLOURS[status], "width": 3 if key else 1.5})
        label = _wrap(("★ " if key else "") + names[objective_id])
        if status_names:  # the status in words too: the fill is never the only carrier
            label += f"<br><i><span style='font-size:9px'>{status_names.get(status, '')}</span></i>"
        fig.add_annotation(x=x, y=y, text=label, showarrow=False,
                           font={"size": 11, "color": text_on(STATUS_FILL[status])})
    fig.update_xaxes(visible=False, range=[0, 1], fixedrange=True)
    fig.update_yaxes(visible=False, range=[0, 4], fixedrange=True)
    return _layout(fig, height=height)


def rfm_grid(frame: pd.DataFrame, *, title: str, x_title: str, y_title: str) -> go.Figure:
    """Customers counted by recency score (rows, 5 on top) and frequency-and-monetary score (columns)."""
    grid = frame.pivot_table(index="r_score", columns="fm_score", values="customers", aggfunc="sum",
                             fill_value=0).reindex(index=range(1, 6), columns=range(1, 6), fill_value=0)
    fig = go.Figure(go.Heatmap(z=grid.to_numpy(), x=[str(c) for c in grid.columns], y=[str(r) for r in grid.index],
                               colorscale="Blues", texttemplate="%{z:,}", hovertemplate="R %{y}, FM %{x}: %{z:,}"
                               "<extra></extra>", showscale=False))
    fig.update_xaxes(title=x_title, type="category")  # every score 1..5 labelled (numbers would thin the ticks)
    fig.update_yaxes(title=y_title, type="category")
    return _layout(fig, title=title, height=340)


def share_bars(frame: pd.DataFrame, *, labels: list[str], series: dict[str, str], title: str) -> go.Figure:
    """Grouped horizontal bars: each group's share of customers, revenue and profit."""
    colours = [BLUE, "#7fb3e6", "#2e7d32"]
    fig = go.Figure([go.Bar(y=labels, x=frame[column], name=name, orientation="h", marker_color=colour)
                     for (column, name), colour in zip(series.items(), colours, strict=False)])
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickformat=".0%")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title=title, height=max(300, 60 * len(labels) + 80))


def picket_fence_chart(fence: pd.DataFrame, *, top: int, title: str, x_title: str, y_title: str,
                       managed_label: str, unmanaged_label: str, fence_label: str) -> go.Figure:
    """Cumulative share of predicted value by customer rank; managed customers marked; the fence as a line."""
    fig = go.Figure()
    for managed, name, colour, size in ((False, unmanaged_label, "#e0a0a0", 3), (True, managed_label, BLUE, 5)):
        part = fence[fence["managed"] == managed]
        fig.add_trace(go.Scattergl(x=part["rank"], y=part["share"], mode="markers", name=name,
                                   marker={"size": size, "color": colour}))
    fig.add_vline(x=top, line={"color": "#333", "dash": "dash"}, annotation_text=fence_label,
                  annotation_position="top right")
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title=y_title, tickformat=".0%", range=[0, 1.02])
    return _layout(fig, title=title, height=360)


# --- strategy links and forecasts (issue 11) ------------------------------------------------------
# arrows by line style and a palette apart from the boxes' status colours (Okabe-Ito blue and reddish purple:
# never the green and red of a status, so an arrow's evidence is not read as an objective's status)
EVIDENCE_STYLE = {"supported": ("#0072B2", "solid", 2.4), "contradicted": ("#CC79A7", "solid", 2.4),
                  "not_shown": ("#90a4ae", "dot", 1.2), "not_enough_data": ("#c9bfb1", "dash", 1.0)}
EVIDENCE_ORDER = ("supported", "contradicted", "not_shown", "not_enough_data")


def strategy_map_with_evidence(statuses: dict[str, str], *, evidence: dict[tuple[str, str], tuple[str, str]],
                               names: dict[str, str], band_names: dict[Perspective, str],
                               links: tuple[tuple[str, str], ...], key_objectives: set[str],
                               legend: dict[str, str] | None = None, height: int = 470,
                               status_names: dict[str, str] | None = None,
                               legend_titles: dict[str, str] | None = None) -> go.Figure:
    """:func:`strategy_map` with each arrow styled by its measured evidence (``evidence``: link ->
    (supported | contradicted | not_shown | not_enough_data, hover text)), a dot at its middle carrying the
    numbers on hover, and a legend entry per evidence named by ``legend`` (evidence -> name). With
    ``status_names`` (status -> name) the boxes say their status and the one legend has two titled groups
    (``legend_titles``: ``status`` and ``evidence`` -> title): box fills, then arrow styles."""
    fig = strategy_map(statuses, names=names, band_names=band_names, links=links, key_objectives=key_objectives,
                       height=height, status_names=status_names)
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    xs, ys, colours, texts = [], [], [], []
    for arrow, link in zip(arrows, links, strict=True):
        status, hover = evidence.get(link, ("not_enough_data", ""))
        colour, _, width = EVIDENCE_STYLE.get(status, EVIDENCE_STYLE["not_enough_data"])
        arrow.update(arrowcolor=colour, arrowwidth=width)
        xs.append((arrow.x + arrow.ax) / 2)
        ys.append((arrow.y + arrow.ay) / 2)
        colours.append(colour)
        texts.append(hover)
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="markers", marker={"size": 9, "color": colours,
                                                                 "line": {"color": "white", "width": 1}},
                             hovertext=texts, hoverinfo="text", showlegend=False))
    titles = legend_titles or {}
    for status in STATUS_FILL if legend and status_names else ():  # legend entries only: no points of their own
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=status_names.get(status, status),
                                 marker={"symbol": "square", "size": 14, "color": STATUS_FILL[status],
                                         "line": {"color": STATUS_COLOURS[status], "width": 1.5}},
                                 legendgroup="status", legendgrouptitle={"text": titles.get("status", "")},
                                 hoverinfo="skip", showlegend=True))
    for status in EVIDENCE_ORDER if legend else ():
        colour, dash, width = EVIDENCE_STYLE[status]
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=legend.get(status, status),
                                 line={"color": colour, "dash": dash, "width": max(width, 2.0)},
                                 legendgroup="evidence", legendgrouptitle={"text": titles.get("evidence", "")},
                                 hoverinfo="skip", showlegend=True))
    if legend:
        fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.02, "x": 0, "yanchor": "top",
                                                   "groupclick": "toggleitem"})
    return fig


def link_series(source: pd.Series, target: pd.Series, *, source_name: str, target_name: str,
                source_unit: str, target_unit: str, title: str, lang: str = "en") -> go.Figure:
    """Source (already shifted by the lag) and target over the months, on two axes."""
    fig = go.Figure()
    labels = [f"{p:%Y-%m}" for p in target.index]
    fig.add_trace(go.Scatter(x=labels, y=source.to_numpy(), name=source_name, line={"color": GREY, "width": 2}))
    fig.add_trace(go.Scatter(x=labels, y=target.to_numpy(), name=target_name, line={"color": BLUE, "width": 2.5},
                             yaxis="y2"))
    fig.update_layout(yaxis={**_axis_format(source_unit, lang, source, from_zero=False), "title": None},
                      yaxis2={**_axis_format(target_unit, lang, target, from_zero=False), "overlaying": "y",
                              "side": "right", "showgrid": False})
    return _layout(fig, title=title, height=320)


def link_scatter(x: pd.Series, y: pd.Series, *, effect: float, low: float, high: float, x_title: str,
                 y_title: str, title: str, line_label: str, band_label: str, x_unit: str = "",
                 y_unit: str = "") -> go.Figure:
    """Points (trend removed, so centred) with the fitted line through the centre and the fan of the slopes
    within the 95% interval; both axes numbers with round ticks (``x_unit``/``y_unit``: the KPIs' units)."""
    fig = go.Figure()
    span = np.linspace(float(x.min()), float(x.max()), 30)
    edges = np.vstack([span * low, span * high])
    fig.add_trace(go.Scatter(x=np.r_[span, span[::-1]], y=np.r_[edges.max(axis=0), edges.min(axis=0)[::-1]],
                             fill="toself", fillcolor="rgba(31,95,168,0.15)", line={"width": 0}, name=band_label,
                             hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=x.to_numpy(), y=y.to_numpy(), mode="markers", marker={"color": GREY, "size": 7},
                             text=[f"{p:%Y-%m}" for p in y.index], showlegend=False))
    fig.add_trace(go.Scatter(x=span, y=span * effect, mode="lines", line={"color": BLUE, "width": 2.5},
                             name=line_label))
    fig.update_xaxes(title=x_title, type="linear", **_rounded_axis(x, x_unit))
    fig.update_yaxes(title=y_title, type="linear", **_rounded_axis(np.r_[y.to_numpy(), edges.ravel()], y_unit))
    return _layout(fig, title=title, height=340)


def _rounded_axis(values, unit: str) -> dict:
    """Round ticks (1, 2, 2.5 or 5 times a power of ten) over ``values``, labelled with the digits their step
    needs: percent KPIs (fractions) in points, others as plain numbers with thousands separators."""
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    if not finite.size:
        return {}
    ticks = nice_ticks(float(finite.min()), float(finite.max()))
    if len(ticks) < 2:
        return {}
    scale, suffix = (100.0, "%") if unit == "percent" else (1.0, "")
    step = (ticks[1] - ticks[0]) * scale
    digits = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
    return {"tickmode": "array", "tickvals": ticks, "ticktext": [f"{v * scale:,.{digits}f}{suffix}" for v in ticks]}


def add_forecast(fig: go.Figure, path: pd.DataFrame, anomalies: pd.DataFrame, *, line_label: str,
                 band_label: str, anomaly_label: str) -> go.Figure:
    """A trend chart with the forecast path (``period`` labels, forecast, low90, high90) and a band, and the
    anomalous months (``period`` labels, value) marked."""
    if len(path):
        fig.add_trace(go.Scatter(x=list(path["label"]) + list(path["label"])[::-1],
                                 y=list(path["high90"]) + list(path["low90"])[::-1], fill="toself",
                                 fillcolor="rgba(31,95,168,0.12)", line={"width": 0}, name=band_label,
                                 hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=path["label"], y=path["forecast"], mode="lines+markers", name=line_label,
                                 line={"color": BLUE, "dash": "dot", "width": 2}))
    if len(anomalies):
        fig.add_trace(go.Scatter(x=anomalies["label"], y=anomalies["value"], mode="markers", name=anomaly_label,
                                 marker={"symbol": "circle-open", "size": 16, "color": STATUS_COLOURS["red"],
                                         "line": {"width": 2.5}}))
    return fig
