"""The Sales team's figures, as functions: bars, the 100 % line, hatching for baselines, weekly totals."""

import pandas as pd

from dashboard.core.charts import STATUS_COLOURS
from dashboard.sales.charts import attainment_bars, weekly_advancement


def test_attainment_bars_best_on_top_with_a_target_line():
    frame = pd.DataFrame({"label": ["Ann", "Bob", "Cid", "Dee"], "attainment": [1.3, 0.8, float("nan"), 1.0],
                          "baseline": [True, False, False, False]})
    fig = attainment_bars(frame, title="Attainment", target_label="Target (100%)")
    bar = fig.data[0]
    assert list(bar.y) == ["Bob", "Dee", "Ann"]  # no bar without an attainment; plotly draws the last on top
    assert list(bar.marker.color) == [STATUS_COLOURS["red"], STATUS_COLOURS["green"], STATUS_COLOURS["green"]]
    assert list(bar.marker.pattern.shape) == ["", "", "/"]
    assert list(bar.text) == ["80%", "100%", "130%"]
    assert [s.x0 for s in fig.layout.shapes] == [1.0]
    assert fig.layout.annotations[0].text == "Target (100%)"
    assert fig.layout.xaxis.tickformat == ".0%" and fig.layout.xaxis.range[1] >= 1.3


def test_weekly_advancement_keeps_the_weeks_in_order():
    frame = pd.DataFrame({"week_label": ["Mar 3", "Mar 10", "Mar 17 (4 of 7 days)"], "advanced": [3, 0, 2]})
    fig = weekly_advancement(frame, title="", y_title="Moved forward")
    assert list(fig.data[0].x) == list(frame["week_label"]) and list(fig.data[0].y) == [3, 0, 2]
    assert list(fig.layout.xaxis.categoryarray) == list(frame["week_label"])
    assert fig.layout.yaxis.title.text == "Moved forward"
