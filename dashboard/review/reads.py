"""What the review views read from the system of record, fresh on every run (a few rows: an edit shows at once):
owners, check-ins, the target change log, the accounts."""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import text
from sqlmodel import select

from dashboard import cache
from dashboard.cache import review as review_cache
from data import db
from data.review import checkins, owners
from data.review.checkins import CheckIn
from data.review.owners import Owner
from metrics.review.history import CHANGE_COLUMNS


def _scope():
    engine = cache.engine()
    review_cache.tables_ready(engine.url.render_as_string(hide_password=True))
    return db.session_scope(engine)


def owner_map() -> dict[str, Owner]:
    """KPI id -> its owner and deputy."""
    with _scope() as session:
        return owners.owners(session)


def all_owners() -> dict[tuple[str, str], Owner]:
    """(kind, id) -> owner and deputy, objectives and KPIs."""
    with _scope() as session:
        return owners.all_owners(session)


def owned_by(email: str | None) -> list[Owner]:
    """The objectives and KPIs ``email`` owns or deputises for."""
    if not email:
        return []
    with _scope() as session:
        return owners.owned_by(session, email)


def accounts() -> list[str]:
    with _scope() as session:
        return owners.active_accounts(session)


def latest(period: date) -> dict[str, CheckIn]:
    with _scope() as session:
        return checkins.latest_for_period(session, period)


def versions(kpi_id: str, period: date) -> list[CheckIn]:
    with _scope() as session:
        return checkins.versions(session, kpi_id, period)


def history(kpi_ids: list[str]) -> dict[str, list[CheckIn]]:
    with _scope() as session:
        return checkins.history(session, kpi_ids)


def target_changes() -> pd.DataFrame:
    """The target change log (:data:`metrics.review.history.CHANGE_COLUMNS`), as the database holds it now."""
    with cache.engine().connect() as conn:
        return pd.read_sql(text("SELECT kpi_id, field_name, value_before, value_after, changed_at "
                                "FROM kpi_target_change ORDER BY changed_at, id"), conn)[CHANGE_COLUMNS]


def initiatives_of(email: str | None) -> pd.DataFrame:
    """name, status, percent_complete, start_on, end_on of the initiatives ``email`` owns (``data.initiatives``)."""
    from data.initiatives.models import Initiative

    columns = ["name", "status", "percent_complete", "start_on", "end_on"]
    if not email:
        return pd.DataFrame(columns=columns)
    with _scope() as session:
        Initiative.metadata.create_all(session.get_bind(), tables=[Initiative.__table__])
        rows = session.exec(select(Initiative).where(Initiative.owner == email.strip().lower())).all()
        return pd.DataFrame([{c: getattr(r, c) for c in columns} for r in rows], columns=columns)
