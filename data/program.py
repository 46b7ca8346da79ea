"""Edits of the CRM program tables (steps, costs, commentary), validated before anything is written.

Each function takes the session explicitly and raises :class:`ProgramEditError` naming the field and
the problem; nothing is written unless every check passes (the caller's session scope commits). An edit raises the
data's generation (:func:`data.locks.bump_generation`) in its own transaction: a refresh that read the program
tables before it is not swapped in (the refresh holding the job lock builds again, ``jobs.refresh.run``).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlmodel import Session

from data import locks, models

STATUSES = ("planned", "in_progress", "done", "on_hold")
COST_CATEGORIES = ("staff", "software", "consulting", "training", "hardware")


class ProgramEditError(ValueError):
    """A rejected edit: ``field`` names what is wrong, ``code`` is a text key, ``values`` fill it."""

    def __init__(self, field: str, code: str, **values: object) -> None:
        super().__init__(f"{field}: {code} {values}" if values else f"{field}: {code}")
        self.field, self.code, self.values = field, code, values


def _check_order(first: date | None, last: date | None, field: str) -> None:
    if first is not None and last is not None and last < first:
        raise ProgramEditError(field, "edit_dates_order", start=first, end=last)


def update_step(*, session: Session, step_id: int, planned_start: date, planned_end: date,
                actual_start: date | None, actual_end: date | None, percent_complete: float, owner: str,
                status: str) -> models.ProgramStep:
    """Change a step's dates, % complete, owner and status."""
    step = session.get(models.ProgramStep, step_id)
    if step is None:
        raise ProgramEditError("step", "edit_unknown_step", step=step_id)
    _check_order(planned_start, planned_end, "planned_end")
    _check_order(actual_start, actual_end, "actual_end")
    if actual_end is not None and actual_start is None:
        raise ProgramEditError("actual_start", "edit_end_without_start")
    if not 0 <= float(percent_complete) <= 100:
        raise ProgramEditError("percent_complete", "edit_percent_range", value=percent_complete)
    if status not in STATUSES:
        raise ProgramEditError("status", "edit_unknown_status", value=status)
    owner = owner.strip()
    if len(owner) > 200:
        raise ProgramEditError("owner", "edit_too_long", limit=200)
    step.planned_start, step.planned_end = planned_start, planned_end
    step.actual_start, step.actual_end = actual_start, actual_end
    step.percent_complete, step.owner, step.status = float(percent_complete), owner, status
    session.add(step)
    _changed(session)
    return step


def _money(value: object, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        raise ProgramEditError(field, "edit_not_a_number", value=value) from None
    if not amount.is_finite():
        raise ProgramEditError(field, "edit_not_a_number", value=value)
    if amount < 0:
        raise ProgramEditError(field, "edit_negative_cost", value=value)
    if amount >= Decimal("1e12"):
        raise ProgramEditError(field, "edit_too_large", value=value)
    return amount


def add_cost(*, session: Session, step_id: int, incurred_on: date, category: str, amount: object) -> models.ProgramCost:
    """Record a cost of a step."""
    if session.get(models.ProgramStep, step_id) is None:
        raise ProgramEditError("step", "edit_unknown_step", step=step_id)
    if category not in COST_CATEGORIES:
        raise ProgramEditError("category", "edit_unknown_category", value=category)
    cost = models.ProgramCost(id=_next_id(session, models.ProgramCost), step_id=step_id, incurred_on=incurred_on,
                              category=category, amount=_money(amount, "amount"))
    session.add(cost)
    _changed(session)
    return cost


def add_comment(*, session: Session, step_id: int | None, written_on: date, author: str,
                text: str) -> models.ProgramComment:
    """Add a dated note of the project team (``step_id`` None: about the whole program)."""
    if step_id is not None and session.get(models.ProgramStep, step_id) is None:
        raise ProgramEditError("step", "edit_unknown_step", step=step_id)
    text, author = text.strip(), author.strip()
    if not text:
        raise ProgramEditError("text", "edit_empty_comment")
    if len(text) > 2000:
        raise ProgramEditError("text", "edit_too_long", limit=2000)
    comment = models.ProgramComment(step_id=step_id, written_on=written_on, author=author[:200] or "-", text=text)
    session.add(comment)
    _changed(session)
    return comment


def _changed(session: Session) -> None:
    """The edit is a change of the data: its generation rises in the edit's own transaction."""
    session.flush()
    locks.bump_generation(session.connection())


def _next_id(session: Session, model) -> int:
    return int(session.scalar(select(func.max(model.id))) or 0) + 1
