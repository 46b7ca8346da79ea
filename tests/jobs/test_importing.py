"""The import job shared by the Import page and ``python -m data import``: rows written, the column mapping a
person confirmed remembered, the event recorded with who imported, the analytical store refreshed."""

from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from data import accounts, db
from data.importing import importer
from data.models import AppUser
from jobs import importing
from metrics.base.store import Store
from tests.data.importing.test_importer import MINIMUM, write
from tests.jobs.conftest import checked, events


def version_and_customers(path: Path) -> tuple[str, int]:
    store = Store(path)
    try:
        return store.data_version, int(store.query("SELECT count(*) AS n FROM customer")["n"].iloc[0])
    finally:
        store.close()


def test_rows_are_written_the_event_recorded_and_the_store_refreshed(engine, tmp_path):
    written, refreshed = [], []

    @contextmanager
    def refreshing(counts):
        refreshed.append(dict(counts))
        yield

    first = importing.import_and_refresh(
        engine, checked(engine, [write(tmp_path / "m", MINIMUM)]), actor="ops@example.com",
        progress=lambda table, done, total: written.append((table, done, total)), refreshing=refreshing)
    assert first.counts["customer"] == {"inserted": 2, "updated": 0}
    assert first.counts["order_line"] == {"inserted": 2, "updated": 0}
    assert written[-1][1] == written[-1][2] == 9  # every row of the five files
    assert refreshed == [first.counts]  # the refresh ran once, after the write
    version, customers = version_and_customers(first.store)
    assert customers == 2 and version
    assert events(engine) == [("ops@example.com", "import", importing.summary(first.counts))]
    assert "customer +2" in importing.summary(first.counts)

    second = importing.import_and_refresh(
        engine, checked(engine, [importer.Upload("customer.csv", b"id,name\n1,Acme Ltd\n3,Initech\n")],
                        mode="upsert"),
        actor="command line (ci)", audit_detail=lambda counts: f"{sum(c['inserted'] for c in counts.values())} new")
    assert second.counts == {"customer": {"inserted": 1, "updated": 1}}
    assert importing.summary(second.counts) == "customer +1 ~1"
    assert second.store == first.store
    again, customers = version_and_customers(second.store)
    assert customers == 3 and again != version  # a new data version: caches keyed by it see the import
    assert events(engine)[1:] == [("command line (ci)", "import", "1 new")]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM customer ORDER BY id")).scalars().all() == [
            "Acme Ltd", "Globex", "Initech"]
    assert importer.saved_mappings(engine) == {}  # no mapping given: none remembered


def test_a_confirmed_mapping_is_remembered(engine, tmp_path):
    importing.import_and_refresh(engine, checked(engine, [write(tmp_path / "m", MINIMUM)]), actor="ops@example.com")
    mapping = {"customer": {"客户编号": "id", "Firma": "name", "Notiz": ""}}  # "": a header ignored on purpose
    upload = importer.Upload("kunden.csv", "客户编号,Firma,Notiz\n3,Initech,hi\n".encode(), "customer")
    done = importing.import_and_refresh(engine, checked(engine, [upload], mapping=mapping),
                                        actor="ops@example.com", mapping=mapping)
    assert done.counts == {"customer": {"inserted": 1, "updated": 0}}
    assert importer.saved_mappings(engine) == mapping
    assert version_and_customers(done.store)[1] == 3


def test_a_faulty_import_writes_records_and_remembers_nothing(engine, tmp_path):
    first = importing.import_and_refresh(engine, checked(engine, [write(tmp_path / "m", MINIMUM)]),
                                         actor="ops@example.com")
    version = version_and_customers(first.store)[0]
    faulty = importer.prepare(engine, [importer.Upload("customer.csv", b"id,name\n2,Again\n")])
    assert not faulty.ok
    with pytest.raises(ValueError):
        importing.import_and_refresh(engine, faulty, actor="mallory@example.com",
                                     mapping={"customer": {"Kunde": "name"}})
    assert [e[0] for e in events(engine)] == ["ops@example.com"]
    assert importer.saved_mappings(engine) == {}
    assert version_and_customers(first.store) == (version, 2)


def test_the_first_company_import_says_which_demo_sign_ins_it_disabled(engine, tmp_path):
    with db.session_scope(engine) as session:  # a demo's try-as account, left from the demo the company started on
        session.add(AppUser(email="admin@" + accounts.DEMO_DOMAIN, role="admin", active=True,
                            created_at=datetime.now(UTC)))
    imported = importing.import_and_refresh(
        engine, checked(engine, [write(tmp_path / "m", MINIMUM)]), actor="ops@example.com")
    assert imported.retired == ("admin@" + accounts.DEMO_DOMAIN,)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT active FROM app_user")).scalars().all() == [False]
    again = importing.import_and_refresh(
        engine, checked(engine, [importer.Upload("customer.csv", b"id,name\n9,Umbrella\n")], mode="upsert"),
        actor="ops@example.com")
    assert again.retired == ()  # said once, by the import that ended the demo
