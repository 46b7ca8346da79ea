"""One evaluation: the facts over the store and the system of record, their changes recorded and the alerts they
fire queued for each subscriber, in one transaction (after every refresh, and by the notify worker)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine

from data import db
from data.notifications import alerts, outbox
from metrics.alerts import evaluate, rhythm
from metrics.base.dimensions import dimension_values
from metrics.base.store import Store
from metrics.links import forecast

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Evaluated:
    facts: int
    fired: tuple[int, ...]  # the ids of the events that alert
    queued: int  # outbox rows added


def facts(store: Store, *, session, now: datetime) -> list[alerts.AlertFact]:
    """Every kind's facts: the store's, then the operating rhythm's."""
    card = evaluate.current_scorecard(store)
    found = evaluate.evaluate(store, card=card)
    f = evaluate.current_filters(store)
    if f is not None and not card.empty:
        last = dimension_values(store).last_month
        data_end = (pd.Timestamp(last) + pd.offsets.MonthEnd(0)).date() if last else now.date()
        kinds = (("check-in", lambda: rhythm.checkin_facts(card, forecast.read(store), session=session,
                                                            period=f.start, today=now.date())),
                 ("initiative", lambda: rhythm.initiative_facts(card, session=session, data_end=data_end)))
        for name, compute in kinds:
            try:  # the operating rhythm's tables may be missing or older: its kinds wait, the rest go on
                found += compute()
            except Exception as error:
                session.rollback()
                log.warning("%s alerts not evaluated: %s", name, str(error).splitlines()[0])
    return found


def record(engine: Engine, found: list[alerts.AlertFact], *, now: datetime, dry_run: bool = False) -> Evaluated:
    """Record ``found`` and queue what fires (one transaction; with ``dry_run`` rolled back: what would fire)."""
    with db.session_scope(engine) as session:
        fired = alerts.record(session=session, facts=found, now=now)
        queued = outbox.enqueue_alerts(session=session, events=fired, now=now)
        result = Evaluated(len(found), tuple(e.id for e in fired), queued)
        if dry_run:
            session.rollback()
        return result


def run(engine: Engine, *, path: Path | None = None, now: datetime | None = None, dry_run: bool = False,
        ensure_schema: bool = True) -> Evaluated:
    """Evaluate over the store at ``path`` (default: the database's) and record; raises
    :class:`metrics.base.store.StoreMissing` without a store. ``ensure_schema``: first make the tables a database
    that predates them lacks."""
    now = now or datetime.now(UTC)
    if ensure_schema:
        db.create_schema(engine)
    store = Store.open(path) if path is not None else Store.for_url(engine.url.render_as_string(hide_password=False))
    try:
        with db.session_scope(engine) as session:
            found = facts(store, session=session, now=now)
    finally:
        store.close()
    return record(engine, found, now=now, dry_run=dry_run)


def refresh_failed(engine: Engine, error: str, *, now: datetime | None = None) -> Evaluated:
    """Record that a refresh failed (an admins' alert)."""
    return record(engine, [evaluate.refresh_failed(error)], now=now or datetime.now(UTC))
