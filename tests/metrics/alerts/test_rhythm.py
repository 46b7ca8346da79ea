"""The operating rhythm's alerts: a red KPI no active initiative works on, and a check-in note due or overdue
(written settles it)."""

from datetime import UTC, date, datetime

import pandas as pd
from sqlmodel import Session

from data.initiatives.models import Initiative, InitiativeKpi
from data.review.models import KpiCheckIn
from metrics.alerts import rhythm

CARD = pd.DataFrame([{"id": "revenue", "status": "red", "period": "2026-10"},
                     {"id": "churn_rate", "status": "red", "period": "2026-10"},
                     {"id": "referrals", "status": "green", "period": "2026-10"}])
FORECASTS = pd.DataFrame(columns=["kpi_id", "horizon", "basis", "probability", "flag"])


def states(facts) -> dict[str, tuple[str, bool]]:
    return {f.subject: (f.state, f.alerting) for f in facts}


def test_a_red_kpi_without_an_active_initiative_alerts(sqlite_engine):
    with Session(sqlite_engine) as session:
        session.add(Initiative(id=1, name="Win back", start_on=date(2026, 1, 1), end_on=date(2026, 12, 31),
                               status="active"))
        session.add(Initiative(id=2, name="Over", start_on=date(2025, 1, 1), end_on=date(2025, 12, 31),
                               status="done"))
        session.add(InitiativeKpi(initiative_id=1, kpi_id="revenue"))
        session.add(InitiativeKpi(initiative_id=2, kpi_id="churn_rate"))  # no longer worked on
        session.commit()
        facts = rhythm.initiative_facts(CARD, session=session, data_end=date(2026, 10, 31))
    assert states(facts) == {"revenue": ("covered", False), "churn_rate": ("uncovered", True),
                             "referrals": ("not_red", False)}


def test_a_check_in_is_due_then_overdue_and_written_settles_it(sqlite_engine):
    with Session(sqlite_engine) as session:
        due = rhythm.checkin_facts(CARD, FORECASTS, session=session, period=date(2026, 10, 1),
                                   today=date(2026, 11, 3))
        session.add(KpiCheckIn(kpi_id="revenue", period=date(2026, 10, 1), status="at_risk", author="pm@x.example",
                               written_at=datetime(2026, 11, 20, tzinfo=UTC)))
        session.commit()
        later = rhythm.checkin_facts(CARD, FORECASTS, session=session, period=date(2026, 10, 1),
                                     today=date(2026, 11, 20))
    assert states(due) == {"revenue": ("due:2026-10", True), "churn_rate": ("due:2026-10", True),
                           "referrals": ("none", False)}
    assert states(later) == {"revenue": ("none", False), "churn_rate": ("overdue:2026-10", True),
                             "referrals": ("none", False)}
