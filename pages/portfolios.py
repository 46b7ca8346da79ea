from dashboard import components, customer_views, frame

frame.inside_app_frame()

ctx = components.page_context("portfolios_title")
if ctx is not None:
    customer_views.picket_fence(ctx)
    customer_views.portfolio_table(ctx)
