"""The Strategy links page and the evidence on the overview's map, through AppTest."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core import i18n
from dashboard.core.navigation import LINKS, OVERVIEW, PERSPECTIVE_PAGES
from metrics.links import fit as links
from metrics.scorecard.strategy import LINKS as MAP_LINKS
from metrics.scorecard.strategy import Perspective

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def open_page(monkeypatch, url: str, path: str, **query: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(query)
    at.run()
    if path != OVERVIEW.path:
        at.switch_page(path).run()
    return at


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_links_page_lists_every_tested_pair_and_says_it_is_association(monkeypatch, demo_url, demo_store, lang):
    at = open_page(monkeypatch, demo_url, LINKS.path, lang=lang)
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert len(table) == len(links.read(demo_store))
    assert table.columns[0] == i18n.TEXT["link_col_link"][lang]
    assert set(table[i18n.TEXT["link_col_evidence"][lang]]) <= {
        i18n.TEXT[f"evidence_{e}"][lang] for e in ("supported", "not_shown", "contradicted", "not_enough_data")}
    caption = " ".join(c.value for c in at.caption)
    assert ("not proof of cause" if lang == "en" else "并非因果证明") in caption
    assert len(at.get("plotly_chart")) == 2  # the two series with the lag, and the scatter


def test_what_if_follows_the_stored_effect(monkeypatch, demo_url, demo_store):
    at = open_page(monkeypatch, demo_url, LINKS.path, lang="en")
    at.selectbox(key="whatif_driver").set_value("first_response_hours")
    at.segmented_control(key="whatif_mode").set_value("absolute")
    at.number_input(key="whatif_amount").set_value(-2.0).run()
    assert not at.exception
    shown = at.dataframe[1].value.set_index("KPI")
    stored = links.read(demo_store)
    fit = stored[(stored.source_kpi == "first_response_hours") & (stored.target_kpi == "average_csat")
                 & (stored.method == "time_series")].iloc[0]
    # by hand: two hours faster times the stored CSAT-per-hour effect (drawn 4,000 times: within 3%)
    change = float(shown.loc["Average customer satisfaction (CSAT)", "Change"])
    assert change == pytest.approx(-2.0 * fit["effect"], rel=0.03, abs=0.002)
    assert "Customer churn rate" in shown.index  # CSAT -> churn follows along the chain
    assert len(at.metric) == 1 + len(Perspective)  # overall and the four perspective score changes


def test_overview_map_arrows_carry_their_numbers(monkeypatch, demo_url):
    at = open_page(monkeypatch, demo_url, OVERVIEW.path, lang="zh")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    # the arrows' middle dots carry the numbers (box markers for the drill-through are markers too: told apart by
    # their hover text, which names a link with an arrow)
    dots = [trace for trace in spec["data"] if trace.get("mode") == "markers" and trace.get("hovertext")
            and any("→" in text for text in trace["hovertext"])]
    assert len(dots) == 1 and len(dots[0]["hovertext"]) == len(MAP_LINKS)
    assert all("q = " in text or i18n.TEXT["evidence_not_enough_data"]["zh"] in text
               for text in dots[0]["hovertext"])
    arrows = [a for a in spec["layout"]["annotations"] if a.get("showarrow")]
    # evidence in blue / reddish purple / grey / beige: never a status's green or red
    assert {a["arrowcolor"] for a in arrows} <= {"#0072B2", "#CC79A7", "#90a4ae", "#c9bfb1"}
    legend = [trace["name"] for trace in spec["data"]
              if trace.get("showlegend") and trace.get("legendgroup") == "evidence"]
    assert legend == [i18n.TEXT[f"evidence_{e}"]["zh"]
                      for e in ("supported", "contradicted", "not_shown", "not_enough_data")]


def test_trend_chart_shows_the_forecast_and_the_scorecard_flag(monkeypatch, demo_url):
    at = open_page(monkeypatch, demo_url, PERSPECTIVE_PAGES[Perspective.PROCESS].path, lang="en")
    captions = " ".join(c.value for c in at.caption)
    assert "Forecast for the year" in captions and "chance of reaching the target" in captions
    overview = open_page(monkeypatch, demo_url, OVERVIEW.path, lang="en")
    column = overview.dataframe[0].value["Year target"]
    chances = [c for c in column if "chance" in c]
    assert chances and all(c.split(":")[0] in ("likely", "at risk", "unlikely") for c in chances)
