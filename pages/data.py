import streamlit as st

from dashboard.core import guard as frame
from dashboard.core.i18n import lang, t
from dashboard.scorecard import components

frame.inside_app_frame()

st.title(t("data_title"))
summary = components.load_summary()
if summary is not None:
    st.markdown(summary.description[lang()])
    components.as_of_note(summary.as_of)
    components.dataset_tiles(summary)
    components.table_listing(summary)
    st.caption(f"{t('database')}: `{summary.url}`")
