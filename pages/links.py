from dashboard import cache
from dashboard.core import context, guard, navigation
from dashboard.links import views as link_views

guard.enter(navigation.LINKS)

ctx = context.page_context("page_links")
if ctx is not None:
    table = link_views.links_section(ctx.store)
    if table is not None:
        link_views.link_detail(ctx.store, table)
        link_views.what_if_section(ctx.store, cache.scorecard(ctx.store, ctx.filters))
