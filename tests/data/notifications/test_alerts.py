"""An alert fires once per change of state, not at every evaluation; amber -> red fires; calm first sights are kept
without a history line."""

from datetime import UTC, datetime, timedelta

import pytest

from data import db
from data.notifications import alerts
from data.notifications.alerts import AlertFact

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def red(kpi: str, state: str = "red") -> AlertFact:
    return AlertFact("kpi_red", kpi, state, state == "red", {"value": 1.0, "target": 2.0})


def record(engine, facts, now=NOW):
    with db.session_scope(engine) as session:
        return [(e.key, e.previous, e.state) for e in alerts.record(session=session, facts=facts, now=now)]


def exercise(engine) -> None:
    assert record(engine, [red("revenue", "amber"), red("churn_rate", "green")]) == []  # calm first sights
    assert record(engine, [red("revenue"), red("churn_rate", "green")], NOW + timedelta(hours=1)) == [
        ("kpi_red:revenue", "amber", "red")]
    assert record(engine, [red("revenue"), red("churn_rate", "green")], NOW + timedelta(hours=2)) == []  # no change
    assert record(engine, [red("revenue", "green")], NOW + timedelta(hours=3)) == []  # back to green: no alert
    assert record(engine, [red("revenue")], NOW + timedelta(hours=4)) == [("kpi_red:revenue", "green", "red")]
    with db.session_scope(engine) as session:
        history = alerts.history(session=session)
        assert [(e.previous, e.state, e.fired) for e in history] == [
            ("green", "red", True), ("red", "green", False), ("amber", "red", True)]
        assert [s.key for s in alerts.active(session=session)] == ["kpi_red:revenue"]
        assert alerts.detail(history[0]) == {"value": 1.0, "target": 2.0}


def test_an_alert_fires_once_per_change(sqlite_engine):
    exercise(sqlite_engine)


@pytest.mark.postgres
def test_an_alert_fires_once_per_change_on_postgres(postgres_url):
    engine = db.get_engine(postgres_url)
    db.create_schema(engine)
    try:
        exercise(engine)
    finally:
        engine.dispose()


def test_a_red_first_sight_fires(sqlite_engine):
    assert record(sqlite_engine, [red("revenue")]) == [("kpi_red:revenue", None, "red")]


def test_an_unknown_kind_is_refused(sqlite_engine):
    with pytest.raises(ValueError, match="unknown alert kind"):
        record(sqlite_engine, [AlertFact("nonsense", "x", "on", True)])
