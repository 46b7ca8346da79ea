import streamlit as st

from dashboard import cache
from dashboard.core import charts, filters, guard, navigation
from dashboard.core.i18n import lang, t
from dashboard.scorecard import overview, perspective
from metrics.scorecard.funnel import STAGES
from metrics.scorecard.strategy import Perspective

guard.enter(navigation.PERSPECTIVE_PAGES[Perspective.PROCESS])

ctx = perspective.perspective_page(Perspective.PROCESS)
if ctx is not None:
    overview.key_process_note(filters.value_proposition())
    left, right = st.columns(2)
    steps = cache.funnel_steps(ctx.store, ctx.filters)
    left.plotly_chart(charts.funnel_chart(steps, names={s: t(f"funnel_{s}") for s in steps["step"]},
                                          title=t("funnel"), lang=lang()), width="stretch",
                      config={"displayModeBar": False})
    velocity = cache.stage_velocity(ctx.store, ctx.filters)
    right.plotly_chart(charts.stage_velocity_bars(velocity, names={s: t(f"stage_{s}") for s in STAGES},
                                                  title=t("stage_velocity"), days_label=t("days")),
                       width="stretch", config={"displayModeBar": False})
