"""A click on a segment-share bar chooses that group for the 7P comparison and the lists below (as a breakdown bar
filters a page): the picker's state and the URL follow, and the page asks for a whole rerun."""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from data.accounts import DEMO_ACCOUNTS

APP = str(Path(__file__).resolve().parents[3] / "streamlit_app.py")


def _click(customdata) -> AppTest:
    def script(customdata) -> None:
        import streamlit as st

        from dashboard.customers.views import CHOSEN_KEY, GROUP_KEY, SHARE_KEY, choose_group_by_bar

        st.session_state[SHARE_KEY] = {"selection": {"points": [{"customdata": customdata}] if customdata else []}}
        choose_group_by_bar()
        st.write(repr(st.session_state.get(GROUP_KEY)), repr(st.session_state.get(CHOSEN_KEY)),
                 repr(st.query_params.get(GROUP_KEY)))

    at = AppTest.from_function(script, args=(customdata,), default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def test_a_bar_chooses_its_group():
    assert _click("segment:At risk").markdown[0].value == "'segment:At risk' True 'segment:At risk'"


def test_a_click_beside_the_bars_changes_nothing():
    assert _click(None).markdown[0].value == "None None None"


def test_the_bars_name_their_groups_and_the_chosen_group_drives_the_page(monkeypatch, demo_url):
    monkeypatch.setenv("DATABASE_URL", demo_url)
    at = AppTest.from_file(APP, default_timeout=180)
    at.user = {"is_logged_in": True, "email": DEMO_ACCOUNTS["marketer"]}
    at.query_params.update(lang="en")
    at.run()
    at.switch_page("pages/segments.py").run()
    assert not at.exception, at.exception
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    bars = next(s["data"] for s in specs if s["data"] and s["data"][0].get("type") == "bar"
                and s["data"][0].get("orientation") == "h")
    groups = bars[0]["customdata"]
    assert all(trace["customdata"] == groups for trace in bars)
    assert all(g.startswith("segment:") for g in groups) and len(groups) >= 3
    at.session_state["segment"] = groups[-1]  # what a click on the last bar leaves for the next run
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="segment").value == groups[-1]


def test_the_call_lists_follow_the_chosen_group(monkeypatch, demo_url):
    """Issue 19: the call and win-back lists were the same for every segment; each group now lists its own
    customers (the count under each list's title is the group's, and differs between groups)."""
    monkeypatch.setenv("DATABASE_URL", demo_url)
    at = AppTest.from_file(APP, default_timeout=180)
    at.user = {"is_logged_in": True, "email": DEMO_ACCOUNTS["marketer"]}
    at.query_params.update(lang="en")
    at.run()
    at.switch_page("pages/segments.py").run()
    counts = {}
    for group in at.selectbox(key="segment").options[:3]:
        at.selectbox(key="segment").set_value(group).run()
        assert not at.exception, at.exception
        counts[group] = tuple(c.value for c in at.caption if "customer" in c.value.lower() and any(
            ch.isdigit() for ch in c.value))[-2:]
    assert len(set(counts.values())) > 1, counts
