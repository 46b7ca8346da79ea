from dashboard.core import context
from dashboard.core import guard as frame
from dashboard.customers import views as customer_views

frame.inside_app_frame()

ctx = context.page_context("portfolios_title")
if ctx is not None:
    customer_views.picket_fence(ctx)
    customer_views.portfolio_table(ctx)
