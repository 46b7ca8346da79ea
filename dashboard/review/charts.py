"""Pure Plotly factories of the review: the status strip (computed status and the owner's judgement per month)
and the note markers added to a KPI's trend. Text from people goes through ``safe.chart_text``."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.core.charts import FONT, STATUS_COLOURS
from dashboard.core.safe import chart_text

SYMBOL = {"green": "circle", "amber": "diamond", "red": "triangle-up", "none": "circle-open"}  # shape, not colour only
JUDGED_AS = {"on_track": "green", "at_risk": "amber", "off_track": "red"}
NOTE_EXCERPT = 160  # characters of a note in a hover label


def excerpt(note: str) -> str:
    note = " ".join((note or "").split())
    return note if len(note) <= NOTE_EXCERPT else note[:NOTE_EXCERPT - 1] + "…"


def status_strip(months: list[str], computed: list[str], judged: list[str | None], *, row_names: tuple[str, str],
                 status_names: dict[str, str], hover: list[str]) -> go.Figure:
    """Two rows over ``months`` (ISO month starts): the computed status of each month (green | amber | red | none)
    and, where a check-in was written, the owner's judgement (on_track | at_risk | off_track | None);
    ``hover``: one text per month for the judgement row (already plain text)."""
    fig = go.Figure()
    colours = [STATUS_COLOURS.get(s, STATUS_COLOURS["none"]) for s in computed]
    symbols = [SYMBOL.get(s, "circle") for s in computed]
    fig.add_trace(go.Scatter(x=months, y=[row_names[0]] * len(months), mode="markers", showlegend=False,
                             marker={"size": 16, "color": colours, "symbol": symbols},
                             text=[status_names.get(s, "") for s in computed],
                             hovertemplate="%{x|%Y-%m}: %{text}<extra></extra>"))
    shown = [(m, j, h) for m, j, h in zip(months, judged, hover, strict=True) if j]
    if shown:
        fig.add_trace(go.Scatter(
            x=[m for m, _, _ in shown], y=[row_names[1]] * len(shown), mode="markers", showlegend=False,
            marker={"size": 16, "color": [STATUS_COLOURS[JUDGED_AS[j]] for _, j, _ in shown],
                    "symbol": [SYMBOL[JUDGED_AS[j]] for _, j, _ in shown], "line": {"width": 1, "color": "#333"}},
            text=[chart_text(h) for _, _, h in shown], hovertemplate="%{x|%Y-%m}: %{text}<extra></extra>"))
    fig.update_yaxes(categoryorder="array", categoryarray=[row_names[1], row_names[0]], showgrid=False)
    fig.update_xaxes(showgrid=False, dtick="M1", tickformat="%Y-%m", range=_range(months))
    fig.update_layout(height=150, font={"family": FONT}, plot_bgcolor="white", margin={"l": 10, "r": 10, "t": 10,
                                                                                         "b": 10})
    return fig


def _range(months: list[str]) -> list[str] | None:
    if not months:
        return None
    first, last = pd.Timestamp(months[0]), pd.Timestamp(months[-1])
    return [(first - pd.Timedelta(days=15)).isoformat(), (last + pd.Timedelta(days=15)).isoformat()]


def add_note_markers(fig: go.Figure, *, labels: list[str], values: list[float | None], notes: list[str],
                     name: str) -> go.Figure:
    """The trend ``fig`` with a marker on each month that has a check-in note (``labels``: those months' axis
    labels, ``values``: the KPI there, ``notes``: the text shown on hover)."""
    if not labels:
        return fig
    fig.add_trace(go.Scatter(x=labels, y=values, mode="markers", name=chart_text(name),
                             marker={"symbol": "star", "size": 13, "color": "#6a3d9a",
                                     "line": {"width": 1, "color": "white"}},
                             text=[chart_text(excerpt(n)) for n in notes],
                             hovertemplate="%{x}: %{text}<extra></extra>"))
    return fig
