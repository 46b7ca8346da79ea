"""Pure Plotly figures of the Sales team view: ``(frame, *, labels...) -> go.Figure``; no ``st.*``, no data loading."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.core.charts import BLUE, FONT, STATUS_COLOURS
from dashboard.core.safe import chart_texts
from metrics.base.format import format_value

TARGET_LINE = "#37474f"
BAR_HEIGHT = 22  # pixels per rep


def attainment_bars(frame: pd.DataFrame, *, title: str, target_label: str, lang: str = "en") -> go.Figure:
    """A horizontal bar per rep with an attainment, best on top, and a line at 100 %.

    ``frame``: ``label, attainment`` (a share: 1.0 is on target) and ``baseline`` (True when the target is, at
    least partly, the rep's baseline: the bar is hatched). Green at or above target, red below."""
    shown = frame.dropna(subset=["attainment"]).sort_values("attainment")
    shown = shown.assign(label=chart_texts(shown["label"]))  # reps' names are the company's: text, not HTML
    colours = [STATUS_COLOURS["green"] if v >= 1 else STATUS_COLOURS["red"] for v in shown["attainment"]]
    fig = go.Figure(go.Bar(
        x=shown["attainment"], y=shown["label"], orientation="h", marker_color=colours,
        marker_pattern_shape=["/" if b else "" for b in shown["baseline"]],
        text=[format_value(v, "percent", lang, decimals=0) for v in shown["attainment"]], textposition="outside",
        hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.add_vline(x=1.0, line_dash="dash", line_color=TARGET_LINE)
    fig.add_annotation(x=1.0, y=1, yref="paper", yanchor="bottom", text=target_label, showarrow=False,
                       font_color=TARGET_LINE)
    high = max(1.2, float(shown["attainment"].max()) * 1.15) if len(shown) else 1.2
    fig.update_layout(title={"text": title, "font": {"size": 15}}, font={"family": FONT}, plot_bgcolor="white",
                      height=90 + BAR_HEIGHT * max(len(shown), 3), margin={"l": 10, "r": 10, "t": 60, "b": 10},
                      showlegend=False)
    fig.update_xaxes(tickformat=".0%", range=[0, high], gridcolor="#eeeeee")
    fig.update_yaxes(categoryorder="array", categoryarray=list(shown["label"]))
    return fig


def weekly_advancement(frame: pd.DataFrame, *, title: str, y_title: str) -> go.Figure:
    """The team's opportunities moved forward per week: ``week_label, advanced`` (one row per week, in order)."""
    fig = go.Figure(go.Bar(x=frame["week_label"], y=frame["advanced"], marker_color=BLUE,
                           hovertemplate="%{x}: %{y}<extra></extra>"))
    fig.update_layout(title={"text": title, "font": {"size": 15}}, font={"family": FONT}, plot_bgcolor="white",
                      height=300, margin={"l": 10, "r": 10, "t": 40, "b": 10}, showlegend=False)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(frame["week_label"]))
    fig.update_yaxes(title=y_title, tickformat=",d", rangemode="tozero", gridcolor="#eeeeee")
    return fig
