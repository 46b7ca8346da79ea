import streamlit as st

from dashboard.admin import targets as targets_views
from dashboard.core import context
from dashboard.core import guard as frame
from dashboard.core.i18n import t

frame.inside_app_frame()

ctx = context.page_context("page_targets")
if ctx is not None:
    st.caption(t("targets_intro"))
    targets_views.targets_editor(ctx.store, ctx.filters)
