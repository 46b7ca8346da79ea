"""English and Simplified Chinese: labels, number and date formats. The language is kept in the URL."""

from datetime import date
from typing import Literal

import streamlit as st

from dashboard.core import texts
from dashboard.core.texts import access, core, customers_data, importing, links, program, speed, targets
from dashboard.core.texts import drill as drill_texts
from dashboard.core.texts import initiatives as initiative_texts
from dashboard.core.texts import notify as notify_texts
from dashboard.core.texts import review as review_texts
from dashboard.core.texts import sales as sales_texts
from dashboard.core.texts import segments as segment_texts
from metrics.base.format import format_number

Lang = Literal["en", "zh"]
LANGUAGES: dict[str, str] = {"en": "English", "zh": "简体中文"}

TEXT = texts.merge(core.TEXT, program.TEXT, links.TEXT, importing.TEXT, access.TEXT, speed.TEXT, targets.TEXT,
                    sales_texts.TEXT, customers_data.TEXT, drill_texts.TEXT,
                    segment_texts.TEXT, review_texts.TEXT, initiative_texts.TEXT, notify_texts.TEXT)

def init_language() -> None:
    """Start a session in the language its URL asks for (``?lang=zh``), English by default; later runs
    keep the session's choice (also kept under a plain key: Streamlit forgets a widget's value on a
    run that does not draw it)."""
    state = st.session_state
    current = state.get("language")
    if current not in LANGUAGES:
        current = state.get("_language_saved") or st.query_params.get("lang", "en")
    # assigned on every run, before the picker is drawn: the picker then keeps it across page switches
    state["language"] = current if current in LANGUAGES else "en"


def language_picker() -> None:
    """The language switch; the choice is written back to the URL so links keep it."""
    st.radio("Language · 语言", list(LANGUAGES), format_func=LANGUAGES.get, key="language", horizontal=True)
    st.session_state["_language_saved"] = lang()
    st.query_params["lang"] = lang()


def lang() -> Lang:
    """The current language of this session."""
    value = st.session_state.get("language", "en")
    return value if value in LANGUAGES else "en"

def t(key: str, **values: object) -> str:
    """The text for ``key`` in the current language, with ``{placeholders}`` filled."""
    entry = TEXT[key]
    return entry[lang()].format(**values) if values else entry[lang()]


def number(value: float, *, decimals: int = 0, language: Lang | None = None) -> str:
    """A number with thousands separators; in Chinese, large amounts in 万 / 亿 (``metrics.base.format``)."""
    return format_number(value, language or lang(), decimals=decimals)


def day(value: date | None, *, language: Lang | None = None) -> str:
    """A date: ``23 Nov 2026`` in English, ``2026年11月23日`` in Chinese."""
    if value is None:
        return "–"
    language = language or lang()
    if language == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value:%b %Y}"


def month(value: date | None, *, language: Lang | None = None) -> str:
    """A month: ``Nov 2026`` in English, ``2026年11月`` in Chinese."""
    if value is None:
        return "–"
    language = language or lang()
    return f"{value.year}年{value.month}月" if language == "zh" else f"{value:%b %Y}"
