from dashboard.core import guard as frame
from dashboard.customers import views as customer_views
from dashboard.scorecard import components

frame.inside_app_frame()

ctx = components.page_context("portfolios_title")
if ctx is not None:
    customer_views.picket_fence(ctx)
    customer_views.portfolio_table(ctx)
