"""A company that set no targets, counts in US dollars and whose data stops mid-month (12 June 2025): the fixture
company of ``tests/metrics/fixture.py`` cut at ``END``, written to a SQLite file and refreshed."""

from datetime import date, datetime
from pathlib import Path

from data import db
from data.models import DatasetInfo
from jobs import refresh as precompute
from tests.metrics.fixture import build_company

END = date(2025, 6, 12)  # June is partial, May the last complete month


def _before_end(row) -> bool:
    for name in ("ordered_on", "occurred_on", "responded_on", "completed_on", "surveyed_on", "contacted_on",
                 "created_on", "changed_on"):
        day = getattr(row, name, None)
        if day is not None:
            return day <= END
    opened = getattr(row, "opened_at", None)
    return opened is None or (opened.date() if isinstance(opened, datetime) else opened) <= END


def build(path: Path) -> str:
    """The company in a SQLite file at ``path`` with its analytical store; its URL."""
    url = f"sqlite:///{path}"
    engine = db.get_engine(url)
    db.create_schema(engine)
    company = build_company()
    kept_orders = {o.id for o in company.orders if o.ordered_on <= END}
    with db.session_scope(engine) as session:
        for group in company.groups():
            rows = [r for r in group if _before_end(r)]
            rows = [r for r in rows if getattr(r, "order_id", None) is None or r.order_id in kept_orders]
            session.add_all(rows)
            session.flush()
        session.add(DatasetInfo(key="currency", value="USD"))
    precompute.refresh(engine)
    engine.dispose()
    return url
