"""A return of 1,000% or more reads as a multiple of the cost (12,008% -> 120×), its interval in the same unit and
short enough for the tile's chip; smaller returns stay percentages; the tile's help says what the figure means."""

import pytest

from dashboard.core import i18n
from dashboard.program import views
from dashboard.program.common import roi_texts
from metrics.program.returns import Returns


@pytest.fixture
def language(monkeypatch):
    def use(code):
        monkeypatch.setattr(i18n, "lang", lambda: code)
    return use


def test_large_returns_read_as_multiples_of_the_cost(language):
    language("en")
    assert roi_texts(120.08, 45.6, 155.5) == ["120×", "46×", "156×"]
    assert roi_texts(10.2, 3.86, 15.55) == ["10.2×", "3.9×", "15.6×"]  # one unit for the three
    assert roi_texts(1.5, -0.2, 3.0) == ["150%", "-20%", "300%"]
    assert roi_texts(None, None) == ["–", "–"]
    language("zh")
    assert roi_texts(120.08, 45.6, 155.5) == ["120 倍", "46 倍", "156 倍"]


def test_the_tile_says_what_its_figure_means(language):
    language("en")
    ret = Returns.__new__(Returns)
    object.__setattr__(ret, "roi", 120.08)
    object.__setattr__(ret, "roi_low", 45.6)
    object.__setattr__(ret, "roi_high", 155.5)
    tile = views.roi_tile(ret)
    assert tile["value"] == "120×" and tile["delta"] == "95%: 46× – 156×" and len(tile["delta"]) <= 18
    assert "12,008%" in tile["help"] and "over the cost" in tile["help"]
