from dashboard.core import guard, navigation
from dashboard.program import views as program_views

guard.enter(navigation.PROGRAM)

ctx = program_views.context()
if ctx is not None:
    rate = program_views.rate_input()
    ev = program_views.earned(ctx)
    ret = program_views.returns(ctx, rate)
    program_views.headline(ctx, ret, ev)
    program_views.show(program_views.section(), ctx, ev, ret, rate)
