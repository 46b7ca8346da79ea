import streamlit as st

from dashboard import access_views, auth, frame
from dashboard.i18n import t

frame.inside_app_frame()

st.title(t("page_admin_users"))
me = auth.current()
emails = access_views.users_table()
access_views.add_user_form(me.email)
access_views.change_user_form(emails, me.email)
