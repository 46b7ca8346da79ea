"""An exception that escapes a page run is one sentence in the reader's language with a reference that the log
holds beside the traceback: never an exception element, a traceback or a server path in the browser. Streamlit's
own control flow (``st.stop``, ``st.rerun``, ``st.switch_page``) passes through untouched."""

import logging
import re
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import cache
from dashboard.core import guard
from dashboard.core.navigation import ALL_PAGES, OVERVIEW
from dashboard.core.texts.core import TEXT
from metrics.base.store import StoreDamaged
from tests.pages.test_damaged_store import walk

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
SECRET = "/srv/crm/secret-place/store.duckdb"  # a server path in the exception's message




def shown(at: AppTest) -> str:
    """Every text the browser got: alerts, markdown, captions, titles, headers."""
    kinds = ("error", "warning", "info", "success", "markdown", "caption", "title", "header", "subheader")
    return " ".join(str(e.value) for kind in kinds for e in getattr(at, kind))


def failed_start(lang: str) -> str:
    return TEXT["pagefault_failed"][lang].split("{")[0]


def broken_pages(monkeypatch, error: Exception) -> None:
    """Every page raises ``error`` right after its guard let it in."""
    enter = guard.enter

    def enter_then_fail(spec):
        enter(spec)
        raise error

    monkeypatch.setattr(guard, "enter", enter_then_fail)


@pytest.mark.parametrize("spec", ALL_PAGES, ids=lambda s: s.url_path)
def test_a_failing_page_says_one_sentence_with_a_logged_reference(monkeypatch, demo_url, caplog, spec):
    broken_pages(monkeypatch, RuntimeError(f"cannot read {SECRET}"))
    with caplog.at_level(logging.ERROR, logger="dashboard.core.failures"):
        at = walk(monkeypatch, demo_url, spec.path)
    assert not at.exception
    errors = " ".join(str(e.value) for e in at.error)
    assert failed_start("en") in errors
    reference = re.search(r"reference ([0-9a-f]{8})", errors).group(1)
    assert SECRET not in shown(at) and "Traceback" not in shown(at) and "RuntimeError" not in shown(at)
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert len(logged) == 1
    assert logged[0].exc_info[0] is RuntimeError and SECRET in str(logged[0].exc_info[1])  # the traceback, logged


def test_the_sentence_in_chinese(monkeypatch, demo_url):
    broken_pages(monkeypatch, KeyError("customer"))
    at = walk(monkeypatch, demo_url, OVERVIEW.path, "zh")
    assert not at.exception
    assert failed_start("zh") in " ".join(str(e.value) for e in at.error)
    assert failed_start("en") not in shown(at)


def test_a_failure_in_the_frame_before_the_page_is_caught_too(monkeypatch, demo_url):
    def broken(*args, **kwargs):
        raise ValueError(SECRET)

    monkeypatch.setattr(cache, "dimension_values_of", broken)  # read in the sidebar, before the navigation
    at = walk(monkeypatch, demo_url, OVERVIEW.path)
    assert not at.exception
    assert failed_start("en") in " ".join(str(e.value) for e in at.error)
    assert SECRET not in shown(at)


def test_each_failure_gets_its_own_reference(monkeypatch, demo_url):
    broken_pages(monkeypatch, RuntimeError("boom"))
    first = " ".join(str(e.value) for e in walk(monkeypatch, demo_url, OVERVIEW.path).error)
    second = " ".join(str(e.value) for e in walk(monkeypatch, demo_url, OVERVIEW.path).error)
    assert re.findall(r"[0-9a-f]{8}", first) != re.findall(r"[0-9a-f]{8}", second)


def test_a_damaged_read_mid_page_says_the_store_is_damaged_not_a_failure(monkeypatch, demo_url):
    """``StoreDamaged`` from a page's read of a store whose file reads whole (here: raised by hand) is said as the
    damaged-store path says it; the store is not given up."""
    scorecard, calls = cache.scorecard, []

    def damaged_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise StoreDamaged(f"the analytical store at {SECRET} cannot be read: IO Error: Corrupt database file")
        return scorecard(*args, **kwargs)

    monkeypatch.setattr(cache, "scorecard", damaged_once)
    at = walk(monkeypatch, demo_url, OVERVIEW.path)
    assert not at.exception
    errors = " ".join(str(e.value) for e in at.error)
    assert TEXT["storefault_damaged"]["en"] in errors
    assert failed_start("en") not in errors and SECRET not in shown(at) and "IO Error" not in shown(at)
    at = walk(monkeypatch, demo_url, OVERVIEW.path)
    assert not at.exception and not at.error and len(at.metric) > 0  # the store still reads


def test_st_stop_in_a_page_is_not_a_failure(monkeypatch, demo_url):
    import streamlit as st

    def stop(spec):
        st.caption("stopped on purpose")
        st.stop()

    monkeypatch.setattr(guard, "enter", stop)
    at = walk(monkeypatch, demo_url, OVERVIEW.path)
    assert not at.exception and not at.error
    assert "stopped on purpose" in shown(at)
    assert not at.title  # nothing after the stop ran


def test_st_switch_page_in_a_page_is_not_a_failure(monkeypatch, demo_url):
    import streamlit as st

    enter = guard.enter
    segments = next(s for s in ALL_PAGES if s.url_path == "segments")

    def away(spec):
        if spec is segments:
            st.switch_page(OVERVIEW.path)
        enter(spec)

    monkeypatch.setattr(guard, "enter", away)
    at = walk(monkeypatch, demo_url, segments.path)
    assert not at.exception and not at.error
    assert TEXT["overview_title"]["en"] in [t.value for t in at.title]  # landed on the overview


def control_flow_script():
    import streamlit as st

    from dashboard.core import failures

    runs = st.session_state.setdefault("runs", 0) + 1
    st.session_state["runs"] = runs
    with failures.caught():
        st.write(f"run {runs}")
        if runs == 1:
            st.rerun()
        st.stop()
    st.write("after the block")  # never: the stop passes through


def test_st_rerun_and_st_stop_pass_through_the_catch():
    at = AppTest.from_function(control_flow_script, default_timeout=60).run()
    assert not at.exception and not at.error
    assert [m.value for m in at.markdown] == ["run 2"]


def test_error_details_are_the_type_only_when_served():
    """The last line of defence (an exception raised outside the catch: a fragment's own rerun): no message or
    traceback."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] in ("type", "none", False)


def fragment_script():
    import streamlit as st

    from dashboard.core import guard

    @guard.fragment
    def card():
        if st.button("break"):
            raise RuntimeError("cannot read /srv/crm/secret-place/store.duckdb")
        st.write("card drawn")

    card()
    st.write("after the card")


def test_a_failing_fragment_says_the_sentence_and_the_page_goes_on(monkeypatch):
    monkeypatch.setattr(guard, "account_unchanged", lambda: True)
    at = AppTest.from_function(fragment_script, default_timeout=60).run()
    assert [m.value for m in at.markdown] == ["card drawn", "after the card"]
    at.button[0].click().run()
    assert not at.exception
    assert failed_start("en") in " ".join(str(e.value) for e in at.error)
    assert SECRET not in shown(at)
    assert "after the card" in [m.value for m in at.markdown]
