import streamlit as st

from dashboard.core import guard, navigation
from dashboard.core.i18n import t
from dashboard.review import settings

guard.enter(navigation.SCORECARD_SETTINGS)

st.title(t("review_page_settings"))
settings.owners_editor()
