"""The analytical store: exact copies, exact money, atomic refresh with a new data version."""

from decimal import Decimal

import duckdb
import pytest
from sqlmodel import Session, select

from cli import data as data_cli
from data import analytics, db, models, store_file
from data.demo.builder import build_demo
from metrics.base.store import Store


def test_store_sums_money_exactly_as_the_system_of_record(demo_engine, tmp_path):
    path = analytics.refresh(demo_engine, path=tmp_path / "a.duckdb")
    with Session(demo_engine) as session:
        lines = session.exec(select(models.OrderLine)).all()
        tickets = session.exec(select(models.ServiceTicket.handling_cost)).all()
    revenue = sum((line.quantity * line.unit_price * (1 - line.discount) for line in lines), Decimal(0))
    with duckdb.connect(str(path), read_only=True) as store:
        in_store, cost = store.execute(
            "SELECT (SELECT sum(revenue) FROM sales), (SELECT sum(handling_cost) FROM service_ticket)").fetchone()
        copied = store.execute("SELECT count(*) FROM order_line").fetchone()[0]
    assert in_store == revenue
    assert cost == sum(tickets, Decimal(0))
    assert copied == len(lines)


def test_customer_month_spans_each_relationship(demo_engine, tmp_path):
    path = analytics.refresh(demo_engine, path=tmp_path / "b.duckdb")
    with duckdb.connect(str(path), read_only=True) as store:
        revenue_gap = store.execute(
            "SELECT (SELECT sum(revenue) FROM sales) - (SELECT sum(revenue) FROM customer_month)").fetchone()[0]
        outside = store.execute("""
            SELECT count(*) FROM customer_month m JOIN customer c ON c.id = m.customer_id
            WHERE m.month < date_trunc('month', c.acquired_on)
               OR m.month > date_trunc('month', coalesce(c.churned_on, DATE '9999-01-01'))""").fetchone()[0]
    assert revenue_gap == 0
    assert outside == 0


def test_refresh_swaps_the_store_and_bumps_the_version(tmp_path):
    engine = db.get_engine(f"sqlite:///{tmp_path / 'r.db'}")
    build_demo(engine, customers=120, seed=2)
    path = analytics.refresh(engine)
    reader = duckdb.connect(str(path), read_only=True)
    first = reader.execute("SELECT value FROM store_meta WHERE key = 'data_version'").fetchone()[0]
    path_again = analytics.refresh(engine)
    assert path_again == path and not list(tmp_path.glob("*.building"))
    assert reader.execute("SELECT count(*) FROM customer").fetchone()[0] == 120  # old readers keep their file
    reader.close()
    with duckdb.connect(str(path), read_only=True) as fresh:
        assert fresh.execute("SELECT value FROM store_meta WHERE key = 'data_version'").fetchone()[0] != first
    engine.dispose()


def test_store_lives_beside_a_sqlite_file_or_in_the_configured_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("ANALYTICS_DIR", raising=False)
    assert analytics.store_path("sqlite:////srv/crm/crm.db").as_posix() == "/srv/crm/crm.duckdb"
    monkeypatch.setenv("ANALYTICS_DIR", str(tmp_path))
    pg = analytics.store_path("postgresql://u:secret@h/crm")
    assert pg.parent == tmp_path and "secret" not in pg.name


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_every_spelling_of_a_postgresql_url_finds_one_store(monkeypatch, tmp_path, scheme):
    monkeypatch.setenv("ANALYTICS_DIR", str(tmp_path))
    expected = analytics.store_path("postgresql+psycopg://u:secret@h:5432/crm")
    assert analytics.store_path(f"{scheme}://u:secret@h:5432/crm") == expected
    monkeypatch.setenv("DATABASE_URL", f"{scheme}://u:secret@h:5432/crm")
    assert Store.path_for() == expected  # the readers' default: the configured URL, as written


@pytest.mark.parametrize("scheme", ["postgresql", "postgresql+psycopg"])
def test_the_documented_postgresql_url_refreshes_the_store_the_app_reads(postgres_url, monkeypatch, tmp_path, scheme):
    """``python -m data refresh`` with DATABASE_URL as the README writes it, then the app's reader."""
    url = f"{scheme}://" + postgres_url.split("://", 1)[1]
    monkeypatch.setenv("ANALYTICS_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", url)
    engine = db.get_engine(url)
    build_demo(engine, customers=40, seed=5)
    engine.dispose()
    assert data_cli.main(["refresh"]) == 0
    store = Store.for_url()  # what dashboard.cache.store() opens
    assert store.query("SELECT count(*) AS n FROM customer")["n"].iloc[0] == 40
    assert len(list(tmp_path.glob("*.duckdb"))) == 1
    store.close()


def test_a_refresh_keeps_the_store_it_replaces_as_the_last_good_one(tmp_path):
    engine = db.get_engine(f"sqlite:///{tmp_path / 'g.db'}")
    build_demo(engine, customers=60, seed=4)
    path = analytics.refresh(engine)
    with duckdb.connect(str(path), read_only=True) as store:
        first = store.execute("SELECT value FROM store_meta WHERE key = 'data_version'").fetchone()[0]
    assert not store_file.good_path(path).exists()
    analytics.refresh(engine)
    with duckdb.connect(str(store_file.good_path(path)), read_only=True) as good:
        assert good.execute("SELECT value FROM store_meta WHERE key = 'data_version'").fetchone()[0] == first
    path.write_bytes(b"")  # damaged: the next refresh must not keep it as the good one
    analytics.refresh(engine)
    with duckdb.connect(str(store_file.good_path(path)), read_only=True) as good:
        assert good.execute("SELECT value FROM store_meta WHERE key = 'data_version'").fetchone()[0] == first
    engine.dispose()


def test_a_store_that_does_not_read_back_is_not_swapped_in(tmp_path, monkeypatch):
    engine = db.get_engine(f"sqlite:///{tmp_path / 'v.db'}")
    build_demo(engine, customers=60, seed=4)
    path = analytics.refresh(engine)
    before = path.read_bytes()
    real = analytics._copy_sqlite_file

    def short(reader, duck, table):  # one row fewer than it says it copied
        rows = real(reader, duck, table)
        if table.name == "customer":
            duck.execute("DELETE FROM customer WHERE id = (SELECT max(id) FROM customer)")
        return rows

    monkeypatch.setattr(analytics, "_copy_sqlite_file", short)
    with pytest.raises(store_file.StoreNotVerified, match="customer"):
        analytics.refresh(engine)
    assert path.read_bytes() == before and not list(tmp_path.glob("*.building"))
    engine.dispose()


def test_the_store_is_built_within_a_memory_limit(tmp_path):
    """Unset, DuckDB may use at most 3 GB or half the machine, whichever is less (it spills past it); a setting
    wins; the file being built runs with it."""
    import os

    half = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2
    unset = analytics.memory_limit({})
    assert unset.endswith("MB") and int(unset[:-2]) * 2**20 <= min(3 * 2**30, half)
    assert analytics.memory_limit({analytics.MEMORY_ENV: " 1GB "}) == "1GB"
    engine = db.get_engine(f"sqlite:///{tmp_path / 'small.db'}")
    db.create_schema(engine)
    seen = []
    analytics.build(engine, path=tmp_path / "small.duckdb", derive=lambda duck, _: seen.append(
        duck.execute("SELECT current_setting('memory_limit')").fetchone()[0]))
    assert seen and seen[0].endswith(("GiB", "MiB", "GB", "MB")) and not seen[0].startswith("0")
