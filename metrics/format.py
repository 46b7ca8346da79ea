"""Plain-text formatting of KPI values by unit and language (used by the CLI and the UI)."""

import math


def format_value(value: float | None, unit: str, lang: str = "en") -> str:
    """``¥1,234,567`` / ``¥123.5万``, ``12.3%``, ``1,234``, ``4.2 h``, ``36 d``, scores and ratios."""
    if value is None or not math.isfinite(value):
        return "–"
    if unit == "currency":
        if lang == "zh" and abs(value) >= 100_000_000:
            return f"¥{value / 100_000_000:,.2f}亿"
        if lang == "zh" and abs(value) >= 10_000:
            return f"¥{value / 10_000:,.1f}万"
        return f"¥{value:,.0f}"
    if unit == "percent":
        return f"{value * 100:.1f}%"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "hours":
        return f"{value:.1f} h" if lang == "en" else f"{value:.1f} 小时"
    if unit == "days":
        return f"{value:.0f} d" if lang == "en" else f"{value:.0f} 天"
    return f"{value:,.2f}"
