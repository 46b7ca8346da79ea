"""Alert facts and their state: an alert fires once per change of state, not at every evaluation.

``metrics.alerts`` computes the facts (pure); :func:`record` compares each with the state kept in ``alert_state``,
writes a change as an ``alert_event`` (``fired`` when the new state alerts) and returns the fired events, which
:mod:`data.notifications.outbox` hands to the subscribers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from data.notifications.models import AlertEvent, AlertState

# kpi_red: a KPI's status (red alerts, amber -> red included); forecast_risk: the probability of reaching the year
# target fell below the threshold; checkin_due: a KPI's check-in is due or overdue; no_initiative: a red KPI with no
# active initiative; refresh: the data refresh failed or a derived step could not be estimated (admins only)
KINDS = ("kpi_red", "forecast_risk", "checkin_due", "no_initiative", "refresh")
ADMIN_KINDS = frozenset({"refresh"})


@dataclass(frozen=True)
class AlertFact:
    """What holds now about one subject: its ``state`` and whether that state alerts."""

    kind: str
    subject: str  # a KPI id, a refresh step, "store"
    state: str
    alerting: bool
    detail: dict = field(default_factory=dict)  # JSON-able: the numbers and sentences a message needs

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.subject}"


def record(*, session: Session, facts: list[AlertFact], now: datetime) -> list[AlertEvent]:
    """Keep each fact's state; every change is an event, and the events whose new state alerts are returned
    (added to ``session``, committed with the caller's unit of work). A fact seen for the first time in an
    alerting state fires too (nobody has heard of it yet); one first seen calm is kept without a history line."""
    fired = []
    states = {s.key: s for s in session.exec(select(AlertState))}  # one query, not one per fact
    for fact in facts:
        if fact.kind not in KINDS:
            raise ValueError(f"unknown alert kind {fact.kind!r}: one of {', '.join(KINDS)}")
        state = states.get(fact.key)
        if state is not None and state.state == fact.state:
            state.alerting = fact.alerting  # seen_at is left: rewriting every row at every run costs more than it says
            continue
        if state is None and not fact.alerting:  # first seen and calm: kept, no history line
            session.add(AlertState(key=fact.key, kind=fact.kind, subject=fact.subject, state=fact.state,
                                   alerting=False, changed_at=now, seen_at=now))
            continue
        event = AlertEvent(key=fact.key, kind=fact.kind, subject=fact.subject,
                           previous=state.state if state is not None else None, state=fact.state,
                           fired=fact.alerting, at=now, detail=json.dumps(fact.detail, ensure_ascii=False,
                                                                          default=str))
        session.add(event)
        if state is None:
            state = AlertState(key=fact.key, kind=fact.kind, subject=fact.subject, state=fact.state,
                               alerting=fact.alerting, changed_at=now, seen_at=now)
        else:
            state.state, state.alerting, state.changed_at, state.seen_at = fact.state, fact.alerting, now, now
        session.add(state)
        if fact.alerting:
            fired.append(event)
    session.flush()
    return fired


def active(*, session: Session) -> list[AlertState]:
    """Every alert that holds now (its state alerts), newest change first."""
    return list(session.exec(select(AlertState).where(col(AlertState.alerting).is_(True))
                             .order_by(col(AlertState.changed_at).desc(), AlertState.key)))


def history(*, session: Session, limit: int = 500, fired_only: bool = False) -> list[AlertEvent]:
    """The newest events first."""
    query = select(AlertEvent)
    if fired_only:
        query = query.where(col(AlertEvent.fired).is_(True))
    return list(session.exec(query.order_by(col(AlertEvent.at).desc(), col(AlertEvent.id).desc()).limit(limit)))


def detail(event: AlertEvent | AlertState) -> dict:
    """An event's detail as a dict (an empty one when unreadable)."""
    try:
        found = json.loads(getattr(event, "detail", "") or "{}")
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}
