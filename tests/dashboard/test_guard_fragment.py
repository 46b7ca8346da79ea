"""A fragment's rerun checks the account first (``dashboard.core.guard.fragment``): no sign-in gate runs then,
so a disabled account or a changed role must be noticed here, and the whole app rerun."""

import pytest
from streamlit.testing.v1 import AppTest

from data import accounts, db


def drawn_as_then_checked():
    """A fragment's view of the world: the page was drawn for lee as a marketer; is that still so?"""
    import streamlit as st

    from dashboard.core import auth, guard

    st.session_state.setdefault(guard.SEEN_KEY, ("lee@example.cn", "marketer"))
    st.session_state[auth.EMAIL_KEY], st.session_state[auth.METHOD_KEY] = "lee@example.cn", "password"
    st.text(f"unchanged={guard.account_unchanged()}")


@pytest.fixture
def url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'accounts.db'}"
    engine = db.get_engine(url)
    db.create_schema(engine)
    with db.session_scope(engine) as session:
        accounts.add_user(session=session, email="lee@example.cn", role="marketer", actor="t")
        accounts.add_user(session=session, email="kim@example.cn", role="admin", actor="t")
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def check(url: str, **change) -> str:
    if change:
        engine = db.get_engine(url)
        with db.session_scope(engine) as session:
            if "role" in change:
                accounts.set_role(session=session, email="lee@example.cn", role=change["role"], actor="t")
            if "active" in change:
                accounts.set_active(session=session, email="lee@example.cn", active=change["active"], actor="t")
        engine.dispose()
    at = AppTest.from_function(drawn_as_then_checked, default_timeout=30)
    at.user = {}
    at.run()
    assert not at.exception, at.exception
    return at.text[0].value


def test_an_unchanged_account_goes_on(url):
    assert check(url) == "unchanged=True"


def test_a_disabled_account_is_noticed(url):
    assert check(url, active=False) == "unchanged=False"


def test_a_changed_role_is_noticed(url):
    assert check(url, role="executive") == "unchanged=False"
