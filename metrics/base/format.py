"""The one number formatter: plain text by unit and language (used by the CLI, the UI, charts and downloads).

Chinese amounts switch to 万 from ``WAN`` (10,000) and to 亿 from ``YI`` (100,000,000), for money and counts
alike; English keeps thousands separators, and money from a million reads ``¥1.23M`` / ``¥1.23B``."""

import math

WAN = 10_000
YI = 100_000_000
UNIT_WORDS: dict[str, dict[str, str]] = {  # units written after a number, by language
    "hours": {"en": "h", "zh": "小时"}, "days": {"en": "d", "zh": "天"}, "points": {"en": "pt", "zh": "个百分点"},
}


def _word(unit: str, lang: str) -> str:
    return UNIT_WORDS[unit]["zh" if lang == "zh" else "en"]


def format_number(value: float | None, lang: str = "en", *, decimals: int = 0) -> str:
    """``1,234`` in both languages; in Chinese ``12.3万`` from 10,000 and ``1.23亿`` from 100,000,000."""
    if value is None or not math.isfinite(value):
        return "–"
    if lang == "zh" and abs(value) >= YI:
        return f"{value / YI:,.2f}亿"
    if lang == "zh" and abs(value) >= WAN:
        return f"{value / WAN:,.1f}万"
    return f"{value:,.{decimals}f}"


def money(value: float, lang: str = "en") -> str:
    """An amount of money: ``¥123,456``; from a million ``¥1.23M`` / ``¥1.23B`` in English; in Chinese
    ``¥12.3万`` from 10,000 and ``¥1.23亿`` from 100,000,000. Fits a tile at any company size."""
    sign, amount = ("-" if value < 0 else ""), abs(value)
    if lang != "zh" and amount >= 1e9:
        return f"{sign}¥{amount / 1e9:,.2f}B"
    if lang != "zh" and amount >= 1e6:
        return f"{sign}¥{amount / 1e6:,.2f}M"
    return f"{sign}¥{format_number(amount, lang)}"


def format_value(value: float | None, unit: str, lang: str = "en", *, decimals: int | None = None) -> str:
    """``¥123,456`` / ``¥1.23M`` / ``¥123.5万``, ``12.3%``, ``1,234``, ``4.2 h``, ``36 d``, scores and ratios;
    ``decimals`` overrides the digits of percentages (1), scores and ratios (2)."""
    if value is None or not math.isfinite(value):
        return "–"
    if unit == "currency":
        return money(value, lang)
    if unit == "percent":
        return f"{value * 100:,.{1 if decimals is None else decimals}f}%"
    if unit == "count":
        return format_number(value, lang)
    if unit == "hours":
        return f"{value:.1f} {_word(unit, lang)}"
    if unit == "days":
        return f"{value:.0f} {_word(unit, lang)}"
    return f"{value:,.{2 if decimals is None else decimals}f}"


def format_change(value: float | None, unit: str, lang: str = "en", *, precise: bool = False) -> str:
    """A signed change in a KPI's own unit: ``+1.2 pt`` / ``+1.2 个百分点`` for percentages, ``-¥1,234``, ``+4.2 h``.

    ``precise`` gives more digits (link effects are often small): ``+0.12 pt``, ``+0.25 h``, ``+1.5`` for counts,
    three significant digits for scores and ratios, and money signed even at zero."""
    if value is None or not math.isfinite(value):
        return "–"
    if unit == "percent":
        return f"{value * 100:+.{2 if precise else 1}f} {_word('points', lang)}"
    if not precise:
        sign = "+" if value > 0 else "-" if value < 0 else ""
        return sign + format_value(abs(value), unit, lang)
    if unit == "currency":
        return ("+" if value >= 0 else "-") + format_value(abs(value), unit, lang)
    if unit in ("hours", "days"):
        return f"{value:+.2f} {_word(unit, lang)}"
    if unit == "count":
        return f"{value:+,.1f}"
    return f"{value:+.3g}"


def axis_text(value: float, unit: str, lang: str = "en") -> str:
    """A short tick label: ``¥1.5M`` / ``¥150万``, ``40%``, ``12 h`` / ``12 小时``, ``30 d`` / ``30 天``."""
    if unit == "currency":
        sign, amount = ("-" if value < 0 else ""), abs(value)
        if lang == "zh":
            if amount >= YI:
                return f"{sign}¥{amount / YI:g}亿"
            return f"{sign}¥{amount / WAN:g}万" if amount >= WAN else f"{sign}¥{amount:,.0f}"
        for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
            if amount >= size:
                return f"{sign}¥{amount / size:g}{suffix}"
        return f"{sign}¥{amount:,.0f}"
    if unit == "percent":
        return f"{value * 100:.0f}%"
    if unit in ("hours", "days"):
        return f"{value:g} {_word(unit, lang)}"
    return format_number(value, lang) if abs(value) >= 1000 or float(value).is_integer() else f"{value:g}"


def nice_ticks(low: float, high: float, *, count: int = 6) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) covering ``[low, high]``."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if high < low:
        low, high = high, low
    if high == low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first, last = math.floor(low / step) * step, math.ceil(high / step) * step
    ticks, tick = [], first
    while tick <= last + step * 1e-9:
        ticks.append(round(tick, 10))
        tick += step
    return ticks
