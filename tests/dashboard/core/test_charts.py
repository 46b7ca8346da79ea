"""Chart factories as plain functions: traces, titles, units."""

import pandas as pd

from dashboard.core import charts
from metrics.scorecard.strategy import LINKS, OBJECTIVES, Perspective


def test_trend_shows_the_series_the_target_line_and_the_amber_band():
    fig = charts.trend_with_target(pd.Series([0.8, 0.85, 0.9]), target=0.9, amber_edge=0.85, unit="percent",
                                   name="Retention", target_label="Target", amber_label="Amber",
                                   labels=["2026-07", "2026-08", "2026-09"])
    assert list(fig.data[0].y) == [0.8, 0.85, 0.9] and fig.data[0].name == "Retention"
    shapes = [s for s in fig.layout.shapes]
    assert any(s.type == "rect" and {s.y0, s.y1} == {0.85, 0.9} for s in shapes)
    assert any(s.type == "line" and s.y0 == 0.9 == s.y1 for s in shapes)
    assert fig.layout.yaxis.tickformat == ".0%"


def test_breakdown_bars_are_sorted_and_carry_the_unit():
    frame = pd.DataFrame({"label": ["East", "West", "North"], "value": [3.0, 1.0, float("nan")]})
    fig = charts.breakdown_bars(frame, unit="hours", title="First response by region")
    assert list(fig.data[0].y) == ["West", "East"]
    assert fig.layout.title.text == "First response by region"
    assert list(fig.layout.xaxis.tickvals) == [0, 0.5, 1, 1.5, 2, 2.5, 3]
    assert list(fig.layout.xaxis.ticktext) == ["0 h", "0.5 h", "1 h", "1.5 h", "2 h", "2.5 h", "3 h"]
    chinese = charts.breakdown_bars(frame, unit="days", title="", lang="zh")
    assert all(text.endswith(" 天") for text in chinese.layout.xaxis.ticktext)


def test_a_trend_axis_has_ticks_across_the_data_not_from_zero():
    fig = charts.trend_with_target(pd.Series([52_000.0, 61_000.0, 78_000.0]), target=70_000, amber_edge=63_000,
                                   unit="count", name="n", target_label="t", amber_label="a", labels=["1", "2", "3"])
    inside = [v for v in fig.layout.yaxis.tickvals if 52_000 <= v <= 78_000]
    assert len(inside) >= 3 and list(fig.layout.yaxis.ticktext)[:2] == ["50,000", "55,000"]


def test_money_axes_read_in_wan_and_yi_in_chinese_and_k_m_in_english():
    frame = pd.DataFrame({"existing_revenue": [1_500_000.0, 2_400_000.0], "new_revenue": [100_000.0, 0.0]})
    zh = charts.revenue_split(frame, labels=["1", "2"], new_label="n", existing_label="e", title="", lang="zh")
    en = charts.revenue_split(frame, labels=["1", "2"], new_label="n", existing_label="e", title="", lang="en")
    assert list(zh.layout.yaxis.tickvals) == [0, 500_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000]
    assert list(zh.layout.yaxis.ticktext) == ["¥0", "¥50万", "¥100万", "¥150万", "¥200万", "¥250万"]
    assert list(en.layout.yaxis.ticktext) == ["¥0", "¥500K", "¥1M", "¥1.5M", "¥2M", "¥2.5M"]
    big = pd.DataFrame({"existing_revenue": [300_000_000.0], "new_revenue": [0.0]})
    assert "¥3亿" in charts.revenue_split(big, labels=["1"], new_label="n", existing_label="e", title="",
                                          lang="zh").layout.yaxis.ticktext


def test_strategy_map_draws_every_objective_and_link_and_marks_key_ones():
    statuses = {o.id: "green" for o in OBJECTIVES} | {"retain": "red"}
    fig = charts.strategy_map(statuses, names={o.id: o.name["en"] for o in OBJECTIVES},
                              band_names={p: p.value for p in Perspective}, links=LINKS, key_objectives={"retain"})
    boxes = [s for s in fig.layout.shapes if s.line.width in (1.5, 3)]
    assert len(boxes) == len(OBJECTIVES)
    assert sum(1 for s in boxes if s.line.color == charts.STATUS_COLOURS["red"]) == 1
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == len(LINKS)
    assert any(a.text.startswith("★") for a in fig.layout.annotations)


def test_cohort_heatmap_has_a_row_per_cohort():
    frame = pd.DataFrame({"cohort": ["2024-Q1", "2024-Q1", "2024-Q2"], "months_since": [0, 3, 0],
                          "rate": [1.0, 0.9, 1.0]})
    fig = charts.cohort_heatmap(frame, title="Cohorts", x_title="Months", y_title="Cohort")
    assert list(fig.data[0].y) == ["2024-Q1", "2024-Q2"] and fig.layout.xaxis.title.text == "Months"


def test_the_rfm_grid_labels_every_score_on_both_axes():
    frame = pd.DataFrame({"r_score": [5, 1, 3], "fm_score": [1, 5, 2], "customers": [10, 20, 30]})
    fig = charts.rfm_grid(frame, title="RFM", x_title="FM", y_title="R")
    assert fig.layout.xaxis.type == "category" and fig.layout.yaxis.type == "category"
    assert list(fig.data[0].x) == ["1", "2", "3", "4", "5"] and list(fig.data[0].y) == ["1", "2", "3", "4", "5"]
    assert fig.data[0].z[4][0] == 10 and fig.data[0].z[0][4] == 20 and fig.data[0].z[2][1] == 30


def test_the_link_scatter_places_points_on_number_axes():
    index = pd.period_range("2025-01", periods=4, freq="M").to_timestamp()
    x = pd.Series([-0.05, 0.02, 0.01, -0.01], index=index)
    y = pd.Series([0.1, -0.04, -0.02, 0.03], index=index)
    fig = charts.link_scatter(x, y, effect=-2.0, low=-3.0, high=-1.0, x_title="x", y_title="y", title="t",
                              line_label="fit", band_label="band")
    assert fig.layout.xaxis.type != "category" and fig.layout.yaxis.type != "category"
    points = next(trace for trace in fig.data if trace.mode == "markers")
    assert list(points.x) == [-0.05, 0.02, 0.01, -0.01] and list(points.y) == [0.1, -0.04, -0.02, 0.03]
