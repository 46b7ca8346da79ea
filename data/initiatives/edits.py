"""Edits of initiatives, their milestones, risks and dated updates: validated, permitted, audited in one unit of work.

Who may edit (issue 20's matrix): executives and admins any initiative, the project team the initiatives it owns
(and it may start one only as its owner), marketers none. Every function takes the session and the editor
explicitly, raises :class:`InitiativeEditError` naming the field and the problem before anything is written, and
records an audit event in the same session (the caller's ``session_scope`` commits both or neither).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlmodel import Session, select

from data.accounts import AccountError, Role, audit, normalise_email
from data.initiatives.models import (
    Initiative,
    InitiativeKpi,
    InitiativeMilestone,
    InitiativeObjective,
    InitiativeRisk,
    InitiativeUpdate,
)

STATUSES = ("planned", "active", "on_hold", "done", "cancelled")
LIVE = ("active", "on_hold")  # started and not finished: counts as a KPI's corrective initiative
MILESTONE_STATUSES = ("on_track", "at_risk", "late")
RISK_RATINGS = ("low", "medium", "high")
EDIT_ANY = frozenset({Role.EXECUTIVE, Role.ADMIN})
EDIT_OWN = frozenset({Role.PROJECT})
TEXT_LIMIT = 4000
NAME_LIMIT = 200


class InitiativeEditError(ValueError):
    """A refused edit: ``field`` names what is wrong, ``code`` the problem (text key ``initiatives_err_<code>``)."""

    def __init__(self, field: str, code: str, value: object = "") -> None:
        super().__init__(f"{field}: {code} {value}".strip())
        self.field, self.code, self.value = field, code, value


@dataclass(frozen=True)
class Editor:
    """Who edits: the signed-in account's e-mail and role."""

    email: str
    role: str | None


@dataclass(frozen=True)
class InitiativeFields:
    """What the initiative form edits."""

    name: str
    owner: str
    start: date
    end: date
    budget: object = 0
    actual_cost: object = 0
    percent_complete: float = 0.0
    status: str = "planned"
    description: str = ""
    region: str | None = None
    objectives: tuple[str, ...] = ()
    kpis: tuple[str, ...] = ()


def now_utc() -> datetime:
    return datetime.now(UTC)


def may_edit(*, role: str | None, email: str | None, owner: str | None) -> bool:
    """Whether an account (``role``, ``email``) may edit an initiative owned by ``owner``."""
    if role in EDIT_ANY:
        return True
    mine = (email or "").strip().lower()
    return role in EDIT_OWN and bool(mine) and mine == (owner or "").strip().lower()


def may_start(role: str | None) -> bool:
    """Whether a role may start a new initiative (the project team as its owner)."""
    return role in EDIT_ANY or role in EDIT_OWN


def money(value: object, field: str) -> Decimal:
    """An amount of at most two decimals, 0 or more and below 10^12."""
    try:
        amount = Decimal(str(value).strip() or "0").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        raise InitiativeEditError(field, "not_a_number", value) from None
    if not amount.is_finite():
        raise InitiativeEditError(field, "not_a_number", value)
    if amount < 0:
        raise InitiativeEditError(field, "negative", value)
    if amount >= Decimal("1e12"):
        raise InitiativeEditError(field, "too_large", value)
    return amount


def text(value: str | None, field: str, *, limit: int = TEXT_LIMIT, required: bool = True) -> str:
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise InitiativeEditError(field, "empty")
    if len(cleaned) > limit:
        raise InitiativeEditError(field, "too_long", limit)
    return cleaned


def email_or_blank(value: str | None, field: str) -> str:
    if not (value or "").strip():
        return ""
    try:
        return normalise_email(value or "")
    except AccountError:
        raise InitiativeEditError(field, "not_an_email", value) from None


def _checked(fields: InitiativeFields, known_kpis: Collection[str], known_objectives: Collection[str]) -> dict:
    name = text(fields.name, "name", limit=NAME_LIMIT)
    owner = email_or_blank(fields.owner, "owner")
    if fields.start is None or fields.end is None:
        raise InitiativeEditError("start" if fields.start is None else "end", "empty")
    if fields.end < fields.start:
        raise InitiativeEditError("end", "end_before_start", fields.end)
    try:
        percent = float(fields.percent_complete)
    except (TypeError, ValueError):
        raise InitiativeEditError("percent_complete", "not_a_number", fields.percent_complete) from None
    if not 0 <= percent <= 100:
        raise InitiativeEditError("percent_complete", "percent_range", fields.percent_complete)
    if fields.status not in STATUSES:
        raise InitiativeEditError("status", "unknown_code", fields.status)
    for kpi in fields.kpis:
        if kpi not in known_kpis:
            raise InitiativeEditError("kpis", "unknown_kpi", kpi)
    for objective in fields.objectives:
        if objective not in known_objectives:
            raise InitiativeEditError("objectives", "unknown_objective", objective)
    if not fields.kpis and not fields.objectives:
        raise InitiativeEditError("kpis", "no_links")
    region = text(fields.region, "region", limit=64, required=False) or None
    return dict(name=name, owner=owner, start_on=fields.start, end_on=fields.end, budget=money(fields.budget, "budget"),
                actual_cost=money(fields.actual_cost, "actual_cost"), percent_complete=percent, status=fields.status,
                description=text(fields.description, "description", required=False), region=region)


def _links(session: Session, initiative_id: int, fields: InitiativeFields) -> None:
    for model in (InitiativeKpi, InitiativeObjective):
        for row in session.exec(select(model).where(model.initiative_id == initiative_id)).all():
            session.delete(row)
    session.flush()
    for kpi in dict.fromkeys(fields.kpis):
        session.add(InitiativeKpi(initiative_id=initiative_id, kpi_id=kpi))
    for objective in dict.fromkeys(fields.objectives):
        session.add(InitiativeObjective(initiative_id=initiative_id, objective_id=objective))


def get(session: Session, initiative_id: int) -> Initiative:
    found = session.get(Initiative, initiative_id)
    if found is None:
        raise InitiativeEditError("initiative", "unknown_initiative", initiative_id)
    return found


def _permitted(session: Session, editor: Editor, initiative_id: int) -> Initiative:
    found = get(session, initiative_id)
    if not may_edit(role=editor.role, email=editor.email, owner=found.owner):
        raise InitiativeEditError("initiative", "not_permitted", found.name)
    return found


def create(*, session: Session, editor: Editor, fields: InitiativeFields, known_kpis: Collection[str],
           known_objectives: Collection[str]) -> Initiative:
    """Start an initiative; the project team only as its owner."""
    if not may_start(editor.role):
        raise InitiativeEditError("initiative", "not_permitted")
    values = _checked(fields, known_kpis, known_objectives)
    if editor.role not in EDIT_ANY and values["owner"] != editor.email.strip().lower():
        raise InitiativeEditError("owner", "own_only", values["owner"])
    row = Initiative(**values)
    session.add(row)
    session.flush()
    _links(session, row.id, fields)
    audit(session=session, actor=editor.email, action="initiative_create",
          detail=f"initiative {row.id}: {row.name[:80]}; kpis {', '.join(fields.kpis) or '-'}")
    return row


def update(*, session: Session, editor: Editor, initiative_id: int, fields: InitiativeFields,
           known_kpis: Collection[str], known_objectives: Collection[str]) -> Initiative:
    """Change an initiative's fields and links (an owner who hands it to someone else can no longer edit it)."""
    row = _permitted(session, editor, initiative_id)
    values = _checked(fields, known_kpis, known_objectives)
    for key, value in values.items():
        setattr(row, key, value)
    session.add(row)
    _links(session, initiative_id, fields)
    audit(session=session, actor=editor.email, action="initiative_edit",
          detail=f"initiative {initiative_id}: {values['status']}, {values['percent_complete']:.0f}% complete, "
                 f"owner {values['owner'] or '-'}, kpis {', '.join(fields.kpis) or '-'}")
    return row


def add_milestone(*, session: Session, editor: Editor, initiative_id: int, name: str, due: date,
                  status: str = "on_track", done: bool = False) -> InitiativeMilestone:
    _permitted(session, editor, initiative_id)
    if status not in MILESTONE_STATUSES:
        raise InitiativeEditError("status", "unknown_code", status)
    if due is None:
        raise InitiativeEditError("due", "empty")
    row = InitiativeMilestone(initiative_id=initiative_id, name=text(name, "name", limit=NAME_LIMIT), due=due,
                              status=status, done=bool(done))
    session.add(row)
    session.flush()
    audit(session=session, actor=editor.email, action="initiative_milestone",
          detail=f"initiative {initiative_id}: milestone {row.id} added, due {due}")
    return row


def set_milestone(*, session: Session, editor: Editor, milestone_id: int, status: str, done: bool,
                  due: date | None = None) -> InitiativeMilestone:
    row = session.get(InitiativeMilestone, milestone_id)
    if row is None:
        raise InitiativeEditError("milestone", "unknown_milestone", milestone_id)
    _permitted(session, editor, row.initiative_id)
    if status not in MILESTONE_STATUSES:
        raise InitiativeEditError("status", "unknown_code", status)
    row.status, row.done = status, bool(done)
    if due is not None:
        row.due = due
    session.add(row)
    audit(session=session, actor=editor.email, action="initiative_milestone",
          detail=f"initiative {row.initiative_id}: milestone {milestone_id} {status}, done {bool(done)}")
    return row


def add_risk(*, session: Session, editor: Editor, initiative_id: int, text_: str, rating: str) -> InitiativeRisk:
    _permitted(session, editor, initiative_id)
    if rating not in RISK_RATINGS:
        raise InitiativeEditError("rating", "unknown_code", rating)
    row = InitiativeRisk(initiative_id=initiative_id, text=text(text_, "risk"), rating=rating)
    session.add(row)
    session.flush()
    audit(session=session, actor=editor.email, action="initiative_risk",
          detail=f"initiative {initiative_id}: risk {row.id} ({rating}) added")
    return row


def set_risk(*, session: Session, editor: Editor, risk_id: int, rating: str, open_: bool) -> InitiativeRisk:
    row = session.get(InitiativeRisk, risk_id)
    if row is None:
        raise InitiativeEditError("risk", "unknown_risk", risk_id)
    _permitted(session, editor, row.initiative_id)
    if rating not in RISK_RATINGS:
        raise InitiativeEditError("rating", "unknown_code", rating)
    row.rating, row.open = rating, bool(open_)
    session.add(row)
    audit(session=session, actor=editor.email, action="initiative_risk",
          detail=f"initiative {row.initiative_id}: risk {risk_id} {rating}, open {bool(open_)}")
    return row


def add_update(*, session: Session, editor: Editor, initiative_id: int, text_: str,
               now: datetime | None = None) -> InitiativeUpdate:
    """A dated update: a new row every time, never an overwrite."""
    _permitted(session, editor, initiative_id)
    row = InitiativeUpdate(initiative_id=initiative_id, text=text(text_, "update"), author=editor.email,
                           written_at=now or now_utc())
    session.add(row)
    session.flush()
    audit(session=session, actor=editor.email, action="initiative_update",
          detail=f"initiative {initiative_id}: update {row.id}")
    return row
