"""Alerts evaluated after every refresh (isolated: a failure there never fails the refresh), and a failed refresh
recorded as an admins' alert."""

import logging
from pathlib import Path

import pytest
from sqlmodel import Session, select

from data import analytics, db
from data.notifications.models import AlertEvent, AlertState, OutboxMessage
from jobs import refresh
from metrics.alerts import cycle
from tests.notify.conftest import demo_copy  # noqa: F401 (the fixture)


def test_a_refresh_evaluates_the_alerts_and_queues_them(demo_copy, monkeypatch):  # noqa: F811
    engine = db.get_engine(demo_copy)
    store = Path(demo_copy.removeprefix("sqlite:///")).with_suffix(".duckdb")
    monkeypatch.setattr(analytics, "build", lambda engine, **_: analytics.Built(store, True, 0))  # the store as built
    refresh.run(engine)
    with Session(engine) as session:
        red = session.exec(select(AlertState).where(AlertState.kind == "kpi_red", AlertState.state == "red")).all()
        queued = session.exec(select(OutboxMessage)).all()
    engine.dispose()
    assert red and queued  # the demo's red KPIs, queued for the executives and the admin


def test_a_failed_refresh_is_an_admins_alert_and_still_fails(demo_copy, monkeypatch):  # noqa: F811
    engine = db.get_engine(demo_copy)

    def broken(engine, **_):
        raise OSError("disk full")

    monkeypatch.setattr(analytics, "build", broken)
    with pytest.raises(OSError, match="disk full"):
        refresh.run(engine)
    with Session(engine) as session:
        [event] = session.exec(select(AlertEvent).where(AlertEvent.key == "refresh:store")).all()
        admin_rows = session.exec(select(OutboxMessage).where(OutboxMessage.event_id == event.id)).all()
    engine.dispose()
    assert (event.state, event.fired) == ("failed", True) and "disk full" in event.detail
    assert {row.target for row in admin_rows} == {"admin@demo.example"}


def test_an_alert_failure_never_fails_the_refresh(demo_copy, monkeypatch, caplog):  # noqa: F811
    engine = db.get_engine(demo_copy)
    store = Path(demo_copy.removeprefix("sqlite:///")).with_suffix(".duckdb")
    monkeypatch.setattr(analytics, "build", lambda engine, **_: analytics.Built(store, True, 0))

    def broken(*args, **kwargs):
        raise RuntimeError("evaluation broke")

    monkeypatch.setattr(cycle, "run", broken)
    caplog.set_level(logging.WARNING)
    assert refresh.run(engine).path == store
    engine.dispose()
    assert "alerts not evaluated after the refresh" in caplog.text
