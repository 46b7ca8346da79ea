from dashboard import frame, program_views

frame.inside_app_frame()

ctx = program_views.context()
if ctx is not None:
    rate = program_views.rate_input()
    ev = program_views.earned(ctx)
    ret = program_views.returns(ctx, rate)
    program_views.headline(ctx, ret, ev)
    program_views.plan(ctx, ev)
    program_views.cost(ctx)
    program_views.benefit(ctx)
    program_views.return_section(ctx, ret, rate)
    program_views.leading_lagging(ctx)
    program_views.benchmarks(ctx)
    program_views.health(ctx)
    program_views.method_check(ctx)
    program_views.comments(ctx)
    program_views.editor(ctx)
