"""AppTest runs the app as a browser session does after the first ``st.navigation`` call."""

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest


@pytest.fixture(autouse=True)
def navigation_mode(monkeypatch):
    """AppTest resets Streamlit's "pages/ folder" flag before every run, so each run of a page would
    take the first-visit path that ``dashboard.frame`` mends. A real server takes it once; the e2e
    tests cover it (``test_a_deep_link_on_a_fresh_server_gets_the_whole_frame``)."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


SIGNED_IN = {"is_logged_in": True, "email": "admin@demo.example"}  # the demo database's admin account


@pytest.fixture(autouse=True)
def signed_in_as_admin(monkeypatch):
    """Every AppTest starts signed in (as Streamlit's OpenID sign-in would leave ``st.user``) as the demo's
    admin, who may open every page; tests of other roles set ``at.user`` themselves."""
    original = AppTest.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.user = dict(SIGNED_IN)

    monkeypatch.setattr(AppTest, "__init__", init)
