"""Column widths fitted to what a table shows, so no header and no cell of a key column is cut with "…".

Streamlit's grid (glide-data-grid, a canvas) sizes a column from its first rows and its header only roughly, and
cuts the rest; a width in pixels from :func:`fit` holds the widest header or cell of the rows shown. Widths are
estimated from the text (the grid's font: 14 px Source Sans; Chinese characters a full em), never measured in the
browser: ``tests/e2e/test_layout.py`` checks the estimate against the browser's own measure.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable

import pandas as pd

from metrics.base.format import UNIT_WORDS

MIN_PX, MAX_PX = 56, 440  # past MAX_PX a cell wraps out of sight anyway: a long free text is cut there
PADDING_PX = 34  # cell padding both sides, and the header's sort arrow
PROGRESS_PX = 130  # a bar and its percentage
SAMPLE_ROWS = 400

# advance widths of 14 px Source Sans Pro, rounded up (a little wide rather than cut)
_NARROW = set("il.,:;'|!()[]{}/ ")
_WIDE_LATIN = set("mwMW@%")


def text_px(text: str, *, bold: bool = False) -> float:
    """The width of ``text`` in the grid's font, in pixels (a header is semibold: a little wider)."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += 14.5
        elif char in _NARROW:
            width += 4.2
        elif char in _WIDE_LATIN:
            width += 12.0
        elif char.isupper() or char.isdigit():
            width += 8.4
        else:
            width += 7.4
    return width * (1.08 if bold else 1.0)


def cell_text(value: object, kind: str, language: str, symbol: str = "") -> str:
    """The text the grid draws for ``value`` of a column ``kind`` (formats as ``dashboard.core.labels``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if kind in ("currency", "percent", "count", "days", "hours", "number", "ratio", "id", "score"):
        try:
            number = float(value)
        except (TypeError, ValueError):
            return str(value)
        if not math.isfinite(number):
            return ""
        if kind == "currency":
            return f"{symbol}{number:,.1f}万" if language == "zh" else f"{symbol}{number:,.0f}"
        if kind == "percent":
            return f"{number * 100:,.2f}%"
        if kind in ("days", "hours"):
            word = UNIT_WORDS[kind]["zh" if language == "zh" else "en"]
            return f"{number:,.{1 if kind == 'hours' else 0}f} {word}"
        if kind in ("number", "ratio"):
            return f"{number:,.2f}"
        return f"{number:,.0f}"
    if kind == "date":
        return "2026-12-31"
    if kind == "month":
        return "2026-12"
    return str(value)


def fit(title: str, texts: Iterable[str], *, progress: bool = False) -> int:
    """The width in pixels holding ``title`` (a header) and every one of ``texts`` (cells)."""
    widest = max([text_px(title, bold=True), *(text_px(t) for t in texts)])
    px = max(widest + PADDING_PX, PROGRESS_PX if progress else MIN_PX)
    return math.ceil(min(px, MAX_PX))


def sample(values: pd.Series) -> pd.Series:
    """The distinct values of the rows a width is fitted to (at most ``SAMPLE_ROWS``: a page of a long list)."""
    return values.head(SAMPLE_ROWS).drop_duplicates()
