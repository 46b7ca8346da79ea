import streamlit as st

from dashboard.core import guard, navigation
from dashboard.core.i18n import t
from dashboard.review import mine

guard.enter(navigation.MY_SCORECARD)

st.title(t("review_page_mine"))
mine.my_scorecard()
