"""A click on a breakdown bar filters the page by its member (the sidebar's state, for the rerun that follows)."""

from streamlit.testing.v1 import AppTest


def _click(dimension: str, customdata) -> AppTest:
    def script(dimension: str, customdata) -> None:
        import streamlit as st

        from dashboard.scorecard.perspective import REFILTER_KEY, filter_by_bar

        st.session_state["bars"] = {"selection": {"points": [{"customdata": customdata}] if customdata else []}}
        filter_by_bar("bars", dimension)
        st.write(repr(st.session_state.get(f"f_{dimension}")), repr(st.session_state.get(REFILTER_KEY)))

    at = AppTest.from_function(script, args=(dimension, customdata), default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def test_a_region_bar_sets_the_region_filter_and_asks_for_a_rerun():
    assert _click("region", "East").markdown[0].value == "['East'] True"


def test_a_manager_bar_sets_the_manager_by_number():
    assert _click("manager", 17).markdown[0].value == "[17] True"


def test_a_click_beside_the_bars_changes_nothing():
    assert _click("channel", None).markdown[0].value == "None None"
