"""Decisions of the monthly review: text, owner, due date, the KPI or initiative it concerns, status and outcome.

Recorded by executives and admins (who chair the review); a decision's outcome and status are set by them or by
its owner (any role but the marketers', who read). Validated, then audited in the same unit of work.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from data.accounts import Role, audit
from data.initiatives.edits import EDIT_ANY, Editor, InitiativeEditError, email_or_blank, now_utc, text
from data.initiatives.models import Decision, Initiative
from data.review.checkins import month_start  # one rule for a period's month

STATUSES = ("open", "done", "dropped")
READ_ONLY = frozenset({Role.MARKETER})


@dataclass(frozen=True)
class Recorded:
    """A decision as read (detached from any session)."""

    id: int
    period: date
    text: str
    owner: str
    due: date | None
    kpi_id: str | None
    initiative_id: int | None
    status: str
    outcome: str
    recorded_by: str


def _recorded(row: Decision) -> Recorded:
    return Recorded(row.id, row.period, row.text, row.owner, row.due, row.kpi_id, row.initiative_id, row.status,
                    row.outcome, row.recorded_by)


def may_record(role: str | None) -> bool:
    return role in EDIT_ANY


def may_settle(*, role: str | None, email: str | None, owner: str | None) -> bool:
    """Whether an account may set a decision's outcome and status."""
    if role in EDIT_ANY:
        return True
    mine = (email or "").strip().lower()
    return role is not None and role not in READ_ONLY and bool(mine) and mine == (owner or "").strip().lower()


def record(*, session: Session, editor: Editor, period: date, text_: str, owner: str, due: date | None,
           kpi_id: str | None, initiative_id: int | None, known_kpis: Collection[str],
           now: datetime | None = None) -> Decision:
    """Record a decision of the review of ``period``'s month."""
    if not may_record(editor.role):
        raise InitiativeEditError("decision", "not_permitted")
    if kpi_id and kpi_id not in known_kpis:
        raise InitiativeEditError("kpi", "unknown_kpi", kpi_id)
    if initiative_id is not None and session.get(Initiative, initiative_id) is None:
        raise InitiativeEditError("initiative", "unknown_initiative", initiative_id)
    if due is not None and due < month_start(period):
        raise InitiativeEditError("due", "due_before_meeting", due)
    row = Decision(period=month_start(period), text=text(text_, "decision"), owner=email_or_blank(owner, "owner"),
                   due=due, kpi_id=kpi_id or None, initiative_id=initiative_id, recorded_by=editor.email,
                   recorded_at=now or now_utc())
    session.add(row)
    session.flush()
    audit(session=session, actor=editor.email, action="decision_record",
          detail=f"decision {row.id} of {row.period:%Y-%m}: owner {row.owner or '-'}, due {due or '-'}")
    return row


def settle(*, session: Session, editor: Editor, decision_id: int, status: str, outcome: str,
           now: datetime | None = None) -> Decision:
    """Set a decision's status and outcome (the review after it asks what came of it)."""
    row = session.get(Decision, decision_id)
    if row is None:
        raise InitiativeEditError("decision", "unknown_decision", decision_id)
    if not may_settle(role=editor.role, email=editor.email, owner=row.owner):
        raise InitiativeEditError("decision", "not_permitted", decision_id)
    if status not in STATUSES:
        raise InitiativeEditError("status", "unknown_code", status)
    row.status, row.outcome = status, text(outcome, "outcome", required=False)
    row.updated_by, row.updated_at = editor.email, now or now_utc()
    session.add(row)
    audit(session=session, actor=editor.email, action="decision_settle",
          detail=f"decision {decision_id}: {status}")
    return row


def of_period(session: Session, period: date) -> list[Recorded]:
    """The decisions recorded in the review of ``period``'s month, oldest first."""
    return [_recorded(row) for row in session.exec(select(Decision).where(Decision.period == month_start(period))
                                                   .order_by(col(Decision.id))).all()]


def before(session: Session, period: date) -> list[Recorded]:
    """The decisions of the last review held before ``period``'s month (empty when there was none)."""
    last = session.exec(select(Decision.period).where(Decision.period < month_start(period))
                        .order_by(col(Decision.period).desc()).limit(1)).first()
    return [] if last is None else of_period(session, last)
