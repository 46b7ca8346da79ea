"""Pure Plotly figures of the Program view: ``(frame, *, labels...) -> go.Figure``; no ``st.*``, no data loading."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.core.safe import chart_text, chart_texts
from metrics.base.format import axis_text, nice_ticks

PHASE_COLOURS = {1: "rgba(66,133,244,0.08)", 2: "rgba(52,168,83,0.08)", 3: "rgba(251,188,5,0.10)",
                 4: "rgba(234,67,53,0.08)"}
PLANNED, ACTUAL, BAND, LINE = "#b0bec5", "#1565c0", "rgba(21,101,192,0.18)", "#e65100"


def _money_axis(low: float, high: float, lang: str) -> dict:
    """Money ticks from the one formatter (``¥60万`` / ``¥1.5亿`` in Chinese, ``¥600K`` / ``¥1.5B`` in English)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return {}
    ticks = [v for v in nice_ticks(low, high) if low - 1e-9 <= v <= high + 1e-9] or nice_ticks(low, high)
    return {"tickmode": "array", "tickvals": ticks, "ticktext": [axis_text(v, "currency", lang) for v in ticks]}


def gantt(steps: pd.DataFrame, *, today: pd.Timestamp, labels: dict[str, str], phase_names: dict[int, str]
          ) -> go.Figure:
    """Planned (grey) and actual (blue) bars per step, phase bands behind, a today line.

    ``steps``: ``label, phase, planned_start, planned_end, actual_start, actual_end`` (one row per step, in
    order); an actual bar without an end runs to ``today``."""
    fig = go.Figure()
    order = chart_texts(steps["label"])  # step names are the company's: shown as text, never as Plotly's HTML
    day = pd.Timedelta(days=1)
    planned_days = (steps["planned_end"] - steps["planned_start"] + day).dt.days
    fig.add_bar(y=order, x=planned_days * 86_400_000, base=steps["planned_start"], orientation="h",
                name=labels["planned"], marker_color=PLANNED, width=0.7,
                hovertemplate="%{base|%Y-%m-%d} – %{customdata|%Y-%m-%d}<extra>" + labels["planned"] + "</extra>",
                customdata=steps["planned_end"])
    started = steps.dropna(subset=["actual_start"])
    end = started["actual_end"].fillna(today)
    fig.add_bar(y=chart_texts(started["label"]), x=(end - started["actual_start"] + day).dt.days * 86_400_000,
                base=started["actual_start"], orientation="h", name=labels["actual"], marker_color=ACTUAL, width=0.35,
                hovertemplate="%{base|%Y-%m-%d} – %{customdata|%Y-%m-%d}<extra>" + labels["actual"] + "</extra>",
                customdata=end)
    for phase, group in steps.groupby("phase"):
        first = min(group["planned_start"].min(), group["actual_start"].min())
        last = max(group["planned_end"].max(), group["actual_end"].fillna(today).max())
        fig.add_vrect(x0=first, x1=last, fillcolor=PHASE_COLOURS.get(int(phase), "rgba(0,0,0,0.05)"), line_width=0,
                      layer="below")
        # the phase's name above the plot, centred on its band: inside it, it would cover the first bar
        fig.add_annotation(x=first + (last - first) / 2, y=1, yref="paper", yanchor="bottom", showarrow=False,
                           text=chart_text(phase_names.get(int(phase), str(phase))), font_color="#546e7a")
    fig.add_vline(x=today, line_dash="dash", line_color=LINE)
    fig.add_annotation(x=today, y=1, yref="paper", yanchor="bottom", xanchor="right", text=labels["today"],
                       showarrow=False, font_color=LINE)
    fig.update_layout(barmode="overlay", title=labels["title"], xaxis_type="date", height=80 + 32 * len(order),
                      legend_orientation="h", legend_y=-0.08, margin={"l": 10, "r": 10, "t": 60, "b": 10},
                      xaxis_tickformat="%Y-%m")
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
    return fig


def cost_vs_budget(monthly: pd.DataFrame, *, labels: dict[str, str], category_names: dict[str, str],
                   lang: str = "en") -> go.Figure:
    """Actual cost per month stacked by category, the budget (planned spend) as a line, both cumulative on y2.

    ``monthly``: ``month, category, actual, budget``."""
    fig = go.Figure()
    for category, group in monthly.groupby("category", sort=True):
        by_month = group.groupby("month")["actual"].sum()
        fig.add_bar(x=by_month.index, y=by_month.to_numpy(), name=chart_text(category_names.get(category, category)))
    totals = monthly.groupby("month")[["actual", "budget"]].sum()
    fig.add_scatter(x=totals.index, y=totals["budget"], mode="lines", name=labels["budget"],
                    line={"color": "black", "dash": "dot", "shape": "hv"})
    fig.add_scatter(x=totals.index, y=totals["actual"].cumsum(), mode="lines", name=labels["cumulative_actual"],
                    line={"color": ACTUAL}, yaxis="y2")
    fig.add_scatter(x=totals.index, y=totals["budget"].cumsum(), mode="lines", name=labels["cumulative_budget"],
                    line={"color": "black", "dash": "dash"}, yaxis="y2")
    stacked = float(max(monthly.groupby("month")["actual"].sum().max(), totals["budget"].max(), 0.0))
    cumulative = float(max(totals["actual"].sum(), totals["budget"].sum(), 0.0))
    fig.update_layout(barmode="stack", title=labels["title"], yaxis_title=labels["money"], xaxis_tickformat="%Y-%m",
                      yaxis={**_money_axis(0.0, stacked * 1.05, lang), "range": [0, stacked * 1.05]},
                      yaxis2={"overlaying": "y", "side": "right", "title": labels["cumulative"], "showgrid": False,
                              "range": [0, cumulative * 1.05], **_money_axis(0.0, cumulative * 1.05, lang)},
                      legend_orientation="h", legend_y=-0.15, margin={"t": 60})
    return fig


def benefit(frame: pd.DataFrame, history: pd.Series, *, labels: dict[str, str], lang: str = "en") -> go.Figure:
    """Actual gross margin, the counterfactual with its interval after go-live, and the months before.

    ``frame``: indexed by month with ``actual, predicted, predicted_low, predicted_high``; ``history``: the
    actual series of every month (pre and post)."""
    fig = go.Figure()
    x = list(frame.index) + list(frame.index[::-1])
    fig.add_scatter(x=x, y=list(frame["predicted_high"]) + list(frame["predicted_low"][::-1]), fill="toself",
                    fillcolor=BAND, line={"width": 0}, name=labels["interval"], hoverinfo="skip")
    fig.add_scatter(x=frame.index, y=frame["predicted"], mode="lines", name=labels["counterfactual"],
                    line={"color": ACTUAL, "dash": "dash"})
    fig.add_scatter(x=history.index, y=history.to_numpy(), mode="lines+markers", name=labels["actual"],
                    line={"color": "black"}, marker={"size": 4})
    if len(frame):
        fig.add_vline(x=frame.index[0], line_dash="dot", line_color=LINE)
        fig.add_annotation(x=frame.index[0], y=1.02, yref="paper", text=labels["go_live"], showarrow=False,
                           font_color=LINE)
    values = pd.concat([history, frame["predicted_low"], frame["predicted_high"]]).astype(float)
    fig.update_layout(title=labels["title"], yaxis_title=labels["money"], legend_orientation="h", legend_y=-0.15,
                      xaxis_tickformat="%Y-%m", yaxis=_money_axis(float(values.min()), float(values.max()), lang))
    return fig


def _zero_aligned(low1: float, high1: float, low2: float, high2: float) -> tuple[list[float], list[float]]:
    """Ranges for two y axes whose zeros sit at the same height (so the cumulative line reads against the bars)."""
    low1, low2, high1, high2 = min(low1, 0.0), min(low2, 0.0), max(high1, 0.0), max(high2, 0.0)
    below = max(-low1 / (high1 - low1) if high1 > low1 else 0.0, -low2 / (high2 - low2) if high2 > low2 else 0.0)
    below = min(below, 0.9)

    def span(high: float, low: float) -> list[float]:
        top = high * 1.05 if high > 0 else -low * (1 - below) / below * 1.05 if below else 1.0
        return [-top * below / (1 - below), top]

    return span(high1, low1), span(high2, low2)


def effect(frame: pd.DataFrame, *, labels: dict[str, str], lang: str = "en") -> go.Figure:
    """Monthly effect (bars with interval whiskers) and the cumulative effect with its band (y2)."""
    fig = go.Figure()
    fig.add_bar(x=frame.index, y=frame["effect"], name=labels["monthly"], marker_color="#90caf9",
                error_y={"type": "data", "symmetric": False, "array": frame["effect_high"] - frame["effect"],
                         "arrayminus": frame["effect"] - frame["effect_low"], "color": "#607d8b"})
    x = list(frame.index) + list(frame.index[::-1])
    fig.add_scatter(x=x, y=list(frame["cumulative_high"]) + list(frame["cumulative_low"][::-1]), fill="toself",
                    fillcolor="rgba(230,81,0,0.15)", line={"width": 0}, name=labels["interval"], yaxis="y2",
                    hoverinfo="skip")
    fig.add_scatter(x=frame.index, y=frame["cumulative_effect"], mode="lines", name=labels["cumulative"],
                    line={"color": LINE}, yaxis="y2")
    fig.add_hline(y=0, line_color="grey", line_width=1)
    y1, y2 = _zero_aligned(float(frame["effect_low"].min()), float(frame["effect_high"].max()),
                           float(frame["cumulative_low"].min()), float(frame["cumulative_high"].max()))
    fig.update_layout(title=labels["title"], yaxis_title=labels["money"], xaxis_tickformat="%Y-%m",
                      yaxis={"range": y1, **_money_axis(*y1, lang)},
                      yaxis2={"overlaying": "y", "side": "right", "title": labels["cumulative"], "showgrid": False,
                              "range": y2, **_money_axis(*y2, lang)},
                      legend_orientation="h", legend_y=-0.15)
    return fig


def cumulative_return(monthly: pd.DataFrame, paid_back_by: pd.Series, *, labels: dict[str, str],
                      lang: str = "en") -> go.Figure:
    """Cumulative discounted net cash flow (benefit - cost) with its interval, and P(paid back by month) on y2."""
    fig = go.Figure()
    x = list(monthly.index) + list(monthly.index[::-1])
    fig.add_scatter(x=x, y=list(monthly["cumulative_high"]) + list(monthly["cumulative_low"][::-1]), fill="toself",
                    fillcolor=BAND, line={"width": 0}, name=labels["interval"], hoverinfo="skip")
    fig.add_scatter(x=monthly.index, y=monthly["cumulative_net"], mode="lines", name=labels["cumulative_net"],
                    line={"color": ACTUAL})
    fig.add_scatter(x=paid_back_by.index, y=paid_back_by.to_numpy() * 100, mode="lines", name=labels["paid_back"],
                    line={"color": LINE, "dash": "dot"}, yaxis="y2")
    fig.add_hline(y=0, line_color="grey", line_width=1)
    low = float(min(monthly["cumulative_low"].min(), monthly["cumulative_net"].min(), 0.0))
    high = float(max(monthly["cumulative_high"].max(), monthly["cumulative_net"].max(), 0.0))
    fig.update_layout(title=labels["title"], yaxis_title=labels["money"], xaxis_tickformat="%Y-%m",
                      yaxis=_money_axis(low, high, lang),
                      yaxis2={"overlaying": "y", "side": "right", "title": labels["probability"], "range": [0, 105],
                              "tickmode": "array", "tickvals": [0, 25, 50, 75, 100], "ticksuffix": "%",
                              "showgrid": False},
                      legend_orientation="h", legend_y=-0.15)
    return fig
