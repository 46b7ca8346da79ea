"""The one labelling step for every frame shown or downloaded: headers, code values, units and number formats,
in English and Simplified Chinese.

``frame(df)`` returns the frame as people read it (headers in the language, code values named, calendar
days without a midnight time, numbers rounded to what their unit deserves); ``column_config(df)`` the
matching Streamlit formats; ``show(df)`` draws it. A code value without a name (a company's own free-text
region, say) is shown as given, never dropped and never an error. A column without a name keeps its raw
identifier: ``tests/pages/test_labels.py`` walks every page in Chinese and fails on one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

import pandas as pd
import streamlit as st

from dashboard.core import widths
from dashboard.core.i18n import TEXT, lang
from dashboard.core.texts.names import CODES, COLUMNS, MEASURES, TABLE_NAMES, YES_NO
from metrics.base.format import DEFAULT_CURRENCY, WAN, WAN_FROM, currency_symbol, current_currency


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[0] if language == "en" else pair[1]


def code(value: object, language: str | None = None) -> str:
    """A code value's name; a value without one (a company's own free text) as given."""
    language = language or lang()
    if isinstance(value, bool):
        return _pick(YES_NO[value], language)
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    pair = CODES.get(str(value)) or _other_names().get(str(value))
    return _pick(pair, language) if pair else str(value)


@functools.cache
def _other_names() -> dict[str, tuple[str, str]]:
    """Named where they are defined: RFM segments, KPI ids, strategy-map objectives, the link views'
    evidence, method, forecast flag and horizon words, and the roles and audit actions of sign-in."""
    from metrics.customers.segments import SEGMENT_NAMES
    from metrics.scorecard.registry import CATALOGUE
    from metrics.scorecard.strategy import OBJECTIVES

    names = {k: (v["en"], v["zh"]) for k, v in SEGMENT_NAMES.items() if k != "lost"}
    names |= {k.id: (k.name["en"], k.name["zh"]) for k in CATALOGUE}
    names |= {o.id: (o.name["en"], o.name["zh"]) for o in OBJECTIVES}
    for prefix in ("evidence_", "method_", "flag_", "horizon_", "role_", "audit_event_", "storefault_step_"):
        names |= {key.removeprefix(prefix): (v["en"], v["zh"]) for key, v in TEXT.items() if key.startswith(prefix)}
    return names


def header(column: str, language: str | None = None) -> str:
    """A column's name in the language; an amount's names its currency when the company's is not the yuan
    (``Revenue (USD)``: a downloaded file says what its numbers count in)."""
    spec = COLUMNS.get(column)
    if spec is None:
        return column
    name = _pick((spec.en, spec.zh), language or lang())
    code = current_currency()
    return f"{name} ({code})" if spec.kind == "currency" and code != DEFAULT_CURRENCY else name


def frame(df: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    """``df`` as people read it."""
    language = language or lang()
    out = {}
    for column in df.columns:
        values = df[column]
        spec = COLUMNS.get(column)
        kind = spec.kind if spec else "text"
        if kind == "code" or (kind == "text" and values.dtype == object and values.map(
                lambda v: isinstance(v, bool)).any()):
            values = each_distinct(values, lambda v: code(v, language))
        elif kind == "codes":  # a tuple of code values: their names in one cell
            values = values.map(lambda v: codes_text(v, language))
        elif kind == "bool":
            values = values.map(lambda v: "" if pd.isna(v) else code(bool(v), language))
        elif kind in ("date", "month") and pd.api.types.is_datetime64_any_dtype(values):
            values = values.dt.date
        elif kind in ("currency", "count", "days") and pd.api.types.is_numeric_dtype(values):
            values = values.astype(float).round(0)
        elif kind in ("hours", "number") and pd.api.types.is_numeric_dtype(values):
            values = values.astype(float).round(1)
        elif kind == "ratio" and pd.api.types.is_numeric_dtype(values):
            values = values.astype(float).round(2)
        out[header(column, language)] = values.to_numpy()
    return pd.DataFrame(out, index=df.index)


_FORMATS = {  # money: the company's currency symbol before "%,.0f" (see ``number_format``)
    "percent": {"en": "percent", "zh": "percent"},
    "count": {"en": "localized", "zh": "localized"}, "days": {"en": "%d d", "zh": "%d 天"},
    "hours": {"en": "%.1f h", "zh": "%.1f 小时"}, "number": {"en": "%.1f", "zh": "%.1f"},
    "id": {"en": "%d", "zh": "%d"}, "score": {"en": "%d", "zh": "%d"}, "ratio": {"en": "%.2f", "zh": "%.2f"},
}


def shown(df: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    """``frame(df)`` as a table on screen shows it: in Chinese, money in 万 (numbers still, so a column sorts;
    ``column_config`` writes ``¥747.0万``). Downloads keep ``frame(df)``: whole amounts in the currency."""
    language = language or lang()
    out = frame(df, language)
    if language == "zh":
        for column in df.columns:
            spec = COLUMNS.get(column)
            title = header(column, language)
            if spec is not None and spec.kind == "currency" and pd.api.types.is_numeric_dtype(out[title]) \
                    and in_wan(out[title]):
                out[title] = out[title].astype(float) / WAN
    return out


def in_wan(values) -> bool:
    """Whether a Chinese table shows a money column in 万: when its largest amount reaches ``WAN_FROM`` (100,000);
    a column of smaller amounts keeps every yuan (¥5,467, not ¥0.5万), as ``metrics.base.format`` writes them."""
    numbers = pd.to_numeric(pd.Series(values), errors="coerce").abs()
    return bool(numbers.notna().any() and numbers.max() >= WAN_FROM)


def money_format(values, language: str | None = None) -> str:
    """:func:`number_format` of a money column holding ``values``: in Chinese in 万 only when :func:`in_wan`."""
    language = language or lang()
    if language == "zh" and not in_wan(values):
        return currency_symbol(None, language).replace("%", "%%") + "%,.0f"
    return number_format("currency", language)


def column_config(df: pd.DataFrame, language: str | None = None, *, pinned: Iterable[str] = ()) -> dict:
    """Streamlit formats and widths for ``shown(df)``, keyed by the labelled headers: every column as wide as its
    header and the widest of the first rows (``dashboard.core.widths``); the columns ``pinned`` (raw names) stay
    in view when the table scrolls sideways."""
    language = language or lang()
    config = _formats(df, language)
    view = shown(df.head(widths.SAMPLE_ROWS), language)
    symbol = currency_symbol(None, language)
    for column in df.columns:
        spec = COLUMNS.get(column)
        title = header(column, language)
        kind = spec.kind if spec else "text"
        texts = [widths.cell_text(v, kind, language, symbol) for v in widths.sample(view[title])]
        entry = config.setdefault(title, st.column_config.Column())
        entry["width"] = widths.fit(title, texts, progress=entry.get("type_config", {}).get("type") == "progress")
        if column in pinned:
            entry["pinned"] = True
    return config


def _formats(df: pd.DataFrame, language: str) -> dict:
    """Streamlit's number and date formats for ``shown(df)``, keyed by the labelled headers."""
    config = {}
    for column in df.columns:
        spec = COLUMNS.get(column)
        title = header(column, language)
        if spec is None:
            continue
        if spec.kind == "percent":
            config[title] = st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1) \
                if column in ("p_alive", "rate", "completeness") else st.column_config.NumberColumn(format="percent")
        elif spec.kind == "currency":
            config[title] = st.column_config.NumberColumn(format=money_format(df[column], language))
        elif spec.kind in _FORMATS:
            config[title] = st.column_config.NumberColumn(format=number_format(spec.kind, language))
        elif spec.kind == "date":
            config[title] = st.column_config.DateColumn(format="YYYY-MM-DD")
        elif spec.kind == "month":
            config[title] = st.column_config.DateColumn(format="YYYY-MM")
    return config


def codes_text(values, language: str | None = None) -> str:
    """Code values' names in one cell: ``Cranes, Loaders`` / ``起重机、装载机``; nothing for a missing value."""
    if values is None or (isinstance(values, float) and pd.isna(values)):
        return ""
    language = language or lang()
    return ("、" if language == "zh" else ", ").join(code(v, language) for v in values)


def number_format(kind: str, language: str | None = None) -> str:
    """Streamlit's printf-style format of a column kind; money in the company's currency (``$%,.0f``)."""
    language = language or lang()
    if kind == "currency":  # in Chinese, of amounts ``shown`` in 万
        return currency_symbol(None, language).replace("%", "%%") + ("%,.1f万" if language == "zh" else "%,.0f")
    return _FORMATS[kind][language]


def show(df: pd.DataFrame, **kwargs):
    """``st.dataframe`` of the labelled frame with its formats and widths (a missing value an empty cell); returns
    what ``st.dataframe`` returns. ``pinned``: raw column names kept in view when the table scrolls sideways."""
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    kwargs.setdefault("placeholder", "")
    config = column_config(df, pinned=kwargs.pop("pinned", ())) | kwargs.pop("column_config", {})
    return st.dataframe(shown(df), column_config=config, **kwargs)


def each_distinct(values: pd.Series, name: Callable[[object], object]) -> pd.Series:
    """``values.map(name)`` calling ``name`` once per distinct value (tens of thousands of rows, a handful of
    codes: naming each row cost seconds)."""
    return values.map({v: name(v) for v in values.dropna().unique()})


def member(value: object) -> str:
    """A code value's name in the current language (regions, channels, industries, categories...): ``CODES``; a
    value without a name is shown as given."""
    return code(value, lang())


def table_name(table: str) -> str:
    """A table's name for people, in the current language."""
    names = TABLE_NAMES.get(table)
    return names[0 if lang() == "en" else 1] if names else table


def seven_p_measure(name: str) -> str:
    """A 7P measure's label; ``kind:member`` names get the member appended (a category or a region)."""
    kind, _, member_name = name.partition(":")
    pair = MEASURES.get(kind)
    label = pair[0 if lang() == "en" else 1] if pair else kind
    if member_name:
        label += f": {member(member_name)}"
    return label


def labeller(prefix: str = "", *, names: dict[str, dict[str, str]] | None = None):
    """A format function for widget options, fixed to the current language: ``TEXT[prefix + option]``,
    a member name, or ``names[option][language]``. (Widgets keep their format function past the run.)"""
    language = lang()

    def label(option: object) -> str:
        if names is not None:
            return names[option][language]
        key = f"{prefix}{option}"
        if key in TEXT:
            return TEXT[key][language]
        return code(option, language)

    return label


def kpi_labeller():
    """A format function naming KPIs in the current language (widget options)."""
    from metrics.scorecard.registry import CATALOGUE

    return labeller(names={k.id: k.name for k in CATALOGUE})
