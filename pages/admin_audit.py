import streamlit as st

from dashboard.access import views as access_views
from dashboard.core import guard, navigation
from dashboard.core.i18n import t

guard.enter(navigation.ADMIN_AUDIT)

st.title(t("page_admin_audit"))
access_views.audit_table(access_views.audit_filters())
