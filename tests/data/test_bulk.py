"""Bulk-loaded rows read back through the ORM as dates, aware UTC datetimes and exact decimals."""

from datetime import UTC, date, datetime
from decimal import Decimal

import numpy as np
import pytest
from sqlmodel import Session, select

from data import db, models
from data.bulk import bulk_insert


def load_and_read(engine):
    with engine.begin() as conn:
        bulk_insert(conn, models.Customer.__table__, {
            "id": [1, 2], "name": ["A", "B"], "region": ["East", "West"], "channel": ["direct", "online"],
            "industry": ["mining", "mining"], "type": ["sme", "sme"],
            "acquired_on": np.array(["2024-01-31", "2024-02-29"], dtype="datetime64[D]"),
            "acquisition_cost": np.array([1234.56, 0.1 + 0.2]), "manager_id": np.array([np.nan, np.nan]),
            "referred_by_id": np.array([np.nan, 1.0]),
            "churned_on": np.array(["NaT", "2025-06-30"], dtype="datetime64[D]"),
        })
        bulk_insert(conn, models.ServiceTicket.__table__, {
            "id": [1], "customer_id": [2], "category": ["repair"], "channel": ["phone"],
            "opened_at": np.array(["2024-03-01T08:15:30"], dtype="datetime64[s]"),
            "first_response_at": np.array(["NaT"], dtype="datetime64[s]"),
            "promised_at": np.array(["2024-03-04T08:15:30"], dtype="datetime64[s]"),
            "csat": np.array([np.nan]), "handling_cost": np.array([99.99]),
        })
    with Session(engine) as session:
        customers = session.exec(select(models.Customer).order_by(models.Customer.id)).all()
        ticket = session.exec(select(models.ServiceTicket)).one()
        return customers, ticket


def assert_round_trip(customers, ticket):
    assert customers[0].acquired_on == date(2024, 1, 31)
    assert customers[0].acquisition_cost == Decimal("1234.56")
    assert customers[1].acquisition_cost == Decimal("0.30")
    assert customers[0].churned_on is None and customers[1].churned_on == date(2025, 6, 30)
    assert customers[1].referred_by_id == 1 and customers[0].referred_by_id is None
    assert ticket.opened_at == datetime(2024, 3, 1, 8, 15, 30, tzinfo=UTC)
    assert ticket.first_response_at is None and ticket.csat is None
    assert ticket.handling_cost == Decimal("99.99")


def test_round_trip_on_sqlite(sqlite_engine):
    assert_round_trip(*load_and_read(sqlite_engine))


@pytest.mark.postgres
def test_round_trip_on_postgresql(postgres_url):
    engine = db.get_engine(postgres_url)
    db.create_schema(engine)
    assert_round_trip(*load_and_read(engine))
    engine.dispose()
