import streamlit as st

from dashboard.access import views as access_views
from dashboard.core import guard as frame
from dashboard.core.i18n import t

frame.inside_app_frame()

st.title(t("page_admin_audit"))
access_views.audit_table(access_views.audit_filters())
