"""The Overview on a phone: the KPIs off target (value, target, status) and the strategy map as a list of
objectives by perspective, in place of the map's drawing.

Streamlit lays a page out in Python, blind to the screen's width (``st.context`` tells no viewport). So both are
drawn, each in a keyed container (Streamlit gives it the class ``st-key-<key>``), and CSS ``@media`` rules show one:
the drawn map from ``PHONE_MAX_PX + 1`` pixels, this list up to ``PHONE_MAX_PX``. The list is a few lines of text.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.core.i18n import lang, t
from dashboard.core.safe import plain
from dashboard.scorecard.overview import STATUS_BADGE, shown_target, shown_value, status_label
from metrics.scorecard.scoring import objective_statuses
from metrics.scorecard.strategy import OBJECTIVES, PERSPECTIVE_NAMES, Perspective

PHONE_MAX_PX = 640
WIDE_KEY, PHONE_KEY = "overview_wide", "overview_phone"
STYLE = (f"<style>@media (max-width: {PHONE_MAX_PX}px) {{ .st-key-{WIDE_KEY} {{ display: none; }} }}"
         f"@media (min-width: {PHONE_MAX_PX + 1}px) {{ .st-key-{PHONE_KEY} {{ display: none; }} }}</style>")


def wide_only():
    """A container shown from ``PHONE_MAX_PX + 1`` pixels (with the rules that hide one or the other)."""
    st.html(STYLE)
    return st.container(key=WIDE_KEY)


def phone_summary(card: pd.DataFrame) -> None:
    """Up to ``PHONE_MAX_PX`` pixels: the KPIs off target, then each perspective's objectives with their status."""
    language = lang()
    with st.container(key=PHONE_KEY):
        red = [row for row in card.to_dict("records") if row["status"] == "red"]
        st.markdown(f"**{t('sg_phone_red')} · {len(red)}**")
        lines = [f"- {STATUS_BADGE['red']} {plain(row['name_en' if language == 'en' else 'name_zh'])}: "
                 f"**{plain(shown_value(row))}** ({t('sg_phone_target', value=plain(shown_target(row, language)))})"
                 for row in red]
        if lines:
            st.markdown("\n".join(lines))
        st.markdown(f"**{t('strategy_map')}**")
        statuses = objective_statuses(card)
        for perspective in Perspective:
            items = [f"{STATUS_BADGE[statuses[o.id]]} {plain(o.name[language])} · {status_label(statuses[o.id])}"
                     for o in OBJECTIVES if o.perspective == perspective]
            st.markdown(f"*{PERSPECTIVE_NAMES[perspective][language]}*  \n" + "  \n".join(items))
