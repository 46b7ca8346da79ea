"""AppTest runs the app as a browser session does after the first ``st.navigation`` call."""

import pytest
from streamlit.runtime.pages_manager import PagesManager


@pytest.fixture(autouse=True)
def navigation_mode(monkeypatch):
    """AppTest resets Streamlit's "pages/ folder" flag before every run (a served process clears it for good at
    its first ``st.navigation`` call), so each rerun of a page would take the first-visit path that
    ``dashboard.core.guard`` mends once per session. Tests run as the served process does after that call; the
    e2e tests cover the first visit (``test_a_deep_link_on_a_fresh_server_gets_the_whole_frame``)."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
