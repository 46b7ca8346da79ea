import streamlit as st

from dashboard.core import context, guard, navigation
from dashboard.core.i18n import t
from dashboard.initiatives import common, detail, editor, listing

guard.enter(navigation.INITIATIVES)

page = context.page_context("initiatives_page")
if page is not None:
    context.step_note(page.store, "initiative_effects")
    ctx = common.load(page)
    st.caption(t("initiatives_intro"))
    editor.saved_note()
    listing.red_flag(ctx)
    chosen = listing.table(ctx)
    editor.new_form(ctx)
    listing.gantt(ctx)
    chosen = detail.picker(ctx, chosen)
    if chosen is not None:
        detail.detail(ctx, chosen)
        editor.edit_forms(ctx, chosen)
