import streamlit as st

from dashboard.core import guard, navigation
from dashboard.core.i18n import t
from dashboard.notifications import alerts_view, settings_view

guard.enter(navigation.NOTIFICATIONS)

st.title(t("notify_page_settings"))
st.caption(t("notify_settings_intro"))
if not alerts_view.available():
    st.info(t("notify_unavailable"))
    st.stop()
person = settings_view.person_picker()
if person is not None:
    settings_view.subscription_form(person)
