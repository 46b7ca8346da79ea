import streamlit as st

from dashboard.core import guard, navigation
from dashboard.core.i18n import t

guard.enter(navigation.REVIEW)

st.title(t("initiatives_page_review"))
