"""The strategy map's evidence styles and legend, and the link scatter's number axes with round ticks."""

import pandas as pd
import pytest

from dashboard.core import charts
from metrics.scorecard.strategy import LINKS, OBJECTIVES, Perspective


def evidence_map(evidence: dict, legend: dict | None = None):
    return charts.strategy_map_with_evidence({o.id: "green" for o in OBJECTIVES}, evidence=evidence,
                                             names={o.id: o.id for o in OBJECTIVES},
                                             band_names={p: p.value for p in Perspective}, links=LINKS,
                                             key_objectives=set(), legend=legend)


def test_each_evidence_has_its_own_arrow_style_and_legend_entry():
    kinds = ("supported", "contradicted", "not_shown", "not_enough_data")
    evidence = {link: (kinds[i % 4], f"hover {i}") for i, link in enumerate(LINKS)}
    fig = evidence_map(evidence, legend={k: k.upper() for k in kinds})
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    for i, arrow in enumerate(arrows):
        assert arrow.arrowcolor == charts.EVIDENCE_STYLE[kinds[i % 4]][0]
    assert len({charts.EVIDENCE_STYLE[k][:2] for k in kinds}) == 4  # four distinct colour-and-dash styles
    legend = [(t.name, t.line.dash) for t in fig.data if t.showlegend]
    assert legend == [(k.upper(), charts.EVIDENCE_STYLE[k][1]) for k in kinds]


def test_an_arrow_without_evidence_is_drawn_as_not_enough_data():
    fig = evidence_map({})
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert {a.arrowcolor for a in arrows} == {charts.EVIDENCE_STYLE["not_enough_data"][0]}


@pytest.mark.parametrize("unit, x, texts", [
    ("percent", [-0.0123456789012, 0.0087654321, 0.00311], ["-1.5%", "-1.0%", "-0.5%", "0.0%", "0.5%", "1.0%"]),
    ("currency", [-1234.56789, 987.654321, 12.0], ["-1,500", "-1,000", "-500", "0", "500", "1,000"]),
])
def test_the_link_scatter_has_number_axes_with_round_ticks(unit, x, texts):
    index = pd.period_range("2025-01", periods=3, freq="M").to_timestamp()
    fig = charts.link_scatter(pd.Series(x, index=index), pd.Series([0.1, -0.04, 0.02], index=index), effect=0.5,
                              low=0.1, high=0.9, x_title="x", y_title="y", title="t", line_label="fit",
                              band_label="band", x_unit=unit, y_unit="score")
    assert fig.layout.xaxis.type == "linear" and fig.layout.yaxis.type == "linear"
    assert list(fig.layout.xaxis.ticktext) == texts
    assert all(len(str(v)) <= 8 for v in fig.layout.xaxis.tickvals)  # round values, not 18 digits
    assert all(len(text) <= 6 for text in fig.layout.yaxis.ticktext)
