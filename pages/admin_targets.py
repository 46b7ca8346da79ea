import streamlit as st

from dashboard import admin_views, components, frame
from dashboard.i18n import t

frame.inside_app_frame()

ctx = components.page_context("page_targets")
if ctx is not None:
    st.caption(t("targets_intro"))
    admin_views.targets_editor(ctx.store, ctx.filters)
