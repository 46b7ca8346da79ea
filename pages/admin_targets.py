import streamlit as st

from dashboard.admin import segment_targets as segment_targets_views
from dashboard.admin import targets as targets_views
from dashboard.core import context, guard, navigation
from dashboard.core.i18n import t

guard.enter(navigation.ADMIN_TARGETS)

ctx = context.page_context("page_targets")
if ctx is not None:
    st.caption(t("targets_intro"))
    targets_views.targets_editor(ctx.store, ctx.filters)
    segment_targets_views.segment_editor(ctx.store)
