"""Language, period, comparison, filters and value proposition survive every page switch (AppTest).

Runs without the ``navigation_mode`` patch of ``tests/pages/conftest.py``: every switch here takes the
first-visit path a fresh server takes (the page script alone, then the frame's rerun), the path that
used to reset the language to English and the value proposition to the first option."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.navigation import ALL_PAGES, OVERVIEW

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
DEEP_LINK = {"lang": "zh", "period": "2026-06", "compare": "year", "region": "East,North", "channel": "direct",
             "vp": "customer_intimacy"}
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def navigation_mode():
    """Overrides the package's patch: keep Streamlit's own first-visit behaviour."""
    yield


def kept(at: AppTest) -> None:
    state = at.session_state
    assert state["language"] == "zh"
    assert at.radio(key="language").value == "zh"
    assert state["f_period"] == "2026-06"
    assert state["f_compare"] == "year"
    assert list(state["f_region"]) == ["East", "North"]
    assert list(state["f_channel"]) == ["direct"]
    assert state["f_vp"] == "customer_intimacy"
    for key, value in DEEP_LINK.items():
        assert at.query_params[key] in (value, [value]), key


def test_a_chinese_deep_link_keeps_language_and_filters_on_every_page(monkeypatch, demo_url):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(DEEP_LINK)
    at.run()
    kept(at)
    for spec in [*ALL_PAGES[1:], OVERVIEW]:
        at.switch_page(spec.path).run()
        assert not at.exception, (spec.path, at.exception)
        kept(at)
        assert HAN.search(at.title[0].value), (spec.path, at.title[0].value)


def test_a_filter_changed_on_one_page_holds_on_the_next(monkeypatch, demo_url):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update(lang="zh")
    at.run().switch_page("pages/financial.py").run()
    at.selectbox(key="f_vp").set_value("operational_excellence").run()
    at.multiselect(key="f_industry").set_value(["mining"]).run()
    at.switch_page("pages/process.py").run()
    assert at.session_state["f_vp"] == "operational_excellence"
    assert list(at.session_state["f_industry"]) == ["mining"]
    assert at.session_state["language"] == "zh"
    assert at.query_params["industry"] in ("mining", ["mining"])
