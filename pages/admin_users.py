import streamlit as st

from dashboard.access import views as access_views
from dashboard.core import auth
from dashboard.core import guard as frame
from dashboard.core.i18n import t

frame.inside_app_frame()

st.title(t("page_admin_users"))
me = auth.current()
emails = access_views.users_table()
access_views.add_user_form(me.email)
access_views.change_user_form(emails, me.email)
