"""Entry point: page frame, language, and the navigation over the pages."""

import streamlit as st

from dashboard import i18n
from dashboard.i18n import t

st.set_page_config(page_title="CRM Scorecard", page_icon=":material/insights:", layout="wide")

i18n.init_language()
with st.sidebar:
    i18n.language_picker()

pages = {
    t("group_admin"): [
        st.Page("pages/data.py", title=t("page_data"), icon=":material/database:", url_path="data",
                default=True),
    ],
}
st.navigation(pages).run()
