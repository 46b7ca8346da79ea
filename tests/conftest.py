"""Shared fixtures: engines, a demo database, a PostgreSQL server, clean Streamlit caches."""

import hashlib
import os
from pathlib import Path

import pytest
import streamlit as st
from hypothesis import settings
from sqlalchemy.pool import StaticPool
from sqlmodel import create_engine
from streamlit.testing.v1 import AppTest

from data import db
from data.demo.builder import build_demo
from jobs import refresh as precompute
from metrics.base.store import Store
from tests.postgres_server import PostgresServer

# No per-example deadline: on a shared, busy machine it is a timing assertion that fails at random.
settings.register_profile("shared_machine", deadline=None)
settings.load_profile("shared_machine")

DEMO_CUSTOMERS = 3000
DEMO_SEED = 7


@pytest.fixture
def sqlite_engine():
    """An empty in-memory SQLite database with the schema, foreign keys enforced."""
    engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
    from sqlalchemy import event

    event.listen(engine, "connect", db._enforce_sqlite_foreign_keys)
    db.create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory) -> str:
    """A SQLite file holding the demo company (3,000 customers, seed 7) and its analytical store,
    built once per session."""
    path: Path = tmp_path_factory.mktemp("demo") / "demo.db"
    url = f"sqlite:///{path}"
    engine = db.get_engine(url)
    build_demo(engine, customers=DEMO_CUSTOMERS, seed=DEMO_SEED)
    precompute.refresh(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="session")
def demo_store(demo_url):
    """The demo's analytical store, read-only."""
    store = Store.for_url(demo_url)
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_engine(demo_url):
    engine = db.get_engine(demo_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server started for this session on loopback and removed afterwards.

    ``TEST_POSTGRES_URL`` points the tests at an existing server instead.
    """
    if os.environ.get("TEST_POSTGRES_URL"):
        yield None
        return
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server, request, tmp_path, monkeypatch) -> str:
    """An empty PostgreSQL database of its own for one test; its analytical store in the test's folder (not the
    project's ``var/``), unless the test chose a folder first."""
    if not os.environ.get("ANALYTICS_DIR"):
        monkeypatch.setenv("ANALYTICS_DIR", str(tmp_path / "stores"))
    if postgres_server is None:
        return os.environ["TEST_POSTGRES_URL"]
    digest = hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:8]  # parametrised names may share a prefix
    name = "t_" + "".join(ch if ch.isalnum() else "_" for ch in request.node.name.lower())[:40] + "_" + digest
    return postgres_server.create_database(name)


@pytest.fixture(scope="session", autouse=True)
def full_error_details():
    """Served, the app shows an escaped error's type only (``.streamlit/config.toml``); a failing test shows all."""
    from streamlit import config

    config.set_option("client.showErrorDetails", "full")


@pytest.fixture(autouse=True)
def clear_streamlit_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture(scope="session", autouse=True)
def shared_component_scan():
    """AppTest scans every installed package for custom components on each new session's first run
    (seconds here, and nothing a served app repeats per visit); one scan serves every test."""
    from streamlit.components.v2.component_manager import BidiComponentManager

    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    original = AppTest.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self._bidi_component_manager = manager

    AppTest.__init__ = init
    yield
    AppTest.__init__ = original


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
            user = accounts.get_user(session=session, email=SIGNED_IN["email"])
            if user is None:
                accounts.add_user(session=session, email=SIGNED_IN["email"], role="admin", actor="tests")
            elif not user.active:  # an import disables the demo's accounts (accounts.retire_demo_accounts)
                user.active = True
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
