"""The strategy map's box labels (issue 19): wrapped to the box's width, Chinese characters counted double, two
lines of name at most, and the box tall enough for them and the status line."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from dashboard.core import charts
from metrics.scorecard.strategy import LINKS, OBJECTIVES, Perspective


def width(text: str) -> int:
    """Display width by Unicode's East Asian width: wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_every_objective_name_fits_two_lines_of_the_box_in_both_languages():
    for objective in OBJECTIVES:
        for language in ("en", "zh"):
            lines = charts._wrap("★ " + objective.name[language]).split("<br>")
            assert len(lines) <= 2, (objective.id, language, lines)
            assert all(width(line) <= 22 for line in lines), (objective.id, language, lines)


def test_a_chinese_name_of_nine_characters_stays_on_one_line():
    assert charts._wrap("拓展客户新收益来源") == "拓展客户新收益来源"
    assert charts._wrap("CRM 使用与知识共享") == "CRM 使用与知识共享"


@given(st.lists(st.sampled_from(["CRM", "customers", "grow", "价值", "客户忠诚", "a"]), min_size=1, max_size=12))
def test_wrapping_keeps_every_character_in_order_and_lines_within_the_width(words):
    text = " ".join(words)
    lines = charts._wrap(text).split("<br>")
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(width(line) <= 22 for line in lines)


def test_the_boxes_are_tall_enough_for_two_lines_and_the_status():
    fig = charts.strategy_map({o.id: "green" for o in OBJECTIVES}, names={o.id: o.name["zh"] for o in OBJECTIVES},
                              band_names={p: p.value for p in Perspective}, links=LINKS, key_objectives=set(),
                              status_names={"green": "达标"})
    band_px = (fig.layout.height - 20) / 4  # the plot's height over its four bands (10 px margins)
    for _x0, _x1, y0, y1 in charts.objective_boxes(fig).values():
        assert (y1 - y0) * band_px * 0.8 >= 2 * 14 + 12  # 80%: the legend below takes some of the height
