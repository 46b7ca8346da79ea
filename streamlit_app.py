"""Entry point: page frame, sign-in, language, global filters, and the navigation over the permitted pages."""

import streamlit as st

from dashboard.access import signin
from dashboard.core import context, filters, guard, i18n
from dashboard.core.i18n import t
from dashboard.core.navigation import ALL_PAGES, OVERVIEW

st.set_page_config(page_title="CRM Scorecard", page_icon=":material/insights:", layout="wide")

i18n.init_language()
with st.sidebar:
    i18n.language_picker()
identity = signin.gate()  # draws the sign-in / first-run / no-access screen when nobody may go on
if identity is None:
    st.stop()
with guard.frame(identity):
    with st.sidebar:
        signin.account_box(identity)
        opened = context.open_store()
        if opened is not None:
            st.header(t("filters"), divider="gray")
            filters.sidebar(opened[1])

    pages: dict[str, list] = {}
    for spec in ALL_PAGES:
        if spec.permits(identity.role):
            pages.setdefault(t(spec.group_key), []).append(
                st.Page(spec.path, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path,
                        default=spec is OVERVIEW))
    st.navigation(pages, expanded=True).run()  # every page in view: past 12 a collapsed menu hides the admin group
