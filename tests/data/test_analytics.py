"""The analytical store: exact copies, exact money, atomic refresh with a new data version."""

from decimal import Decimal

import duckdb
from sqlmodel import Session, select

from data import analytics, db, models
from data.demo.builder import build_demo


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
