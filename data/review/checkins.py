"""Check-ins: a KPI's status judgement and note for a month, written by its owner, deputy, an executive or an
admin. Never overwritten: every save adds a version (``review_checkin``), every save is audited, and two sessions
saving at once both keep their version (the later one is the latest; both say which version they started from)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, col, select

from data.accounts import Role, audit
from data.review.models import ItemOwner, KpiCheckIn
from data.review.owners import Owner

STATUSES = ("on_track", "at_risk", "off_track")
VERDICTS = ("confirmed", "rejected")
NOTE_LIMIT = 4000  # characters
# roles that may write any KPI's check-in; everyone else only the KPIs they own or stand in for (issue 20's matrix)
ANY_KPI_ROLES = frozenset({Role.EXECUTIVE, Role.ADMIN})


@dataclass(frozen=True)
class CheckIn:
    id: int
    kpi_id: str
    period: date  # the first day of the month
    version: int  # 1, 2, ... within (kpi, period), in the order saved
    status: str  # on_track | at_risk | off_track
    computed: str | None  # the scorecard's status when it was written: green | amber | red
    note: str
    drivers: tuple[tuple[str, str], ...]  # (upstream KPI id, confirmed | rejected)
    author: str
    written_at: datetime
    based_on: int | None  # the id of the version its writer saw
    parallel: bool = False  # another version was written from the same one (two sessions at once): both kept


class CheckInError(ValueError):
    """A refused check-in: ``field`` names what is wrong, ``code`` the problem (a text key ``review_err_<code>``)."""

    def __init__(self, field: str, code: str, value: str = "") -> None:
        super().__init__(f"{field}: {code} {value}".strip())
        self.field, self.code, self.value = field, code, value


def month_start(day: date | datetime) -> date:
    return date(day.year, day.month, 1)


def may_write(*, role: str | None, email: str | None, owner: Owner | None) -> bool:
    """Whether an account (``role``, ``email``) may write the check-in of a KPI owned by ``owner``."""
    if role in ANY_KPI_ROLES:
        return True
    email = (email or "").strip().lower()
    return bool(email) and owner is not None and email in (owner.owner, owner.deputy)


def _drivers(text: str) -> tuple[tuple[str, str], ...]:
    try:
        items = json.loads(text) if text else []
        return tuple((str(d["kpi_id"]), str(d["verdict"])) for d in items)
    except (ValueError, TypeError, KeyError):
        return ()


def _values(rows: list[KpiCheckIn]) -> list[CheckIn]:
    """Rows of ONE (kpi, period), in id order, as numbered versions."""
    bases = [r.based_on for r in rows]
    return [CheckIn(r.id, r.kpi_id, r.period, n, r.status, r.computed, r.note, _drivers(r.drivers), r.author,
                    r.written_at, r.based_on, parallel=bases.count(r.based_on) > 1)
            for n, r in enumerate(rows, start=1)]


def _grouped(rows: list[KpiCheckIn]) -> dict[tuple[str, date], list[CheckIn]]:
    groups: dict[tuple[str, date], list[KpiCheckIn]] = {}
    for row in sorted(rows, key=lambda r: r.id):
        groups.setdefault((row.kpi_id, row.period), []).append(row)
    return {key: _values(group) for key, group in groups.items()}


def latest_for_period(session: Session, period: date) -> dict[str, CheckIn]:
    """KPI id -> the latest version of its check-in for the month of ``period``."""
    rows = session.exec(select(KpiCheckIn).where(KpiCheckIn.period == month_start(period))).all()
    return {kpi: versions[-1] for (kpi, _), versions in _grouped(list(rows)).items()}


def versions(session: Session, kpi_id: str, period: date) -> list[CheckIn]:
    """Every version of a KPI's check-in for a month, oldest first."""
    rows = session.exec(select(KpiCheckIn).where(KpiCheckIn.kpi_id == kpi_id,
                                                 KpiCheckIn.period == month_start(period))).all()
    return _grouped(list(rows)).get((kpi_id, month_start(period)), [])


def history(session: Session, kpi_ids: list[str] | None = None) -> dict[str, list[CheckIn]]:
    """KPI id -> the latest version of each month's check-in, oldest month first (``kpi_ids``: only those)."""
    query = select(KpiCheckIn)
    if kpi_ids is not None:
        query = query.where(col(KpiCheckIn.kpi_id).in_(kpi_ids))
    out: dict[str, list[CheckIn]] = {}
    for (kpi, _), found in sorted(_grouped(list(session.exec(query).all())).items(), key=lambda kv: kv[0][1]):
        out.setdefault(kpi, []).append(found[-1])
    return out


def save(*, session: Session, kpi_id: str, period: date, status: str, note: str, author: str, role: str | None,
         owner: Owner | None, known: set[str] | frozenset[str], based_on: int | None = None,
         computed: str | None = None, drivers: dict[str, str] | None = None,
         today: date | None = None) -> CheckIn:
    """Add a version of ``kpi_id``'s check-in for the month of ``period`` and audit it (``checkin_save``).

    Refused (:class:`CheckInError`, nothing written) when the account may not write it (:func:`may_write`), the KPI
    is unknown (``known``: the catalogue's ids), the month is in the future, the status is not one of
    :data:`STATUSES`, the note is too long or a driver's verdict is not one of :data:`VERDICTS`."""
    if kpi_id not in known:
        raise CheckInError("kpi", "unknown_item", kpi_id)
    if not may_write(role=role, email=author, owner=owner):
        raise CheckInError("kpi", "not_yours", kpi_id)
    period = month_start(period)
    if period > month_start(today or datetime.now(UTC).date()):
        raise CheckInError("period", "future_period", period.isoformat())
    if status not in STATUSES:
        raise CheckInError("status", "unknown_status", str(status))
    note = (note or "").replace("\r\n", "\n").strip()
    if len(note) > NOTE_LIMIT:
        raise CheckInError("note", "note_too_long", str(NOTE_LIMIT))
    drivers = drivers or {}
    if any(v not in VERDICTS or k not in known for k, v in drivers.items()):
        raise CheckInError("drivers", "unknown_verdict")
    now = datetime.now(UTC)
    row = KpiCheckIn(kpi_id=kpi_id, period=period, status=status, computed=computed, note=note,
                     drivers=json.dumps([{"kpi_id": k, "verdict": v} for k, v in sorted(drivers.items())]),
                     author=(author or "").strip().lower(), written_at=now, based_on=based_on)
    session.add(row)
    session.flush()
    audit(session=session, actor=author, action="checkin_save", at=now,
          detail=f"{kpi_id} {period:%Y-%m}: {status} (version id {row.id}, from {based_on or '-'}), "
                 f"{len(note)} characters")
    found = versions(session, kpi_id, period)
    return next(v for v in found if v.id == row.id)


def ensure_tables(engine: Engine) -> None:
    """The review tables in a database that predates them (a no-op when they exist)."""
    SQLModel.metadata.create_all(engine, tables=[ItemOwner.__table__, KpiCheckIn.__table__])
