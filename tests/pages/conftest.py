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


def _ensure_signed_in_account() -> None:
    """The default identity's admin account in the database the app is about to open (when reachable)."""
    from sqlalchemy.exc import SQLAlchemyError
    from sqlmodel import SQLModel

    from data import accounts, db
    from data.models import AppUser, AuditEvent

    engine = db.get_engine()
    try:
        SQLModel.metadata.create_all(engine, tables=[AppUser.__table__, AuditEvent.__table__])
        with db.session_scope(engine) as session:
            if accounts.get_user(session=session, email=SIGNED_IN["email"]) is None:
                accounts.add_user(session=session, email=SIGNED_IN["email"], role="admin", actor="tests")
    except SQLAlchemyError:
        pass  # an unreachable database: the app says so
    finally:
        engine.dispose()


@pytest.fixture(autouse=True)
def signed_in_as_admin(monkeypatch):
    """Every AppTest starts signed in (as Streamlit's OpenID sign-in would leave ``st.user``) as an admin, who may
    open every page, with that account in the database; tests of other identities set ``at.user`` themselves."""
    original_init, original_run = AppTest.__init__, AppTest.run

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.user = dict(SIGNED_IN)

    def run(self, *args, **kwargs):
        if self.user == SIGNED_IN:
            _ensure_signed_in_account()
        return original_run(self, *args, **kwargs)

    monkeypatch.setattr(AppTest, "__init__", init)
    monkeypatch.setattr(AppTest, "run", run)
