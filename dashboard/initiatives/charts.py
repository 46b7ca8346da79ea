"""The initiatives' timeline (a simple Gantt chart): a pure Plotly factory, no Streamlit, no data loading."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.core.charts import FONT, GREY
from dashboard.core.safe import chart_text

STATUS_COLOURS = {"planned": "#9e9e9e", "active": "#0072B2", "on_hold": "#E69F00", "done": "#009E73",
                  "cancelled": "#CC79A7"}


def timeline(frame: pd.DataFrame, *, status_names: dict[str, str], today: pd.Timestamp, today_label: str,
             milestones: pd.DataFrame | None = None) -> go.Figure:
    """One bar per initiative from ``start_on`` to ``end_on`` (``frame``: ``id, name, start_on, end_on, status,
    percent_complete``), coloured by status; milestones as diamonds (filled: done); a line at ``today``."""
    fig = go.Figure()
    names = {int(r["id"]): chart_text(r["name"]) for r in frame.to_dict("records")}
    for status, rows in frame.groupby("status", sort=False):
        start, end = pd.to_datetime(rows["start_on"]), pd.to_datetime(rows["end_on"]) + pd.Timedelta(days=1)
        fig.add_trace(go.Bar(
            y=[names[int(i)] for i in rows["id"]], x=(end - start).dt.total_seconds() * 1000, base=start,
            orientation="h", name=chart_text(status_names.get(status, status)),
            marker_color=STATUS_COLOURS.get(status, GREY),
            customdata=rows["percent_complete"].round(0).to_numpy(),
            hovertemplate="%{y}<br>%{base|%Y-%m-%d} – %{x}<br>%{customdata:.0f}%<extra></extra>"))
    if milestones is not None and not milestones.empty:
        shown = milestones[milestones["initiative_id"].isin(names)]
        fig.add_trace(go.Scatter(
            y=[names[int(i)] for i in shown["initiative_id"]], x=pd.to_datetime(shown["due"]), mode="markers",
            marker={"symbol": ["diamond" if d else "diamond-open" for d in shown["done"]], "size": 11,
                    "color": "#222222"},
            text=[chart_text(n) for n in shown["name"]], hovertemplate="%{text}<br>%{x|%Y-%m-%d}<extra></extra>",
            showlegend=False))
    fig.add_vline(x=pd.Timestamp(today).timestamp() * 1000, line_dash="dot", line_color="#444444")
    fig.add_annotation(x=pd.Timestamp(today), y=1, yref="paper", text=chart_text(today_label), showarrow=False,
                       yanchor="bottom", font={"size": 11})
    fig.update_xaxes(type="date")
    fig.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=list(names.values()))
    fig.update_layout(barmode="overlay", height=max(220, 48 * len(frame) + 100), font={"family": FONT},
                      margin={"l": 10, "r": 10, "t": 30, "b": 10}, legend={"orientation": "h", "y": -0.15})
    return fig
