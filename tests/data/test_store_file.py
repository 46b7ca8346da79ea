"""The last good store is a whole one: before the store being replaced is kept as ``<name>.duckdb.good``, every
block of it is read back (as a new store is); a store with garbage inside stays out and the earlier good copy
stays."""

import logging
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from data import analytics, db, store_file
from data.demo.builder import build_demo
from tests.pages.test_damaged_store import damage


def version(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as store:
        return store.execute("SELECT value FROM store_meta WHERE key = 'data_version'").fetchone()[0]


def opens_with_its_stamp(path: Path) -> bool:
    """What the swap checked before: the header, the catalogue and the version stamp read."""
    conn = store_file.open_read_only(path)
    try:
        return bool(conn.execute("SELECT value FROM store_meta WHERE key = 'data_version'").fetchall())
    finally:
        conn.close()


@pytest.fixture
def demo_store(demo_url, tmp_path) -> Path:
    """A copy of the 3,000-customer demo's store, with an earlier good copy beside it."""
    live = tmp_path / "company.duckdb"
    shutil.copyfile(analytics.store_path(demo_url), live)
    shutil.copyfile(live, store_file.good_path(live))
    return live


def new_store(path: Path, stamp: str) -> Path:
    new = store_file.building_path(path)
    with duckdb.connect(str(new)) as duck:
        duck.execute("CREATE TABLE store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        duck.execute("INSERT INTO store_meta VALUES ('data_version', ?)", [stamp])
    return new


def test_a_whole_store_reads_whole_and_one_with_garbage_inside_does_not(demo_store):
    started = time.perf_counter()
    assert store_file.whole(demo_store) is None
    print(f"full read check of the 3,000-customer store ({demo_store.stat().st_size / 1e6:.1f} MB): "
          f"{time.perf_counter() - started:.2f} s")
    damage(demo_store, "middle")
    assert opens_with_its_stamp(demo_store)  # the header check alone took it for a good store
    assert "does not read back" in store_file.whole(demo_store)


def test_a_damaged_store_being_replaced_does_not_become_the_good_copy(demo_store, caplog):
    earlier = version(store_file.good_path(demo_store))
    damage(demo_store, "middle")
    with caplog.at_level(logging.WARNING, logger="data.store_file"):
        assert store_file.swap_in(new_store(demo_store, "newer"), demo_store)
    assert version(demo_store) == "newer"
    assert version(store_file.good_path(demo_store)) == earlier
    assert store_file.whole(store_file.good_path(demo_store)) is None
    assert "is damaged" in caplog.text and "the earlier good copy stays" in caplog.text


def test_a_whole_store_being_replaced_becomes_the_good_copy(demo_store):
    store_file.good_path(demo_store).unlink()
    current = version(demo_store)
    assert store_file.swap_in(new_store(demo_store, "newer"), demo_store)
    assert version(store_file.good_path(demo_store)) == current


def test_a_refresh_keeps_the_earlier_good_copy_when_the_current_store_has_garbage_inside(tmp_path, caplog):
    engine = db.get_engine(f"sqlite:///{tmp_path / 'company.db'}")
    build_demo(engine, customers=40, seed=4)
    path = analytics.refresh(engine)
    shutil.copyfile(path, store_file.good_path(path))  # the earlier healthy store, kept by an earlier refresh
    damage(path, "middle")
    assert opens_with_its_stamp(path) and store_file.whole(path) is not None  # garbage inside, not a short file
    with caplog.at_level(logging.WARNING, logger="data.store_file"):
        assert analytics.refresh(engine) == path
    engine.dispose()
    assert store_file.whole(store_file.good_path(path)) is None  # not the damaged one
    assert store_file.whole(path) is None
    assert "is damaged" in caplog.text
