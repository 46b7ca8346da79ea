import streamlit as st

from dashboard import components, frame
from dashboard.i18n import lang, t

frame.inside_app_frame()

st.title(t("data_title"))
summary = components.load_summary()
if summary is not None:
    st.markdown(summary.description[lang()])
    components.as_of_note(summary.as_of)
    components.dataset_tiles(summary)
    components.table_listing(summary)
    st.caption(f"{t('database')}: `{summary.url}`")
