import streamlit as st

from dashboard.access import views as access_views
from dashboard.core import auth, guard, navigation
from dashboard.core.i18n import t

guard.enter(navigation.ADMIN_USERS)

st.title(t("page_admin_users"))
me = auth.current()
emails = access_views.users_table()
access_views.add_user_form(me.email)
access_views.change_user_form(emails, me.email)
