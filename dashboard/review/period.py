"""The review month and what is due in it, for the views of the review."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd

from dashboard.cache import links as link_cache
from dashboard.review import reads
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.review import due
from metrics.review.due import NoteDue
from metrics.scorecard.scoring import latest_period


def today() -> date:
    return datetime.now(UTC).date()


def review_month(store: Store) -> date | None:
    """The month under review: the latest complete month of data (the scorecard's default period)."""
    month = latest_period(store)
    return None if month is None else month.date()


def month_filters(month: date) -> Filters:
    return Filters(month, month, grain="month")


def reviewed_month(f: Filters | None) -> date | None:
    """The month a scorecard of ``f`` shows, when it is a whole-company month (check-ins are per company month)."""
    if f is None or f.grain != "month" or f.dimensions:
        return None
    return f.period_start(f.end)


def notes_due(store: Store, card: pd.DataFrame, month: date) -> dict[str, NoteDue]:
    """kpi_id -> its note's state for ``month`` (``card``: the scorecard of that month); the year forecast counts
    for the review month only (it is today's forecast)."""
    statuses = dict(zip(card["id"], card["status"], strict=True))
    forecasts = link_cache.forecasts(store) if month == review_month(store) else pd.DataFrame(
        columns=["kpi_id", "horizon", "probability", "flag"])
    return due.notes_due(statuses, forecasts, period=month, written=set(reads.latest(month)), today=today())
