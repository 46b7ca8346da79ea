"""Who owns each objective and KPI (an account and a deputy): read, validated edits, every change audited.

An objective may have the same id as a KPI (``crm_adoption``), so an item is (kind, id). The catalogue of KPIs and
objectives lives in ``metrics``, above this layer: callers pass the items that may be owned (``known``); an owner
or deputy must be an active account."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from data.accounts import AccountError, Role, audit, normalise_email
from data.models import AppUser
from data.review.models import ItemOwner

KINDS = ("kpi", "objective")


@dataclass(frozen=True)
class Owner:
    item_id: str
    kind: str  # kpi | objective
    owner: str | None  # an account's e-mail
    deputy: str | None


EDITORS = frozenset({Role.EXECUTIVE.value, Role.ADMIN.value})  # who sets owners (Scorecard settings)


class OwnerError(ValueError):
    """A refused owner edit: ``item`` names the row, ``code`` the problem (a text key ``review_err_<code>``)."""

    def __init__(self, item: str, code: str, value: str = "") -> None:
        super().__init__(f"{item}: {code} {value}".strip())
        self.item, self.code, self.value = item, code, value


def all_owners(session: Session) -> dict[tuple[str, str], Owner]:
    """(kind, id) -> owner and deputy, for every owned objective and KPI. An account that was disabled (someone who
    left; the demo's people once a company's data is imported) no longer owns anything: it is left out."""
    active = set(active_accounts(session))
    out = {}
    for row in session.exec(select(ItemOwner)).all():
        owner, deputy = (e if e in active else None for e in (row.owner, row.deputy))
        if owner or deputy:
            out[(row.kind, row.item_id)] = Owner(row.item_id, row.kind, owner, deputy)
    return out


def owners(session: Session, kind: str = "kpi") -> dict[str, Owner]:
    """KPI id (``kind`` "objective": objective id) -> its owner and deputy; items nobody owns are absent."""
    return {item: found for (k, item), found in all_owners(session).items() if k == kind}


def owned_by(session: Session, email: str | None) -> list[Owner]:
    """The objectives and KPIs ``email`` owns or stands in for as deputy."""
    email = (email or "").strip().lower()
    return [o for o in all_owners(session).values() if email and email in (o.owner, o.deputy)]


def active_accounts(session: Session) -> list[str]:
    """The e-mails an item may be given to (active accounts), sorted."""
    return sorted(session.exec(select(AppUser.email).where(col(AppUser.active).is_(True))).all())


def _account(item: str, email: str | None, accounts: set[str]) -> str | None:
    if email is None or not str(email).strip():
        return None
    try:
        email = normalise_email(str(email))
    except AccountError:
        raise OwnerError(item, "not_an_email", str(email)) from None
    if email not in accounts:
        raise OwnerError(item, "no_account", email)
    return email


def check(session: Session, rows: list[dict], known: Collection[tuple[str, str]]) -> list[dict]:
    """The rows (kind, item_id, owner, deputy) normalised, or :class:`OwnerError` for the first that cannot be
    saved. ``known``: the (kind, id) items that may be owned."""
    accounts = set(active_accounts(session))
    out = []
    for row in rows:
        kind, item = str(row.get("kind") or ""), str(row.get("item_id") or "")
        if (kind, item) not in known:
            raise OwnerError(item or "?", "unknown_item", f"{kind} {item}".strip())
        owner = _account(item, row.get("owner"), accounts)
        deputy = _account(item, row.get("deputy"), accounts)
        if owner is not None and owner == deputy:
            raise OwnerError(item, "deputy_is_owner", owner)
        out.append({"kind": kind, "item_id": item, "owner": owner, "deputy": deputy})
    return out


def save(*, session: Session, rows: list[dict], known: Collection[tuple[str, str]], actor: str,
         source: str = "editor") -> int:
    """Store the owners and deputies of ``rows`` that changed, each change audited (``owner_set``); nothing is
    written when a row is refused (:class:`OwnerError`). Returns how many items changed."""
    acting = session.exec(select(AppUser).where(AppUser.email == actor)).first()
    if acting is None or not acting.active or acting.role not in EDITORS:  # the page checks too; this is the rule
        raise OwnerError(actor, "not_allowed", actor)
    checked = check(session, rows, known)
    now = datetime.now(UTC)
    changed = 0
    for row in checked:
        stored = session.get(ItemOwner, (row["kind"], row["item_id"]))
        before = (None, None) if stored is None else (stored.owner, stored.deputy)
        if before == (row["owner"], row["deputy"]):
            continue
        if stored is None:
            stored = ItemOwner(kind=row["kind"], item_id=row["item_id"], updated_by=actor, updated_at=now)
        stored.owner, stored.deputy = row["owner"], row["deputy"]
        stored.updated_by, stored.updated_at = actor, now
        session.add(stored)
        audit(session=session, actor=actor, action="owner_set", at=now,
              detail=f"{row['kind']} {row['item_id']}: owner {before[0] or '-'} -> {row['owner'] or '-'}, "
                     f"deputy {before[1] or '-'} -> {row['deputy'] or '-'} ({source})")
        changed += 1
    session.flush()
    return changed
