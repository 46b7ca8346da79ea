"""The outbox: one row per message to deliver, so nothing is lost when a channel is down and nothing is sent twice.

Each row has an idempotency key (an alert x recipient x channel, or a digest's period x recipient x channel):
enqueueing the same message again finds the row instead of adding one. A sender :func:`claim`s a due row in a
transaction it keeps open while it sends (a row lock on PostgreSQL, the write lock on SQLite) and records the
result in the same transaction (:func:`mark_sent` / :func:`mark_failed`): a worker killed mid-send leaves its
transaction rolled back and the row pending, and a second worker waiting on the lock then finds it sent. A failed
send is tried again after a back-off that doubles (:data:`BACKOFF`), and after :data:`MAX_ATTEMPTS` it is a dead
letter (status ``dead``, audited) until an admin sends it again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, func, select

from data.accounts import audit
from data.models import AppUser
from data.notifications import subscriptions
from data.notifications.models import AlertEvent, OutboxMessage

MAX_ATTEMPTS = 5
BACKOFF = timedelta(minutes=1)  # then 2, 4, 8 minutes... at most MAX_BACKOFF
MAX_BACKOFF = timedelta(hours=1)
STATUSES = ("pending", "sent", "dead")


def digest_period(digest: str, now: datetime) -> str:
    """The period a digest sent at ``now`` covers: ``weekly:2026-W49`` (ISO week) or ``monthly:2026-12``."""
    if digest == "weekly":
        year, week, _ = now.isocalendar()
        return f"weekly:{year}-W{week:02d}"
    return f"monthly:{now:%Y-%m}"


def _target(user: AppUser, sub) -> str:
    return sub.webhook_url if sub.channel == "webhook" else user.email


def _add(session: Session, row: OutboxMessage) -> bool:
    """Insert ``row`` unless its idempotency key exists (``ON CONFLICT DO NOTHING``: another run may insert it at the
    same moment; no savepoint, which SQLite's driver would turn into a commit of its own)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    values = {c.name: getattr(row, c.name) for c in OutboxMessage.__table__.columns if c.name != "id"}
    done = session.exec(insert(OutboxMessage).values(**values)
                        .on_conflict_do_nothing(index_elements=["idempotency_key"]))
    return done.rowcount == 1


def enqueue_alerts(*, session: Session, events: list[AlertEvent], now: datetime) -> int:
    """A row per fired event x subscriber x channel; returns how many were added."""
    if not events:
        return 0
    owned = subscriptions.owned_kpis(session=session)
    added = 0
    for user, sub in subscriptions.effective(session=session, now=now):
        for event in events:
            if not subscriptions.wants(sub, user, event, owned.get(user.id, set())):
                continue
            added += _add(session, OutboxMessage(
                idempotency_key=f"alert:{event.id}:{user.id}:{sub.channel}", kind="alert", user_id=user.id,
                subscription_id=sub.id, channel=sub.channel, target=_target(user, sub),
                webhook_kind=sub.webhook_kind, lang=sub.lang, event_id=event.id, next_attempt_at=now,
                created_at=now))
    return added


def enqueue_digests(*, session: Session, now: datetime) -> int:
    """A digest row per subscriber whose digest of the current week or month is not yet queued."""
    added = 0
    for user, sub in subscriptions.effective(session=session, now=now):
        if sub.digest == "none":
            continue
        period = digest_period(sub.digest, now)
        added += _add(session, OutboxMessage(
            idempotency_key=f"digest:{period}:{user.id}:{sub.channel}", kind="digest", user_id=user.id,
            subscription_id=sub.id, channel=sub.channel, target=_target(user, sub), webhook_kind=sub.webhook_kind,
            lang=sub.lang, period=period, next_attempt_at=now, created_at=now))
    return added


def due(*, session: Session, now: datetime, limit: int = 10_000) -> list[int]:
    """The ids of pending rows whose time has come, oldest first."""
    return list(session.exec(select(OutboxMessage.id).where(OutboxMessage.status == "pending",
                                                            OutboxMessage.next_attempt_at <= now)
                             .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)))


def claim(*, session: Session, row_id: int, now: datetime) -> OutboxMessage | None:
    """Lock row ``row_id`` for this transaction when it is still pending and due, else ``None`` (sent, dead, or
    claimed by another sender, who held it until it committed). The caller sends, records the result with
    :func:`mark_sent` or :func:`mark_failed` and commits."""
    claimed = session.exec(update(OutboxMessage)
                           .where(col(OutboxMessage.id) == row_id, col(OutboxMessage.status) == "pending",
                                  col(OutboxMessage.next_attempt_at) <= now)
                           .values(attempts=OutboxMessage.attempts + 1)
                           .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        return None
    row = session.get(OutboxMessage, row_id, populate_existing=True)
    return row


def mark_sent(*, session: Session, row: OutboxMessage, now: datetime) -> None:
    row.status, row.sent_at, row.last_error = "sent", now, None
    session.add(row)


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: 1, 2, 4, 8... minutes, at most an hour."""
    return min(MAX_BACKOFF, BACKOFF * (2 ** max(0, attempts - 1)))


def mark_failed(*, session: Session, row: OutboxMessage, error: str, now: datetime,
                max_attempts: int = MAX_ATTEMPTS) -> None:
    """Record a failed send (``row.attempts`` already counts it): retried after :func:`backoff`, or after
    ``max_attempts`` a dead letter (audited)."""
    row.last_error = error[:2000]
    if row.attempts >= max_attempts:
        row.status = "dead"
        audit(session=session, actor="notify", action="notify_dead_letter",
              detail=f"{row.idempotency_key} after {row.attempts} attempts: {row.last_error}"[:2000])
    else:
        row.next_attempt_at = now + backoff(row.attempts)
    session.add(row)


def retry(*, session: Session, row_id: int, actor: str, now: datetime) -> bool:
    """Send a dead letter again (an admin's choice); whether it was one."""
    row = session.get(OutboxMessage, row_id)
    if row is None or row.status != "dead":
        return False
    row.status, row.attempts, row.next_attempt_at = "pending", 0, now
    session.add(row)
    audit(session=session, actor=actor, action="notify_retry", detail=row.idempotency_key)
    return True


def rows(*, session: Session, status: str | None = None, limit: int | None = 500) -> list[OutboxMessage]:
    """The newest rows first, of one status or all (``limit`` None: every one)."""
    query = select(OutboxMessage)
    if status:
        query = query.where(OutboxMessage.status == status)
    query = query.order_by(col(OutboxMessage.created_at).desc(), col(OutboxMessage.id).desc())
    return list(session.exec(query.limit(limit) if limit is not None else query))


def counts(*, session: Session) -> dict[str, int]:
    """Rows per status."""
    found = dict(session.exec(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    return {status: int(found.get(status, 0)) for status in STATUSES}
