"""A small company of its own per test: a SQLite file (its analytical store beside it) with the schema."""

import pytest
from sqlalchemy import text

from data import db
from data.importing import importer


@pytest.fixture
def engine(tmp_path):
    engine = db.get_engine(f"sqlite:///{tmp_path / 'company.db'}")
    db.create_schema(engine)
    yield engine
    engine.dispose()


def checked(engine, sources, **options) -> importer.Prepared:
    """The dry run of ``sources``, which must find no fault."""
    prepared = importer.prepare(engine, sources, **options)
    assert prepared.ok, prepared.report()
    return prepared


def events(engine) -> list[tuple[str, str, str]]:
    """The audit trail, oldest first: (actor, action, detail)."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT actor, action, detail FROM audit_event ORDER BY id")).all()
    return [tuple(r) for r in rows]
