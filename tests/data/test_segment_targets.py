"""Targets per region and month in the system of record: checked row by row, saved with each change in the
change log and the audit trail (one transaction), a blank target deletes, the editor's save replaces its
dimension's rows, an import adds and updates; on SQLite and PostgreSQL."""

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import text

from data import db, segment_targets

ROWS = pd.DataFrame([
    {"kpi_id": "revenue", "dimension": "region", "member": "East", "month": None, "target": 100.0, "baseline": None},
    {"kpi_id": "revenue", "dimension": "region", "member": "East", "month": "2026-03", "target": 140.0,
     "baseline": 90.0},
    {"kpi_id": "churn_rate", "dimension": "company", "member": "", "month": "2026-03-01", "target": 0.02,
     "baseline": None},
])


def audit(engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return [(a, d) for a, d in conn.execute(text("SELECT action, detail FROM audit_event ORDER BY id"))]


def test_problems_name_each_bad_row():
    bad = pd.DataFrame([
        {"kpi_id": "nope", "dimension": "region", "member": "East", "month": None, "target": 1},
        {"kpi_id": "revenue", "dimension": "planet", "member": "Mars", "month": None, "target": 1},
        {"kpi_id": "revenue", "dimension": "region", "member": "Atlantis", "month": None, "target": 1},
        {"kpi_id": "revenue", "dimension": "region", "member": "East", "month": "March", "target": 1},
        {"kpi_id": "revenue", "dimension": "region", "member": "East", "month": None, "target": "lots"},
        {"kpi_id": "churn_rate", "dimension": "region", "member": "East", "month": None, "target": 2.5},
        {"kpi_id": "revenue", "dimension": "region", "member": "East", "month": "2026-03", "target": 1},
        {"kpi_id": "revenue", "dimension": "region", "member": "East", "month": "2026-03-01", "target": 2},
    ])
    found = segment_targets.problems(bad, kpis={"revenue", "churn_rate"}, shares={"churn_rate"},
                                     members={"region": {"East", "West"}})
    assert [(p.row, p.what) for p in found] == [
        (0, "unknown_kpi"), (1, "unknown_dimension"), (2, "unknown_member"), (3, "not_a_month"),
        (4, "not_a_number"), (5, "share_range"), (7, "repeated")]
    assert segment_targets.problems(ROWS, kpis={"revenue", "churn_rate"}, shares={"churn_rate"},
                                    members={"region": {"East"}}) == []


def _save_and_read(engine):
    assert segment_targets.save(engine, ROWS, "ceo@example.com", source="import") == 3
    assert segment_targets.save(engine, ROWS, "ceo@example.com", source="import") == 0  # the same again: nothing
    stored = segment_targets.read(engine)
    assert list(stored["month"]) == [date(2026, 3, 1), None, date(2026, 3, 1)]  # company, East every month, March
    assert stored.loc[stored["kpi_id"] == "churn_rate", "member"].iloc[0] == ""
    assert set(stored["source"]) == {"import"}
    # an import adds and updates; a blank target deletes its row
    more = pd.DataFrame([{"kpi_id": "revenue", "dimension": "region", "member": "East", "month": "2026-03",
                          "target": None, "baseline": None},
                         {"kpi_id": "revenue", "dimension": "region", "member": "West", "month": None,
                          "target": 50, "baseline": None}])
    assert segment_targets.save(engine, more, "cfo@example.com", source="import") == 2
    stored = segment_targets.read(engine)
    assert sorted(zip(stored["member"], stored["target"], strict=True)) == [("", 0.02), ("East", 100.0),
                                                                            ("West", 50.0)]
    # the editor's save holds a dimension's rows whole: a row left out is deleted
    assert segment_targets.save(engine, more.iloc[[1]].assign(target=60), "cfo@example.com",
                                replace=("region",)) == 2
    stored = segment_targets.read(engine)
    assert sorted(zip(stored["member"], stored["target"], strict=True)) == [("", 0.02), ("West", 60.0)]
    events = audit(engine)
    assert len(events) == 7 and {a for a, _ in events} == {segment_targets.ACTION}
    assert "revenue, region East, 2026-03: 140 (baseline 90) -> derived (import)" in {d for _, d in events}
    with engine.connect() as conn:
        logged = conn.execute(text("SELECT count(*) FROM kpi_target_change WHERE field_name = 'segment_target'"))
        assert logged.scalar_one() == 5  # deletions are in the audit trail only
    with pytest.raises(ValueError, match="row 1: not a month"):
        segment_targets.save(engine, ROWS.assign(month="soon"), "x@example.com")


def test_saved_on_sqlite(sqlite_engine):
    _save_and_read(sqlite_engine)


@pytest.mark.postgres
def test_saved_on_postgres(postgres_url):
    engine = db.get_engine(postgres_url)
    db.create_schema(engine)
    try:
        _save_and_read(engine)
    finally:
        engine.dispose()
