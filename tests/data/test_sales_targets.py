"""Sales reps' targets in the system of record: validated, saved with an audit event per change in one transaction,
copied into the analytical store (also for a database made before the table existed)."""

from datetime import date

import duckdb
import pandas as pd
import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from data import analytics, db, sales_targets
from data.models import AuditEvent
from jobs import sales_targets as sales_targets_job


def edits(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["employee_id", "month", "revenue_target"])


def events(engine) -> list[str]:
    with Session(engine) as session:
        found = session.exec(select(AuditEvent).where(AuditEvent.action == sales_targets.ACTION)
                             .order_by(AuditEvent.id)).all()
        return [f"{e.actor}: {e.detail}" for e in found]


def test_a_new_target_is_saved_and_audited(sqlite_engine):
    assert sales_targets.save(sqlite_engine, edits((7, date(2025, 3, 1), 120_000.5)), "boss@example.cn") == 1
    stored = sales_targets.read(sqlite_engine)
    assert stored.to_dict("records") == [{"employee_id": 7, "month": date(2025, 3, 1), "revenue_target": 120_000.5,
                                          "source": "editor"}]
    assert events(sqlite_engine) == ["boss@example.cn: employee 7, 2025-03: baseline -> 120000.50"]


def test_saving_the_same_targets_again_changes_nothing(sqlite_engine):
    sales_targets.save(sqlite_engine, edits((7, date(2025, 3, 1), 100.0)), "a@example.cn")
    assert sales_targets.save(sqlite_engine, edits((7, date(2025, 3, 1), 100.0), (8, date(2025, 3, 1), None)),
                              "a@example.cn") == 0
    assert len(events(sqlite_engine)) == 1


def test_a_changed_target_and_a_cleared_one(sqlite_engine):
    sales_targets.save(sqlite_engine, edits((7, date(2025, 3, 1), 100.0), (8, date(2025, 4, 1), 50.0)), "a@x.cn")
    changed = sales_targets.save(sqlite_engine, edits((7, "2025-03", 150.004), (8, date(2025, 4, 1), float("nan"))),
                                 "b@x.cn")
    assert changed == 2
    stored = sales_targets.read(sqlite_engine)
    assert stored[["employee_id", "revenue_target"]].values.tolist() == [[7, 150.0]]  # to the cent; 8 back to baseline
    assert events(sqlite_engine)[-2:] == ["b@x.cn: employee 7, 2025-03: 100.00 -> 150.00",
                                          "b@x.cn: employee 8, 2025-04: 50.00 -> baseline"]


def test_a_month_is_its_first_day(sqlite_engine):
    sales_targets.save(sqlite_engine, edits((7, pd.Timestamp("2025-03-17"), 10.0)), "a@x.cn")
    assert sales_targets.read(sqlite_engine)["month"].tolist() == [date(2025, 3, 1)]


@pytest.mark.parametrize(("value", "what"), [(-1.0, "negative"), (float("inf"), "not_a_number"),
                                             ("ten", "not_a_number")])
def test_bad_targets_are_named_and_refused(sqlite_engine, value, what):
    rows = edits((7, date(2025, 3, 1), value))
    assert sales_targets.problems(rows) == [(7, "2025-03-01", what)]
    with pytest.raises(ValueError, match="employee 7, month 2025-03-01"):
        sales_targets.save(sqlite_engine, rows, "a@x.cn")
    assert sales_targets.read(sqlite_engine).empty


def test_a_row_without_a_month_is_named():
    assert sales_targets.problems(edits((7, "someday", 1.0))) == [(7, "someday", "not_a_month")]


def test_an_unknown_source_is_refused(sqlite_engine):
    with pytest.raises(ValueError, match="source"):
        sales_targets.save(sqlite_engine, edits((7, date(2025, 3, 1), 1.0)), "a@x.cn", source="guess")


def test_targets_and_their_audit_are_saved_together_or_not_at_all(sqlite_engine):
    with sqlite_engine.begin() as conn:
        conn.execute(text("CREATE TRIGGER no_audit BEFORE INSERT ON audit_event "
                          "BEGIN SELECT RAISE(ABORT, 'audit refused'); END"))  # the audit cannot be written
    with pytest.raises(Exception, match="audit refused"):
        sales_targets.save(sqlite_engine, edits((7, date(2025, 3, 1), 1.0)), "a@x.cn")
    with sqlite_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sales_rep_target")).scalar_one() == 0


def test_a_database_made_before_the_table_gets_it_in_the_store_and_saves_reach_the_store(tmp_path):
    engine = db.get_engine(f"sqlite:///{tmp_path / 'old.db'}")
    db.create_schema(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE sales_rep_target"))
    path = analytics.refresh(engine)
    with duckdb.connect(str(path), read_only=True) as store:
        assert store.execute("SELECT count(*) FROM sales_rep_target").fetchone()[0] == 0
        version = store.execute("SELECT value FROM store_meta WHERE key = 'data_version'").fetchone()[0]
    count = sales_targets_job.save_and_refresh(engine, edits((3, date(2025, 3, 1), 900.0)), actor="a@x.cn")
    assert count == 1
    with duckdb.connect(str(path), read_only=True) as store:
        assert store.execute("SELECT employee_id, month, revenue_target FROM sales_rep_target").fetchall() == [
            (3, date(2025, 3, 1), 900)]
        assert store.execute("SELECT value FROM store_meta WHERE key = 'data_version'").fetchone()[0] != version
    engine.dispose()


@pytest.mark.postgres
def test_targets_are_saved_and_audited_on_postgresql(postgres_url):
    engine = db.get_engine(postgres_url)
    db.create_schema(engine)
    assert sales_targets.save(engine, edits((7, date(2025, 3, 1), 10.0)), "a@x.cn") == 1
    assert sales_targets.save(engine, edits((7, date(2025, 3, 1), 12.0)), "a@x.cn") == 1
    assert sales_targets.read(engine)["revenue_target"].tolist() == [12.0]
    assert events(engine)[-1] == "a@x.cn: employee 7, 2025-03: 10.00 -> 12.00"
    engine.dispose()
