"""The targets job shared by the editor page and a command line: saved in one go, the store's targets
refreshed at once, the change recorded with who; nothing follows a save that changed nothing or failed."""

from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from data import targets
from jobs import importing
from jobs import targets as targets_job
from metrics.base.store import Store
from tests.data.importing.test_importer import MINIMUM, write
from tests.jobs.conftest import checked, events


@pytest.fixture
def company(engine, tmp_path):
    """The minimum company imported and its store refreshed, with a revenue target."""
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO kpi_target (kpi_id, target, baseline, threshold, weight) "
                          "VALUES ('revenue', 10, 5, 0.2, 1)"))
    done = importing.import_and_refresh(engine, checked(engine, [write(tmp_path / "m", MINIMUM)]),
                                        actor="ops@example.com")
    return engine, done.store


def store_state(path) -> tuple[str, float, dict]:
    store = Store(path)
    try:
        target = float(store.query("SELECT target FROM kpi_target WHERE kpi_id = 'revenue'")["target"].iloc[0])
        return store.data_version, target, store.objective_weights()
    finally:
        store.close()


def test_saved_targets_reach_the_store_and_are_recorded(company):
    engine, path = company
    version, target, weights = store_state(path)
    assert target == 10.0 and weights == {}
    refreshed = []

    @contextmanager
    def refreshing():
        refreshed.append(1)
        yield

    edited = targets.read(engine).assign(target=20.0)
    count = targets_job.save_and_refresh(engine, edited, {"grow_revenue": 2.0}, {"grow_revenue": 1.0},
                                         actor="ceo@example.com", refreshing=refreshing)
    assert count == 2 and refreshed == [1]
    again, target, weights = store_state(path)
    assert again != version and target == 20.0 and weights == {"grow_revenue": 2.0}
    assert events(engine)[-1] == ("ceo@example.com", "targets_saved", "2 changes")
    with engine.connect() as conn:
        assert set(conn.execute(text("SELECT changed_by FROM kpi_target_change")).scalars()) == {"ceo@example.com"}


def test_nothing_changed_nothing_follows(company):
    engine, path = company
    version, before = store_state(path)[0], events(engine)
    assert targets_job.save_and_refresh(engine, targets.read(engine), {"grow_revenue": 1.0}, {"grow_revenue": 1.0},
                                        actor="ceo@example.com") == 0
    assert events(engine) == before and store_state(path)[0] == version  # no event, the store not refreshed


def test_a_failed_save_is_said_and_nothing_follows(company, monkeypatch):
    engine, path = company
    version, before = store_state(path)[0], events(engine)

    def down(*args, **kwargs):
        raise OperationalError("UPDATE kpi_target", {}, Exception("connection refused"))

    monkeypatch.setattr(targets, "save_all", down)
    with pytest.raises(targets_job.NotSaved):
        targets_job.save_and_refresh(engine, targets.read(engine).assign(target=20.0), {}, {},
                                     actor="ceo@example.com")
    assert events(engine) == before and store_state(path)[0] == version
