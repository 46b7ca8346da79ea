"""People of every role in an empty database, for the notification tests."""

import pytest

from data import accounts, db

PEOPLE = {"exec@example.com": "executive", "boss@example.com": "executive", "admin@example.com": "admin",
          "pm@example.com": "project"}


def add_people(engine) -> dict[str, int]:
    """The accounts of :data:`PEOPLE`; e-mail -> id."""
    with db.session_scope(engine) as session:
        ids = {}
        for email, role in PEOPLE.items():
            ids[email] = accounts.add_user(session=session, email=email, role=role, actor="tests").id
        return ids


@pytest.fixture
def people(sqlite_engine) -> dict[str, int]:
    return add_people(sqlite_engine)
