"""The operating rhythm's alerts: a KPI's check-in note due or overdue, and a red KPI with no active initiative.

Read from the system of record (``data.review.checkins``, ``data.initiatives``) beside the default scorecard; the
rule of when a note is due is ``metrics.review.due`` (red, or less than an even chance for the year).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlmodel import Session

from data.initiatives import tables
from data.notifications.alerts import AlertFact
from data.review import checkins
from metrics.initiatives import flags
from metrics.review import due


def _statuses(card: pd.DataFrame) -> dict[str, str]:
    return {r["id"]: r["status"] for r in card.to_dict("records") if r.get("status") in ("green", "amber", "red")}


def checkin_facts(card: pd.DataFrame, forecasts: pd.DataFrame, *, session: Session, period: date,
                  today: date) -> list[AlertFact]:
    """One ``checkin_due`` fact per KPI: state ``due:<month>`` / ``overdue:<month>`` (alerting), else ``none``;
    the month in the state makes next month's note a new alert."""
    written = set(checkins.latest_for_period(session, period))
    notes = due.notes_due(_statuses(card), forecasts, period=period, written=written, today=today)
    month = f"{period:%Y-%m}"
    facts = []
    for kpi_id in card["id"].tolist() if not card.empty else []:
        note = notes.get(kpi_id)
        alerting = note is not None and note.state in ("due", "overdue")
        facts.append(AlertFact("checkin_due", kpi_id, f"{note.state}:{month}" if alerting else "none", alerting,
                               {"period": month, "due_by": note.due_by.isoformat() if note else None,
                                "reasons": list(note.reasons) if note else []}))
    return facts


def initiative_facts(card: pd.DataFrame, *, session: Session, data_end: date) -> list[AlertFact]:
    """One ``no_initiative`` fact per KPI: ``uncovered`` (red, no active initiative: alerting), ``covered`` (red,
    worked on) or ``not_red``; the rule is the overview's (:mod:`metrics.initiatives.flags`), "today" the data's
    last day."""
    found = tables.load(session.get_bind())
    covered = flags.covered_kpis(found.initiatives, found.kpis, found.objectives, today=pd.Timestamp(data_end))
    uncovered = set(flags.red_without_initiative(card, covered))
    facts = []
    for row in card.to_dict("records"):
        red = row.get("status") == "red"
        state = "not_red" if not red else "uncovered" if row["id"] in uncovered else "covered"
        facts.append(AlertFact("no_initiative", row["id"], state, state == "uncovered", {"period": row.get("period")}))
    return facts
