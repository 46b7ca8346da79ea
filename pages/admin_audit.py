import streamlit as st

from dashboard import access_views, frame
from dashboard.i18n import t

frame.inside_app_frame()

st.title(t("page_admin_audit"))
access_views.audit_table(access_views.audit_filters())
