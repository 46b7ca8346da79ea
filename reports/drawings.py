"""The board pack's pictures, drawn with reportlab's own graphics (vector, in the PDF itself; no browser, no image
export): the strategy map with each objective's status, and a KPI's trend against its target with the forecast.

A status is told by shape as well as colour (colour-blind readers, black-and-white printers): ● on target, ◆ close,
▲ off target, ○ no value."""

from __future__ import annotations

import math

import pandas as pd
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from metrics.base.format import axis_text, known, nice_ticks
from metrics.scorecard.strategy import LINKS, OBJECTIVES, PERSPECTIVE_NAMES, Perspective
from reports import fonts
from reports.texts import text

# fill, border (and the table's text colour) per status: light fills that print, dark borders that carry the status
FILL = {"green": colors.HexColor("#C8E6C9"), "amber": colors.HexColor("#FFE0A3"), "red": colors.HexColor("#F4C7C3"),
        "none": colors.HexColor("#EEEEEE")}
BORDER = {"green": colors.HexColor("#2E7D32"), "amber": colors.HexColor("#B26A00"),
          "red": colors.HexColor("#C62828"), "none": colors.HexColor("#9E9E9E")}
MARK = {"green": "●", "amber": "◆", "red": "▲", "none": "○"}
BANDS = (Perspective.LEARNING, Perspective.PROCESS, Perspective.CUSTOMER, Perspective.FINANCIAL)  # bottom up
INK, GREY, BLUE, TARGET, FORECAST = (colors.HexColor("#212121"), colors.HexColor("#90A4AE"),
                                     colors.HexColor("#1F5FA8"), colors.HexColor("#2E7D32"),
                                     colors.HexColor("#7B1FA2"))


def status_text(status: str, lang: str) -> str:
    return f"{MARK[status]} {text('status_' + status, lang)}"


def _wrap(words: str, font: str, size: float, width: float) -> list[str]:
    """Lines of ``words`` no wider than ``width``: by word in English, by character in Chinese."""
    tokens = words.split(" ") if " " in words and not any("\u4e00" <= c <= "\u9fff" for c in words) else list(words)
    glue = " " if len(tokens) > 1 and " " in words and tokens != list(words) else ""
    lines, line = [], ""
    for token in tokens:
        trial = f"{line}{glue}{token}" if line else token
        if stringWidth(trial, font, size) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = token.lstrip()
    return [*lines, line] if line else lines


def _string(x: float, y: float, words: str, *, font: str, size: float, anchor: str = "start",
            colour=INK) -> String:
    return String(x, y, words, fontName=fonts.for_text(words, font), fontSize=size, textAnchor=anchor,
                  fillColor=colour)


def strategy_map(statuses: dict[str, str], lang: str, *, width: float, height: float) -> Drawing:
    """Objectives in four bands (learning at the bottom, financial on top), each boxed in its status's colours with
    the status in words under its name, and the cause-and-effect links as arrows."""
    font, bold = fonts.body(lang), fonts.bold(lang)
    drawing = Drawing(width, height, initialFontName=font)  # never the unembedded default
    band_h, label_w = height / len(BANDS), width * 0.14
    widest = max(sum(o.perspective == p for o in OBJECTIVES) for p in BANDS)
    box_w = min(width * 0.16, (width - label_w) / widest - 10)
    box_h = band_h * 0.62
    boxes: dict[str, tuple[float, float]] = {}  # objective -> centre
    for row, perspective in enumerate(BANDS):
        y0 = row * band_h
        drawing.add(Rect(0, y0, width, band_h, fillColor=colors.HexColor("#F7F9FC" if row % 2 else "#FFFFFF"),
                         strokeColor=None))
        for i, line in enumerate(_wrap(PERSPECTIVE_NAMES[perspective][lang], bold, 9, label_w - 8)):
            drawing.add(_string(4, y0 + band_h - 14 - 11 * i, line, font=bold, size=9,
                                colour=colors.HexColor("#555555")))
        members = [o for o in OBJECTIVES if o.perspective == perspective]
        for k, objective in enumerate(members):
            boxes[objective.id] = (label_w + (k + 0.5) * (width - label_w) / len(members), y0 + band_h / 2)
    for cause, effect in LINKS:
        (x0, y0), (x1, y1) = boxes[cause], boxes[effect]
        if y1 > y0:
            start, end = (x0, y0 + box_h / 2), (x1, y1 - box_h / 2)
        else:
            step = box_w / 2 if x1 > x0 else -box_w / 2
            start, end = (x0 + step, y0), (x1 - step, y1)
        drawing.add(Line(*start, *end, strokeColor=GREY, strokeWidth=0.9))
        drawing.add(_arrow_head(start, end))
    for objective in OBJECTIVES:
        x, y = boxes[objective.id]
        status = statuses.get(objective.id, "none")
        drawing.add(Rect(x - box_w / 2, y - box_h / 2, box_w, box_h, rx=4, ry=4, fillColor=FILL[status],
                         strokeColor=BORDER[status], strokeWidth=1.4))
        lines = _wrap(objective.name[lang], bold, 8, box_w - 8)[:3]
        top = y + (len(lines) * 10 + 9) / 2 - 8
        for i, line in enumerate(lines):
            drawing.add(_string(x, top - 10 * i, line, font=bold, size=8, anchor="middle"))
        drawing.add(_string(x, top - 10 * len(lines) - 1, status_text(status, lang), font=font, size=7,
                            anchor="middle", colour=BORDER[status] if status != "amber" else INK))
    return drawing


def _arrow_head(start: tuple[float, float], end: tuple[float, float], size: float = 5) -> Polygon:
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    left = (end[0] - size * math.cos(angle - 0.4), end[1] - size * math.sin(angle - 0.4))
    right = (end[0] - size * math.cos(angle + 0.4), end[1] - size * math.sin(angle + 0.4))
    return Polygon([*end, *left, *right], fillColor=GREY, strokeColor=GREY, strokeWidth=0.5)


def trend(points: list[tuple[str, float | None]], *, target: float | None, path: pd.DataFrame | None, unit: str,
          lang: str, currency: str, label, width: float, height: float) -> Drawing:
    """The KPI's periods (``points``: (ISO day, value or None)) as a line, its target as a dashed line, and, when
    ``path`` continues the series (months ahead: period, forecast, low90, high90), the forecast's median dashed with
    its 90% band shaded. ``label(day) -> str`` names a period on the axis."""
    font = fonts.body(lang)
    days = [pd.Timestamp(p).date() for p, _ in points]
    values = [v if known(v) else None for _, v in points]
    ahead = path if path is not None and not path.empty else None
    if ahead is not None and days:
        first = pd.Timestamp(ahead["period"].iloc[0]).date()
        nxt = pd.Timestamp(days[-1]) + pd.DateOffset(months=1)
        if first != nxt.date():
            ahead = None  # the forecast starts elsewhere (an older period chosen): not drawn against this series
    n = len(days) + (len(ahead) if ahead is not None else 0)
    labels = [label(d) for d in days] + ([label(pd.Timestamp(p).date()) for p in ahead["period"]]
                                         if ahead is not None else [])
    span = [v for v in values if v is not None] + ([target] if known(target) else [])
    if ahead is not None:
        span += [v for v in ahead[["forecast", "low90", "high90"]].to_numpy().ravel().tolist() if known(v)]
    ticks = nice_ticks(min(span), max(span), count=5) if span else [0.0, 1.0]
    if len(ticks) < 2:
        ticks = [ticks[0] - 1, ticks[0] + 1] if ticks else [0.0, 1.0]
    drawing = Drawing(width, height, initialFontName=font)  # never the unembedded default
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 62, 34, width - 80, height - 62
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0, max(n - 1, 1)
    every = max(1, math.ceil(n / 12))
    plot.xValueAxis.valueSteps = list(range(0, n, every))
    plot.xValueAxis.labelTextFormat = lambda v: labels[int(v)] if 0 <= int(v) < len(labels) else ""
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueSteps = ticks[0], ticks[-1], ticks
    plot.yValueAxis.labelTextFormat = _tick_labeller(ticks, unit, lang, currency)
    plot.yValueAxis.visibleGrid, plot.yValueAxis.gridStrokeColor = True, colors.HexColor("#E0E0E0")
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName, axis.labels.fontSize = font, 7
    plot.xValueAxis.labels.angle, plot.xValueAxis.labels.boxAnchor = 30, "ne"
    series, styles = [], []
    segment: list[tuple[float, float]] = []
    for i, v in enumerate([*values, None]):
        if v is None:
            if segment:
                series.append(segment)
                styles.append((BLUE, 1.8, None))
            segment = []
        else:
            segment.append((i, v))
    if known(target):
        series.append([(0, target), (n - 1, target)])
        styles.append((TARGET, 1.2, (4, 3)))
    if ahead is not None:
        last = next(((i, v) for i, v in reversed(list(enumerate(values))) if v is not None), None)
        median = [(len(days) + j, float(v)) for j, v in enumerate(ahead["forecast"]) if known(v)]
        if median:
            series.append(([last] if last else []) + median)
            styles.append((FORECAST, 1.4, (2, 2)))
            drawing.add(_band(plot, ahead, start=len(days), ticks=ticks, n=n, last=last))
    if not series:
        series, styles = [[(0, ticks[0])]], [(colors.white, 0, None)]
    plot.data = series
    for i, (colour, stroke, dash) in enumerate(styles):
        line = plot.lines[i]
        line.strokeColor, line.strokeWidth, line.symbol = colour, stroke, None
        if len(series[i]) == 1 and stroke:  # a value alone between gaps: a dot, as a line of one point shows nothing
            line.symbol = makeMarker("FilledCircle", size=4, fillColor=colour, strokeColor=colour)
        if dash:
            line.strokeDashArray = dash
    drawing.add(plot)
    _legend(drawing, lang, font, forecast=ahead is not None, target=known(target), top=height - 12)
    return drawing


def _tick_labeller(ticks: list[float], unit: str, lang: str, currency: str):
    """Tick labels that tell ticks apart: percentages on a 2.5-point step keep a decimal (37.5%, not 38%)."""
    if unit == "percent" and any(abs(t * 100 - round(t * 100)) > 1e-6 for t in ticks):
        return lambda v: f"{v * 100:.1f}%"
    return lambda v: axis_text(v, unit, lang, currency=currency)


def _band(plot: LinePlot, ahead: pd.DataFrame, *, start: int, ticks: list[float], n: int,
          last: tuple[int, float] | None) -> Polygon:
    def xy(i: float, v: float) -> tuple[float, float]:
        x = plot.x + plot.width * i / max(n - 1, 1)
        y = plot.y + plot.height * (v - ticks[0]) / (ticks[-1] - ticks[0])
        return x, min(max(y, plot.y), plot.y + plot.height)

    rows = [(start + j, lo, hi) for j, (lo, hi) in enumerate(zip(ahead["low90"], ahead["high90"], strict=True))
            if known(lo) and known(hi)]
    if rows and last is not None:  # the band opens from the last value seen
        rows.insert(0, (last[0], last[1], last[1]))
    points = [c for i, _, hi in rows for c in xy(i, hi)] + [c for i, lo, _ in reversed(rows) for c in xy(i, lo)]
    return Polygon(points or [0, 0], fillColor=colors.Color(0.48, 0.12, 0.64, alpha=0.15), strokeColor=None)


def _legend(drawing: Drawing, lang: str, font: str, *, forecast: bool, target: bool, top: float) -> None:
    entries = [(BLUE, None, text("legend_actual", lang))]
    if target:
        entries.append((TARGET, (4, 3), text("legend_target", lang)))
    if forecast:
        entries.append((FORECAST, (2, 2), text("legend_forecast", lang)))
    x = 62
    for colour, dash, words in entries:
        drawing.add(Line(x, top + 3, x + 18, top + 3, strokeColor=colour, strokeWidth=1.6, strokeDashArray=dash))
        drawing.add(_string(x + 22, top, words, font=font, size=8))
        x += 32 + stringWidth(words, fonts.for_text(words, font), 8)
