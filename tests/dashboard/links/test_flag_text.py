"""The year forecast in words beside its chance: likely / at risk / unlikely, never a bare "at risk (0%)", and
never a rounded 0% or 100% that is not one."""

import pytest

from dashboard.core import i18n
from dashboard.links.forecasts import chance_text, flag_text


@pytest.mark.parametrize(("flag", "p", "en", "zh"), [
    ("at_risk", 0.0, "unlikely: 0% chance", "难以达标（概率 0%）"),
    ("at_risk", 0.003, "unlikely: <1% chance", "难以达标（概率 <1%）"),
    ("at_risk", 0.3, "at risk: 30% chance", "有风险（概率 30%）"),
    ("on_track", 0.5, "likely: 50% chance", "很可能达标（概率 50%）"),
    ("on_track", 0.997, "likely: >99% chance", "很可能达标（概率 >99%）"),
    ("on_track", 1.0, "likely: 100% chance", "很可能达标（概率 100%）"),
])
def test_the_chance_in_words(monkeypatch, flag, p, en, zh):
    for language, expected in (("en", en), ("zh", zh)):
        monkeypatch.setattr(i18n, "lang", lambda language=language: language)
        assert flag_text({"flag": flag, "probability": p}) == expected


def test_a_known_year_and_no_target_say_so_without_a_chance(monkeypatch):
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    assert flag_text({"flag": "reached", "probability": 1.0}) == "reached"
    assert flag_text(None) == "no target"
    assert chance_text(0.5) == "50%"


@pytest.mark.parametrize(("p", "shown"), [(0.9996, ">99%"), (0.0004, "<1%"), (1.0, "100%"), (0.0, "0%"),
                                          (0.994, "99%"), (0.006, "1%")])
def test_the_forecast_caption_and_the_digest_never_round_to_a_certainty(monkeypatch, p, shown):
    import pandas as pd

    from dashboard.links import forecasts
    from metrics.scorecard.registry import CATALOGUE
    from notify import render

    kpi = CATALOGUE[0]
    row = {"kpi_id": kpi.id, "horizon": "year", "basis": "forecast", "forecast": 10.0, "low90": 9.0, "high90": 11.0,
           "target": 10.5, "probability": p, "flag": "at_risk"}
    monkeypatch.setattr(forecasts.link_cache, "forecasts", lambda store: pd.DataFrame([row]))
    monkeypatch.setattr(i18n, "lang", lambda: "en")
    said = []
    monkeypatch.setattr(forecasts.st, "caption", said.append)
    forecasts.forecast_caption(None, kpi)
    assert f"chance of reaching the target {forecasts.format_value(10.5, kpi.unit.value, 'en')}: {shown} " in said[0]
    assert render._percent(p, "zh") == shown
