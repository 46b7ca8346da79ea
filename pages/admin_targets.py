import streamlit as st

from dashboard import components, frame, targets_views
from dashboard.i18n import t

frame.inside_app_frame()

ctx = components.page_context("page_targets")
if ctx is not None:
    st.caption(t("targets_intro"))
    targets_views.targets_editor(ctx.store, ctx.filters)
