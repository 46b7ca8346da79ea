import streamlit as st

from dashboard.admin import quality
from dashboard.core import context, guard, navigation
from dashboard.core.i18n import t

guard.enter(navigation.ADMIN_QUALITY)

st.title(t("quality_title"))
opened = context.open_store()
if opened is not None:
    quality.data_quality(opened[0])
