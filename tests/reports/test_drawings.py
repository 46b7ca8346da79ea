"""The pack's pictures and fonts as functions: the map draws every objective with its status in words, a trend
with gaps and no target draws, text is escaped and set in a font that has its letters."""

import pandas as pd
import pytest
from reportlab.graphics.shapes import String

from metrics.scorecard.strategy import OBJECTIVES
from reports import drawings, fonts


def strings(drawing) -> list[str]:
    out = []

    def walk(node):
        for child in getattr(node, "contents", []):
            if isinstance(child, String):
                out.append(child.text)
            walk(child)
    walk(drawing)
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_map_names_every_objective_and_its_status(lang):
    statuses = {o.id: "red" if i % 2 else "green" for i, o in enumerate(OBJECTIVES)}
    shown = " ".join(strings(drawings.strategy_map(statuses, lang, width=700, height=400)))
    for objective in OBJECTIVES:
        assert objective.name[lang].split()[0] in shown
    assert drawings.status_text("red", lang) in shown and drawings.status_text("green", lang) in shown


def test_a_trend_with_gaps_and_a_forecast_draws():
    points = [("2026-01-01", 0.2), ("2026-02-01", None), ("2026-03-01", 0.25), ("2026-04-01", 0.3)]
    path = pd.DataFrame({"period": pd.to_datetime(["2026-05-01", "2026-06-01"]), "forecast": [0.31, 0.32],
                         "low90": [0.2, 0.18], "high90": [0.4, 0.45]})
    drawing = drawings.trend(points, target=None, path=path, unit="percent", lang="en", currency="CNY",
                             label=lambda d: f"{d:%Y-%m}", width=600, height=250)
    assert "forecast (90% band)" in strings(drawing) and "target" not in strings(drawing)
    empty = drawings.trend([("2026-01-01", None)], target=None, path=None, unit="count", lang="zh", currency="CNY",
                           label=str, width=600, height=250)
    assert empty.width == 600


def test_markup_escapes_and_sets_chinese_in_the_cjk_font():
    text = fonts.markup("East <b>&</b> 华东", fonts.LATIN)
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in text and f'<font name="{fonts.CJK}">华东</font>' in text
    assert fonts.for_text("Revenue", fonts.LATIN) == fonts.LATIN
    assert fonts.for_text("销售收入", fonts.LATIN) == fonts.CJK
