from dashboard.core import context, guard, navigation
from dashboard.customers import portfolios as portfolio_views

guard.enter(navigation.PORTFOLIOS)

ctx = context.page_context("portfolios_title")
if ctx is not None:
    portfolio_views.picket_fence(ctx)
    portfolio_views.portfolio_table(ctx)
