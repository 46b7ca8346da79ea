import streamlit as st

from dashboard.core import guard, navigation
from dashboard.core.i18n import t

guard.enter(navigation.NOTIFICATIONS)

st.title(t("notify_page_settings"))
