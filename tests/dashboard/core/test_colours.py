"""Status colours: distinct by luminance (WCAG contrast >= 3:1 between each pair of judged statuses, so they part
for every colour-vision deficiency and in grey), readable text on each, and evidence arrows in another palette."""

import itertools

import pytest

from dashboard.core import charts


def _luminance(colour: str) -> float:  # WCAG 2.x relative luminance, written out again for the test
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def _ratio(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_known_contrast_values():
    assert _ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert _ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey
    assert charts.contrast("#777777", "#ffffff") == pytest.approx(_ratio("#777777", "#ffffff"))


@pytest.mark.parametrize("pair", list(itertools.combinations(("green", "amber", "red"), 2)))
def test_each_pair_of_status_chips_differs_by_three_to_one(pair):
    first, second = (charts.STATUS_FILL[s] for s in pair)
    assert _ratio(first, second) >= 3.0, (pair, round(_ratio(first, second), 2))


@pytest.mark.parametrize("status", ["amber", "red"])
def test_no_value_is_apart_from_close_and_off_target(status):
    assert _ratio(charts.STATUS_FILL["none"], charts.STATUS_FILL[status]) >= 3.0


@pytest.mark.parametrize("status", list(charts.STATUS_FILL))
def test_text_on_each_fill_reads_at_four_and_a_half_to_one(status):
    fill = charts.STATUS_FILL[status]
    assert _ratio(fill, charts.text_on(fill)) >= 4.5


def test_evidence_arrows_use_none_of_the_status_colours():
    status = {c.lower() for c in (*charts.STATUS_COLOURS.values(), *charts.STATUS_FILL.values())}
    assert not status & {style[0].lower() for style in charts.EVIDENCE_STYLE.values()}


def test_the_map_legend_has_a_status_group_and_an_evidence_group():
    from metrics.scorecard.strategy import LINKS, OBJECTIVES, Perspective
    names = {"green": "On", "amber": "Close", "red": "Off", "none": "None"}
    fig = charts.strategy_map_with_evidence(
        {o.id: "red" for o in OBJECTIVES}, evidence={}, names={o.id: o.id for o in OBJECTIVES},
        band_names={p: p.value for p in Perspective}, links=LINKS, key_objectives=set(),
        legend={"supported": "S", "contradicted": "C", "not_shown": "N", "not_enough_data": "D"},
        status_names=names, legend_titles={"status": "Status (box)", "evidence": "Evidence (arrow)"})
    groups = [(t.legendgroup, t.legendgrouptitle.text, t.name) for t in fig.data if t.showlegend]
    assert [g for g, _, _ in groups] == ["status"] * 4 + ["evidence"] * 4
    assert {title for g, title, _ in groups if g == "status"} == {"Status (box)"}
    boxes = [a for a in fig.layout.annotations if not a.showarrow and "Off" in (a.text or "")]
    assert len(boxes) == len(OBJECTIVES) and all(a.font.color == "#ffffff" for a in boxes)  # words, on dark fill
