"""Charts one can click: breakdown bars carry their member and the target line; each strategy-map box carries its
objective under a transparent marker."""

import pandas as pd
import plotly.graph_objects as go

from dashboard.core import charts
from dashboard.drill.views import objective_kpi
from metrics.scorecard.registry import CATALOGUE
from metrics.scorecard.strategy import LINKS, OBJECTIVES, Perspective

FRAME = pd.DataFrame({"member": ["East", "West", "North"], "label": ["East", "West", "North"],
                      "value": [0.7, 0.8, float("nan")]})


def test_each_bar_carries_its_member_for_the_click():
    fig = charts.breakdown_bars(FRAME, unit="percent", title="t")
    bar = fig.data[0]
    assert list(bar.customdata) == ["East", "West"]  # the unknown member has no bar, so no click
    assert list(bar.y) == ["East", "West"]


def test_a_finite_target_draws_one_dashed_line_and_widens_the_axis_to_it():
    fig = charts.breakdown_bars(FRAME, unit="count", title="t", target=1500.0, target_label="Target")
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 1 and lines[0].x0 == lines[0].x1 == 1500.0 and lines[0].line.dash == "dash"
    assert max(fig.layout.xaxis.tickvals) >= 1500.0
    assert any(a.text == "Target" for a in fig.layout.annotations)


def test_no_target_no_line():
    for target in (None, float("nan")):
        fig = charts.breakdown_bars(FRAME, unit="percent", title="t", target=target)
        assert not [s for s in fig.layout.shapes if s.type == "line"]


def _map() -> go.Figure:
    return charts.strategy_map({o.id: "red" for o in OBJECTIVES}, names={o.id: o.name["en"] for o in OBJECTIVES},
                               band_names={p: p.value for p in Perspective}, links=LINKS, key_objectives=set())


def test_every_objective_box_gets_a_marker_inside_it_carrying_its_id():
    fig = charts.clickable_boxes(_map(), hover={o.id: o.name["en"] for o in OBJECTIVES})
    marker = fig.data[-1]
    assert sorted(marker.customdata) == sorted(o.id for o in OBJECTIVES)
    names = {o.id: o.name["en"] for o in OBJECTIVES}
    boxes = [a for a in fig.layout.annotations if not a.showarrow and a.text and "<b>" not in a.text]
    for objective, x, y in zip(marker.customdata, marker.x, marker.y, strict=True):
        # the marker sits on the box whose label names the same objective
        nearest = min(boxes, key=lambda a: (a.x - x) ** 2 + (a.y - y) ** 2)
        assert nearest.text.replace("<br>", " ").replace("★ ", "").startswith(names[objective].split()[0])
    assert fig.layout.clickmode == "event+select"


def test_a_box_opens_the_worst_kpi_with_a_customer_list():
    card = pd.DataFrame([{"id": k.id, "objective": k.objective, "status": "green"} for k in CATALOGUE])
    card.loc[card["id"] == "churn_rate", "status"] = "red"
    assert objective_kpi(card, "keep_customers") == "churn_rate"
    card.loc[card["id"] == "churn_rate", "status"] = "green"
    card.loc[card["id"] == "active_customers", "status"] = "amber"
    assert objective_kpi(card, "keep_customers") == "active_customers"
    # staff objectives have no customer list: their first KPI (its trend opens)
    staff = [k.id for k in CATALOGUE if k.objective == "climate"]
    assert objective_kpi(card, "climate") == staff[0]
    assert objective_kpi(card, "no_such_objective") is None
