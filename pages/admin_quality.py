import streamlit as st

from dashboard import admin_views, components, frame
from dashboard.i18n import t

frame.inside_app_frame()

st.title(t("quality_title"))
opened = components.open_store()
if opened is not None:
    admin_views.data_quality(opened[0])
