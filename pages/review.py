from dashboard.core import context, guard, navigation
from dashboard.initiatives import common, review_pack

guard.enter(navigation.REVIEW)

page = context.page_context("initiatives_page_review")
if page is not None:
    context.step_note(page.store, "initiative_effects")
    review_pack.pack(common.load(page))
