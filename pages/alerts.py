import streamlit as st

from dashboard.core import guard, navigation
from dashboard.core.i18n import t
from dashboard.notifications import alerts_view

guard.enter(navigation.ALERTS)

st.title(t("notify_page_alerts"))
st.caption(t("notify_alerts_intro"))
if not alerts_view.available():
    st.info(t("notify_unavailable"))
    st.stop()
alerts_view.active_table()
alerts_view.history_table()
alerts_view.outbox_panel()  # admins only
