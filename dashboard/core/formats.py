"""Single values as text for tiles and sentences, in the reader's language: a day, a month, an amount of money, a
ratio; an empty value (``None``, ``NaN``, ``NaT``) reads as ``–``. Tables are formatted by ``dashboard.core.labels``.
"""

from __future__ import annotations

import pandas as pd

from dashboard.core import i18n
from dashboard.core.i18n import lang
from metrics.base.format import format_value


def day(value) -> str:
    """``23 Nov 2026`` / ``2026年11月23日`` of a date, a timestamp or an ISO string."""
    return "–" if value is None or pd.isna(value) else i18n.day(pd.Timestamp(value).date())


def month(value) -> str:
    """``Nov 2026`` / ``2026年11月`` of a date, a timestamp or an ISO string."""
    return "–" if value is None or pd.isna(value) else i18n.month(pd.Timestamp(value).date())


def money(value: float | None) -> str:
    return format_value(value, "currency", lang())


def ratio(value: float | None) -> str:
    return format_value(value, "ratio", lang())
