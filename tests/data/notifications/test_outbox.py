"""The outbox: one row per alert x recipient x channel (enqueueing again adds nothing), a claim that a second
sender cannot take while the first holds it, retries with a doubling back-off and a dead letter after N."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from data import db
from data.models import AuditEvent
from data.notifications import alerts, outbox
from data.notifications.alerts import AlertFact
from data.notifications.models import OutboxMessage
from tests.data.notifications.conftest import add_people

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def fire(engine) -> int:
    with db.session_scope(engine) as session:
        fired = alerts.record(session=session, facts=[AlertFact("kpi_red", "revenue", "red", True)], now=NOW)
        return outbox.enqueue_alerts(session=session, events=fired, now=NOW)


def test_an_alert_is_queued_once_per_recipient_and_channel(sqlite_engine, people):
    assert fire(sqlite_engine) == 3  # two executives (every red KPI) and the admin (every alert)
    with db.session_scope(sqlite_engine) as session:
        events = alerts.history(session=session)
        assert outbox.enqueue_alerts(session=session, events=events, now=NOW) == 0  # again: nothing added
        keys = sorted(r.idempotency_key for r in outbox.rows(session=session))
        event_id = events[0].id
    assert keys == sorted(f"alert:{event_id}:{people[e]}:email"
                          for e in ("exec@example.com", "boss@example.com", "admin@example.com"))


def test_digests_are_queued_once_per_period(sqlite_engine, people):
    with db.session_scope(sqlite_engine) as session:
        assert outbox.enqueue_digests(session=session, now=NOW) == 2
        assert outbox.enqueue_digests(session=session, now=NOW + timedelta(days=2)) == 0  # the same ISO week
        assert outbox.enqueue_digests(session=session, now=NOW + timedelta(days=7)) == 2  # the next one
        assert {r.period for r in outbox.rows(session=session)} == {"weekly:2026-W45", "weekly:2026-W46"}


def test_backoff_doubles_up_to_an_hour():
    assert [outbox.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4, 7, 20)] == [1, 2, 4, 8, 60, 60]


def fail_all(engine, now: datetime, max_attempts: int = 3) -> list[str]:
    with Session(engine) as session:
        ids = outbox.due(session=session, now=now)
    for row_id in ids:
        with Session(engine) as session:
            row = outbox.claim(session=session, row_id=row_id, now=now)
            outbox.mark_failed(session=session, row=row, error="SMTP down", now=now, max_attempts=max_attempts)
            session.commit()
    with Session(engine) as session:
        return sorted({r.status for r in outbox.rows(session=session)})


def exercise_retries(engine) -> None:
    add_people(engine)
    fire(engine)
    assert fail_all(engine, NOW) == ["pending"]
    with Session(engine) as session:
        assert outbox.due(session=session, now=NOW + timedelta(seconds=59)) == []  # backing off
    assert fail_all(engine, NOW + timedelta(minutes=1)) == ["pending"]
    assert fail_all(engine, NOW + timedelta(minutes=3)) == ["dead"]  # the third failure of three
    with Session(engine) as session:
        dead = outbox.rows(session=session, status="dead")
        assert {r.attempts for r in dead} == {3} and {r.last_error for r in dead} == {"SMTP down"}
        assert len(session.exec(select(AuditEvent).where(AuditEvent.action == "notify_dead_letter")).all()) == 3
        assert outbox.retry(session=session, row_id=dead[0].id, actor="admin@example.com", now=NOW)
        session.commit()
        assert outbox.counts(session=session) == {"pending": 1, "sent": 0, "dead": 2}


def test_a_failing_message_is_retried_then_a_dead_letter(sqlite_engine):
    exercise_retries(sqlite_engine)


@pytest.mark.postgres
def test_a_failing_message_is_retried_then_a_dead_letter_on_postgres(postgres_url):
    engine = db.get_engine(postgres_url)
    db.create_schema(engine)
    try:
        exercise_retries(engine)
    finally:
        engine.dispose()


def exercise_claims(engine) -> None:
    add_people(engine)
    fire(engine)
    with Session(engine) as first:
        row_id = outbox.due(session=first, now=NOW)[0]
        row = outbox.claim(session=first, row_id=row_id, now=NOW)
        assert row is not None
        outbox.mark_sent(session=first, row=row, now=NOW)
        first.commit()
    with Session(engine) as second:  # a sender arriving after the first committed finds it sent
        assert outbox.claim(session=second, row_id=row_id, now=NOW) is None
    with Session(engine) as killed:  # a sender that dies before committing leaves the row pending
        other = outbox.due(session=killed, now=NOW)[0]
        assert outbox.claim(session=killed, row_id=other, now=NOW) is not None
        killed.rollback()
    with Session(engine) as session:
        assert session.get(OutboxMessage, other).status == "pending"
        assert session.get(OutboxMessage, other).attempts == 0


def test_a_claim_holds_until_the_sender_commits(tmp_path):
    engine = db.get_engine(f"sqlite:///{tmp_path / 'outbox.db'}")
    db.create_schema(engine)
    try:
        exercise_claims(engine)
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_claim_holds_until_the_sender_commits_on_postgres(postgres_url):
    engine = db.get_engine(postgres_url)
    db.create_schema(engine)
    try:
        exercise_claims(engine)
    finally:
        engine.dispose()
