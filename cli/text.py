"""What every command line writes: JSON-safe values and columns padded for terminals (CJK characters are wide)."""

import math
import unicodedata

import pandas as pd


def json_value(value):
    """``value`` as JSON can hold it: no NaN or infinity (``None``), days as ``2026-10-31``."""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def pad(text: object, width: int, *, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal columns (CJK characters take two)."""
    text = str(text)
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    space = " " * max(width - used, 0)
    return space + text if right else text + space
