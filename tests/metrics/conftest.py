"""The fixture company in a SQLite file and its analytical store."""

import pytest

from data import db
from jobs import refresh as precompute
from metrics.base.store import Store
from tests.metrics.fixture import build_company


@pytest.fixture(scope="session")
def company():
    return build_company()


@pytest.fixture(scope="session")
def company_store(company, tmp_path_factory):
    path = tmp_path_factory.mktemp("fixture") / "fixture.db"
    engine = db.get_engine(f"sqlite:///{path}")
    db.create_schema(engine)
    with db.session_scope(engine) as session:
        for group in build_company().groups():  # a copy: the oracle keeps plain, unattached rows
            session.add_all(group)
            session.flush()
    store = Store(precompute.refresh(engine))
    yield store
    store.close()
    engine.dispose()

