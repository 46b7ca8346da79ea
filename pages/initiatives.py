import streamlit as st

from dashboard.core import guard, navigation
from dashboard.core.i18n import t

guard.enter(navigation.INITIATIVES)

st.title(t("initiatives_page"))
