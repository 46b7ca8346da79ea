import streamlit as st

from dashboard.admin import dataset
from dashboard.core import context, guard, navigation
from dashboard.core.i18n import lang, t

guard.enter(navigation.DATA)

st.title(t("data_title"))
summary = context.load_summary()
if summary is not None:
    st.markdown(summary.description[lang()])
    context.as_of_note(summary.as_of, demo=summary.demo)
    dataset.dataset_tiles(summary)
    dataset.table_listing(summary)
    st.caption(f"{t('database')}: `{summary.url}`")
