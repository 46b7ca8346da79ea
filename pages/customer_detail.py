import streamlit as st

from dashboard.access import views as access_views
from dashboard.cache import customers as cache
from dashboard.core import auth, context, guard, navigation
from dashboard.core.i18n import t
from dashboard.customers import views as customer_views
from dashboard.drill import views as drill

guard.enter(navigation.CUSTOMER_DETAIL)

drill.arrive_at_top()  # opened from a who list: at its top, not the list's scroll

ctx = context.page_context("page_customer_detail")
if ctx is not None:
    customer_id = customer_views.customer_picker(ctx)
    if customer_id is not None:
        history = cache.customer_history(ctx.store, customer_id, auth.role())
        customer_views.customer_header(ctx, customer_id, history)
        access_views.contact_line(history["facts"])
        customer_views.reorder_note(ctx, customer_id)
        st.subheader(t("history"))
        customer_views.history_sections(history, customer_id)
