from dashboard.core import context, guard, navigation
from dashboard.customers import views as customer_views

guard.enter(navigation.PORTFOLIOS)

ctx = context.page_context("portfolios_title")
if ctx is not None:
    customer_views.picket_fence(ctx)
    customer_views.portfolio_table(ctx)
