"""The schema: required tables and columns, exact money, enforced and indexed foreign keys."""

from datetime import date

import pytest
from sqlalchemy import Numeric, inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from data import db, models

REQUIRED = {
    "customer": {"id", "name", "region", "channel", "industry", "acquired_on", "acquisition_cost",
                 "manager_id", "referred_by_id", "churned_on"},
    "product": {"id"},
    "sales_order": {"id", "customer_id", "ordered_on", "channel", "sales_rep_id", "promised_on", "delivered_on"},
    "order_line": {"id", "order_id", "product_id", "quantity", "unit_price", "unit_cost", "discount", "line_no"},
    "campaign": {"id"}, "campaign_contact": {"id"}, "lead": {"id"}, "opportunity": {"id"},
    "opportunity_stage_change": {"id"},
    "service_ticket": {"id", "customer_id", "category", "channel", "opened_at", "first_response_at",
                       "resolved_at", "promised_at", "csat"},
    "survey_response": {"id"}, "employee": {"id"}, "training_record": {"id"}, "employee_survey": {"id"},
    "crm_activity": {"id"}, "kpi_target": {"kpi_id"}, "program_step": {"id"}, "program_cost": {"id"},
    "benchmark_case": {"id"},
}
MONEY_COLUMNS = [("customer", "acquisition_cost"), ("order_line", "unit_price"), ("order_line", "unit_cost"),
                 ("product", "list_price"), ("campaign", "spend"), ("program_cost", "amount"),
                 ("opportunity", "amount"), ("service_ticket", "handling_cost")]
FILTER_DATES = [("customer", "acquired_on"), ("sales_order", "ordered_on"), ("service_ticket", "opened_at"),
                ("lead", "created_on"), ("opportunity", "created_on"), ("survey_response", "responded_on"),
                ("crm_activity", "occurred_on"), ("training_record", "completed_on")]


def assert_schema(engine) -> None:
    inspector = inspect(engine)
    for table, columns in REQUIRED.items():
        present = {c["name"] for c in inspector.get_columns(table)}
        assert columns <= present, f"{table} lacks {columns - present}"
    for table, column in MONEY_COLUMNS:
        kind = {c["name"]: c["type"] for c in inspector.get_columns(table)}[column]
        assert isinstance(kind, Numeric) and kind.scale == 2, f"{table}.{column} is {kind}"
    for table in REQUIRED:
        indexed = {tuple(ix["column_names"]) for ix in inspector.get_indexes(table)}
        for fk in inspector.get_foreign_keys(table):
            assert tuple(fk["constrained_columns"]) in indexed, f"{table}.{fk['constrained_columns']} not indexed"
    for table, column in FILTER_DATES:
        assert (column,) in {tuple(ix["column_names"]) for ix in inspector.get_indexes(table)}


def test_schema_on_sqlite(sqlite_engine):
    assert_schema(sqlite_engine)


@pytest.mark.postgres
def test_schema_on_postgresql(postgres_url):
    engine = db.get_engine(postgres_url)
    db.create_schema(engine)
    assert_schema(engine)
    engine.dispose()


def _orphan_order() -> models.SalesOrder:
    return models.SalesOrder(id=1, customer_id=999, ordered_on=date(2025, 1, 2), channel="direct",
                             promised_on=date(2025, 1, 9))


def test_sqlite_enforces_foreign_keys(sqlite_engine):
    with Session(sqlite_engine) as session, pytest.raises(IntegrityError):
        session.add(_orphan_order())
        session.commit()


@pytest.mark.postgres
def test_postgresql_enforces_foreign_keys(postgres_url):
    engine = db.get_engine(postgres_url)
    db.create_schema(engine)
    with Session(engine) as session, pytest.raises(IntegrityError):
        session.add(_orphan_order())
        session.commit()
    engine.dispose()


def test_default_database_is_a_sqlite_file_in_the_project(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert db.database_url() == f"sqlite:///{db.PROJECT_DIR / 'crm_scorecard.db'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:secret@db.example:5432/crm")
    assert db.database_url() == "postgresql://u:secret@db.example:5432/crm"
    assert "secret" not in db.masked_url(db.database_url())


KEYED = ["employee", "customer", "product", "sales_order", "campaign", "lead", "opportunity"]


@pytest.mark.parametrize("table", KEYED)
def test_keyed_table_has_a_unique_code(sqlite_engine, table):
    indexes = inspect(sqlite_engine).get_indexes(table)
    assert any(ix["column_names"] == ["code"] and ix["unique"] for ix in indexes)


def test_order_lines_are_unique_by_order_and_line_number(sqlite_engine):
    indexes = inspect(sqlite_engine).get_indexes("order_line")
    assert any(ix["column_names"] == ["order_id", "line_no"] and ix["unique"] for ix in indexes)


def test_an_older_database_gains_the_new_columns(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    raw = sqlite3.connect(path)  # a customer table as it was before codes
    raw.execute("CREATE TABLE customer (id INTEGER PRIMARY KEY, name VARCHAR)")
    raw.execute("INSERT INTO customer VALUES (1, 'Kept')")
    raw.commit()
    raw.close()
    engine = db.get_engine(f"sqlite:///{path}")
    db.create_schema(engine)
    columns = {c["name"] for c in inspect(engine).get_columns("customer")}
    assert {"code", "region", "churned_on"} <= columns
    assert any(ix["column_names"] == ["code"] and ix["unique"] for ix in inspect(engine).get_indexes("customer"))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT id, name, code FROM customer").all() == [(1, "Kept", None)]
    engine.dispose()
