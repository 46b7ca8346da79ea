"""The one number formatter: plain text by unit and language (used by the CLI, the UI, charts and downloads).

Chinese amounts switch to 万 from ``WAN_FROM`` (100,000: ``¥31,845`` keeps its yuan, ``¥3.2万`` would drop them)
and to 亿 from ``YI`` (100,000,000), for money and counts alike; English keeps thousands separators, and money
from a million reads ``¥1.23M`` / ``¥1.23B``.

Money is written in the company's currency (an ISO 4217 code, ``dataset_info`` key ``currency``; CNY when absent):
its symbol from :data:`SYMBOLS` (``$1,234``; in Chinese ``US$1,234``), else the code and a space (``SEK 1,234``).
A caller passes ``currency=``; without it, the currency this run set with :func:`use_currency` (a context
variable: Streamlit runs sessions in threads), else the last one set in this process (a fragment's rerun runs
without its page's context; a process serves one database), else CNY.

Nothing unknown is written as a number: ``None``, NaN and infinities read ``–`` (never ``nan``, ``None`` or ``inf``).
"""

import math
from contextvars import ContextVar

WAN = 10_000
WAN_FROM = 100_000  # Chinese amounts below this keep every digit (¥31,845); from it they read in 万 (¥12.3万)
YI = 100_000_000
CENTS_BELOW = 100  # money under this (in absolute value) keeps its cents: $1.22 per customer, not $1
DEFAULT_CURRENCY = "CNY"
UNKNOWN = "–"
UNIT_WORDS: dict[str, dict[str, str]] = {  # units written after a number, by language
    "hours": {"en": "h", "zh": "小时"}, "days": {"en": "d", "zh": "天"}, "points": {"en": "pt", "zh": "个百分点"},
}
# what a ratio counts per (a KPI's ``per`` in the catalogue): written after the number, ``3.20 per 100``
PER_WORDS: dict[str, dict[str, str]] = {
    "per_100": {"en": "per 100", "zh": "/百"}, "per_customer": {"en": "per customer", "zh": "/客户"},
}
# currency symbols by language (CLDR's narrow forms, except CNY, written ¥ in both: the demo's yuan); a code
# absent here is written as the code and a space. ¥ alone is the yuan to a Chinese reader: yen read JP¥ there.
SYMBOLS: dict[str, dict[str, str]] = {
    "CNY": {"en": "¥", "zh": "¥"}, "USD": {"en": "$", "zh": "US$"}, "EUR": {"en": "€", "zh": "€"},
    "GBP": {"en": "£", "zh": "£"}, "JPY": {"en": "¥", "zh": "JP¥"}, "HKD": {"en": "HK$", "zh": "HK$"},
    "TWD": {"en": "NT$", "zh": "NT$"}, "SGD": {"en": "S$", "zh": "S$"}, "AUD": {"en": "A$", "zh": "A$"},
    "CAD": {"en": "CA$", "zh": "CA$"}, "KRW": {"en": "₩", "zh": "₩"}, "INR": {"en": "₹", "zh": "₹"},
    "MOP": {"en": "MOP$", "zh": "MOP$"},
}
_RUN_CURRENCY: ContextVar[str | None] = ContextVar("currency", default=None)
_process_currency = DEFAULT_CURRENCY


def use_currency(code: str | None) -> None:
    """Write money in ``code`` for the rest of this run (and, until another is set, in this process)."""
    global _process_currency
    code = (code or DEFAULT_CURRENCY).strip().upper() or DEFAULT_CURRENCY
    _RUN_CURRENCY.set(code)
    _process_currency = code


def current_currency() -> str:
    """The currency money is written in when a caller names none."""
    return _RUN_CURRENCY.get() or _process_currency


def currency_symbol(currency: str | None = None, lang: str = "en") -> str:
    """``¥``, ``$``/``US$``, ``€``, ``HK$``...; a code without a symbol as the code and a space (``SEK ``)."""
    code = (currency or current_currency()).upper()
    symbols = SYMBOLS.get(code)
    return symbols["zh" if lang == "zh" else "en"] if symbols else f"{code} "


def known(value) -> bool:
    """True for a finite number (``None``, NaN, ``pd.NA``, infinities and text are not)."""
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _word(unit: str, lang: str) -> str:
    return UNIT_WORDS[unit]["zh" if lang == "zh" else "en"]


def chance_text(probability: float) -> str:
    """A known probability as people say it: ``97%``, ``<1%`` and ``>99%`` (never a rounded 0% or 100% that is
    not one); the caller says what an unknown one reads as."""
    if 0 < probability < 0.005:
        return "<1%"
    if 0.995 <= probability < 1:
        return ">99%"
    return f"{probability:.0%}"


def format_number(value: float | None, lang: str = "en", *, decimals: int = 0) -> str:
    """``1,234`` and ``31,845`` in both languages; in Chinese ``12.3万`` from 100,000 (:data:`WAN_FROM`: a smaller
    amount in 万 would lose its last digits, ``3.2万`` for 31,845) and ``1.23亿`` from 100,000,000."""
    if not known(value):
        return UNKNOWN
    value = float(value)
    if lang == "zh" and abs(value) >= YI:
        return f"{value / YI:,.2f}亿"
    if lang == "zh" and abs(value) >= WAN_FROM:
        return f"{value / WAN:,.1f}万"
    return f"{value:,.{decimals}f}"


def money(value: float | None, lang: str = "en", *, currency: str | None = None, cents: bool = False) -> str:
    """An amount of money: ``¥123,456``; under :data:`CENTS_BELOW` with its cents (``$1.22``, ``$0.05``); from a
    million ``¥1.23M`` / ``¥1.23B`` in English; in Chinese ``¥31,845`` below 100,000, ``¥12.3万`` from it and
    ``¥1.23亿`` from 100,000,000. Fits a tile at any company size. ``currency``: an ISO 4217 code (default:
    :func:`current_currency`); ``cents``: cents at any size short of ``M`` / ``万`` (two amounts that would
    otherwise read alike)."""
    if not known(value):
        return UNKNOWN
    value = float(value)
    sign, amount, symbol = ("-" if value < 0 else ""), abs(value), currency_symbol(currency, lang)
    if lang != "zh" and amount >= 1e9:
        return f"{sign}{symbol}{amount / 1e9:,.2f}B"
    if lang != "zh" and amount >= 1e6:
        return f"{sign}{symbol}{amount / 1e6:,.2f}M"
    if round(amount, 2) < CENTS_BELOW or (cents and (lang != "zh" or amount < WAN_FROM)):
        return f"{sign if round(amount, 2) else ''}{symbol}{amount:,.2f}"
    return f"{sign}{symbol}{format_number(amount, lang)}"


def _per(text: str, per: str | None, lang: str) -> str:
    """``text`` with what a ratio counts per (:data:`PER_WORDS`): ``3.20 per 100`` / ``3.20/百``."""
    if not per or per not in PER_WORDS:
        return text
    word = PER_WORDS[per]["zh" if lang == "zh" else "en"]
    return f"{text}{word}" if lang == "zh" else f"{text} {word}"


def _trimmed(value: float, decimals: int) -> str:
    """``1.5``, ``36`` (not ``36.0``): at most ``decimals`` digits, none when the value is whole at that rounding."""
    text = f"{value:,.{decimals}f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def format_value(value: float | None, unit: str, lang: str = "en", *, decimals: int | None = None,
                 currency: str | None = None, per: str | None = None, cents: bool = False) -> str:
    """``¥123,456`` / ``¥1.23M`` / ``¥123.5万``, ``12.3%``, ``1,234``, ``4.2 h``, ``36 d`` / ``1.5 d``, scores and
    ratios (``3.20 per 100`` with ``per``, :data:`PER_WORDS`); ``decimals`` overrides the digits of percentages
    (1), days (at most 1), scores and ratios (2); ``currency`` as :func:`money`."""
    if not known(value):
        return UNKNOWN
    value = float(value)
    if unit == "currency":
        return money(value, lang, currency=currency, cents=cents)
    if unit == "percent":
        return f"{value * 100:,.{1 if decimals is None else decimals}f}%" if known(value * 100) else UNKNOWN
    if unit == "count":
        return format_number(value, lang)
    if unit == "hours":
        return f"{value:.1f} {_word(unit, lang)}"
    if unit == "days":
        return f"{_trimmed(value, 1 if decimals is None else decimals)} {_word(unit, lang)}"
    return _per(f"{value:,.{2 if decimals is None else decimals}f}", per, lang)


def format_change(value: float | None, unit: str, lang: str = "en", *, precise: bool = False,
                  currency: str | None = None, per: str | None = None) -> str:
    """A signed change in a KPI's own unit: ``+1.2 pt`` / ``+1.2 个百分点`` for percentages, ``-¥1,234``, ``+4.2 h``.

    ``precise`` gives more digits (link effects are often small): ``+0.12 pt``, ``+0.25 h``, ``+1.5`` for counts,
    three significant digits for scores and ratios, and money signed even at zero. Unknown: ``–``, never ``+nan``."""
    if not known(value):
        return UNKNOWN
    value = float(value)
    if unit == "percent":
        if not known(value * 100):
            return UNKNOWN
        points = f"{abs(value) * 100:.{2 if precise else 1}f}"  # a change that shows as zero has no sign
        sign = "" if not any(c in "123456789" for c in points) else "+" if value > 0 else "-"
        return f"{sign}{points} {_word('points', lang)}"
    if not precise:  # a change that shows as zero at its rounding has no sign: ``$0.00``, not ``+$0.00``
        shown = format_value(abs(value), unit, lang, currency=currency)
        sign = "" if not any(c in "123456789" for c in shown) else "+" if value > 0 else "-" if value < 0 else ""
        return sign + format_value(abs(value), unit, lang, currency=currency, per=per)
    if unit == "currency":
        return ("+" if value >= 0 else "-") + format_value(abs(value), unit, lang, currency=currency)
    if unit in ("hours", "days"):
        return f"{value:+.2f} {_word(unit, lang)}"
    if unit == "count":
        return f"{value:+,.1f}"
    return _per(f"{value:+.3g}", per, lang)


def format_signed(value: float | None, *, decimals: int = 1) -> str:
    """A signed plain number (score points: ``+1.5``, ``-3.0``); unknown: ``–``, never ``+nan``."""
    return f"{float(value):+.{decimals}f}" if known(value) else UNKNOWN


def axis_text(value: float, unit: str, lang: str = "en", *, currency: str | None = None) -> str:
    """A short tick label: ``¥1.5M`` / ``¥150万``, ``40%``, ``12 h`` / ``12 小时``, ``30 d`` / ``30 天``."""
    if not known(value):
        return UNKNOWN
    value = float(value)
    if unit == "currency":
        sign, amount, symbol = ("-" if value < 0 else ""), abs(value), currency_symbol(currency, lang)
        if lang == "zh":
            if amount >= YI:
                return f"{sign}{symbol}{amount / YI:g}亿"
            if amount >= WAN:
                return f"{sign}{symbol}{amount / WAN:g}万"
        else:
            for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
                if amount >= size:
                    return f"{sign}{symbol}{amount / size:g}{suffix}"
        small = _trimmed(amount, 2) if amount < CENTS_BELOW else f"{amount:,.0f}"  # $0.25, $1.5 ticks, not $0
        return f"{sign if small != '0' else ''}{symbol}{small}"
    if unit == "percent":
        return f"{value * 100:.0f}%" if known(value * 100) else UNKNOWN
    if unit in ("hours", "days"):
        return f"{value:g} {_word(unit, lang)}"
    return format_number(value, lang) if abs(value) >= 1000 or float(value).is_integer() else f"{value:g}"


def nice_ticks(low: float, high: float, *, count: int = 6) -> list[float]:
    """Round tick values (1, 2, 2.5 or 5 times a power of ten) covering ``[low, high]``."""
    if not (known(low) and known(high)) or not math.isfinite(high - low):
        return []
    if high < low:
        low, high = high, low
    if high == low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / count
    if not math.isfinite(raw):  # beyond what a float holds: no axis worth drawing
        return []
    if not raw > 0:  # a span below float resolution
        return [low]
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if not (math.isfinite(low / step) and math.isfinite(high / step)):
        return []
    first, last = math.floor(low / step) * step, math.ceil(high / step) * step
    if not (math.isfinite(first) and math.isfinite(last)):
        return []
    ticks, tick = [], first
    while tick <= last + step * 1e-9 and math.isfinite(tick):
        ticks.append(round(tick, 10))
        tick += step
    return ticks
