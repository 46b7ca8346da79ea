"""Entry point: page frame, sign-in, language, global filters, and the navigation over the permitted pages."""

import streamlit as st

from dashboard.access import signin
from dashboard.core import context, failures, filters, guard, i18n
from dashboard.core.i18n import t
from dashboard.core.navigation import ALL_PAGES, MY_SCORECARD, OVERVIEW
from dashboard.notifications import unsubscribe
from dashboard.review import mine

st.set_page_config(page_title="CRM Scorecard", page_icon=":material/insights:", layout="wide")

with failures.caught():  # an escaped exception is one sentence in the browser, its traceback in the log
    i18n.init_language()
    with st.sidebar:
        i18n.language_picker()
    unsubscribe.handle()  # an e-mail's one-click unsubscribe link (?unsubscribe=...) needs no sign-in
    identity = signin.gate()  # draws the sign-in / first-run / no-access screen when nobody may go on
    if identity is None:
        st.stop()
    with guard.frame(identity):
        landing = MY_SCORECARD if mine.owns_something(identity.email) else OVERVIEW  # owners start on theirs
        pages: dict[str, list] = {}
        for spec in ALL_PAGES:
            if spec.permits(identity.role):
                pages.setdefault(t(spec.group_key), []).append(
                    st.Page(spec.path, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path,
                            default=spec is landing))
        page = st.navigation(pages, expanded=True)  # every page in view: past 12 a collapsed menu hides the admin group
        shown = next((s for s in ALL_PAGES if (s is landing and page.url_path == "") or s.url_path == page.url_path),
                     landing)
        with st.sidebar:
            signin.account_box(identity)
            opened = context.open_store()
            if opened is not None and shown.filters:
                st.header(t("filters"), divider="gray")
                filters.sidebar(opened[1])
            elif opened is not None:  # a page the filters do nothing on: none drawn, their values kept
                filters.hold(opened[1])
        page.run()
