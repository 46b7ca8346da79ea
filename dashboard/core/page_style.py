"""The few style rules every page shares, so nothing is cut with "…": a tile's title wraps onto a second line, and
its value shrinks with the tile (a container query) rather than lose its end (``¥8,014.…``). Drawn once per page
by ``guard.enter``; ``tests/e2e/test_layout.py`` measures the result."""

import streamlit as st

STYLE = """<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetric"] { container-type: inline-size; }
[data-testid="stMetricValue"] { font-size: min(2.25rem, 16cqi) !important; }
[data-testid="stMetricValue"] * { overflow: visible !important; text-overflow: clip !important; }
</style>"""


def apply() -> None:
    st.html(STYLE)
