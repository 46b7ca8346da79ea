"""Accounts, roles, password hashes and the audit trail (issue 12).

Plain keyword-only functions taking the session explicitly, in the style of the SQLModel template's
``crud.py``; callers own the unit of work (``db.session_scope``). Passwords are stored only as
Argon2id hashes (``argon2-cffi``'s defaults, RFC 9106). Failed sign-ins are rate-limited from the audit
table itself, so the limit holds across every Streamlit process sharing the database, and for e-mails
that have no account as well (nothing tells a caller which e-mails exist).
"""

import functools
import hashlib
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, func, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, col, select

from data import db
from data.models import AppSetting, AppUser, AuditEvent, DatasetInfo


class Role(StrEnum):
    EXECUTIVE = "executive"
    PROJECT = "project"
    MARKETER = "marketer"
    ADMIN = "admin"


ROLES = tuple(r.value for r in Role)
MIN_PASSWORD_LENGTH = 8
MAX_FAILURES = 5  # failed attempts per e-mail within FAILURE_WINDOW before sign-in is refused
FAILURE_WINDOW = timedelta(minutes=15)
# An OpenID or proxy identity arrives with every new browser session (each reload, each tab): one sign-in is
# recorded per account and gap, not one per session.
SIGN_IN_GAP = timedelta(minutes=30)
DEMO_DOMAIN = "demo.example"
DEMO_ACCOUNTS = {role: f"{role}@{DEMO_DOMAIN}" for role in ROLES}

_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
_hasher = PasswordHasher()  # Argon2id, t=3, m=64 MiB, p=4


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the e-mail has no usable hash, so a wrong e-mail costs what a wrong password costs;
    made at the first sign-in, not at import (an Argon2 hash: 0.3 s of every process's start)."""
    return _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message says what and why."""


class Outcome(StrEnum):
    OK = "ok"
    WRONG = "wrong"  # unknown e-mail, wrong password, or no password (OpenID-only): not told apart
    LOCKED = "locked"  # too many failures lately
    INACTIVE = "inactive"  # right password, account disabled


@dataclass(frozen=True)
class SignIn:
    outcome: Outcome
    user: AppUser | None = None
    retry_after: timedelta | None = None  # for LOCKED


def now_utc() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes for aware columns on some paths; they are UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def normalise_email(email: str) -> str:
    """The e-mail trimmed and lower-cased; raises :class:`AccountError` when it is not an e-mail address."""
    cleaned = (email or "").strip().lower()
    if len(cleaned) > 320 or not _EMAIL.match(cleaned):
        raise AccountError(f"not an e-mail address: {email!r}")
    return cleaned


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    return role


def hash_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    return _hasher.hash(password)


def audit(*, session: Session, actor: str, action: str, detail: str = "", at: datetime | None = None) -> AuditEvent:
    """Record one event of the audit trail (added to ``session``; committed with the caller's unit of work)."""
    event = AuditEvent(at=at or now_utc(), actor=(actor or "anonymous")[:320], action=action[:64], detail=detail)
    session.add(event)
    session.flush()
    return event


def get_user(*, session: Session, email: str) -> AppUser | None:
    try:
        email = normalise_email(email)
    except AccountError:
        return None
    return session.exec(select(AppUser).where(AppUser.email == email)).first()


def list_users(*, session: Session) -> list[AppUser]:
    return list(session.exec(select(AppUser).order_by(AppUser.email)).all())


def count_users(*, session: Session, active_admins_only: bool = False) -> int:
    query = select(func.count()).select_from(AppUser)
    if active_admins_only:
        query = query.where(AppUser.role == Role.ADMIN.value, col(AppUser.active).is_(True))
    return session.exec(query).one()


def add_user(*, session: Session, email: str, role: str, password: str | None = None, actor: str) -> AppUser:
    """A new active account; without a password it can sign in only through OpenID Connect or the proxy."""
    email = normalise_email(email)
    check_role(role)
    if get_user(session=session, email=email) is not None:
        raise AccountError(f"an account for {email} already exists")
    user = AppUser(email=email, role=role, password_hash=hash_password(password) if password else None,
                   created_at=now_utc())
    session.add(user)
    session.flush()
    audit(session=session, actor=actor, action="user_add", detail=f"{email} as {role}")
    return user


def _existing(session: Session, email: str) -> AppUser:
    user = get_user(session=session, email=email)
    if user is None:
        raise AccountError(f"no account for {email!r}")
    return user


def _keep_an_admin(session: Session, user: AppUser) -> None:
    if user.role == Role.ADMIN.value and user.active and count_users(session=session, active_admins_only=True) <= 1:
        raise AccountError(f"{user.email} is the last active admin: make another admin first")


def set_role(*, session: Session, email: str, role: str, actor: str) -> AppUser:
    user = _existing(session, email)
    check_role(role)
    if role != user.role:
        if role != Role.ADMIN.value:
            _keep_an_admin(session, user)
        audit(session=session, actor=actor, action="user_role", detail=f"{user.email}: {user.role} -> {role}")
        user.role = role
        session.add(user)
    return user


def set_active(*, session: Session, email: str, active: bool, actor: str) -> AppUser:
    user = _existing(session, email)
    if active != user.active:
        if not active:
            _keep_an_admin(session, user)
        audit(session=session, actor=actor, action="user_enable" if active else "user_disable", detail=user.email)
        user.active = active
        if not active:
            end_sessions(user=user)
        session.add(user)
    return user


def end_sessions(*, user: AppUser) -> None:
    """End every session cookie issued to ``user`` so far (``data.sessions``): on sign-out, when the account is
    disabled and when its password is set. Added to the caller's unit of work."""
    user.session_version = (user.session_version or 0) + 1


def set_password(*, session: Session, email: str, password: str | None, actor: str) -> AppUser:
    """Set (or with ``None`` remove) the password of an account."""
    user = _existing(session, email)
    user.password_hash = hash_password(password) if password else None
    end_sessions(user=user)
    session.add(user)
    audit(session=session, actor=actor, action="user_password", detail=user.email)
    return user


def _recent_failures(session: Session, email: str, since: datetime) -> list[datetime]:
    rows = session.exec(select(AuditEvent.at).where(
        AuditEvent.actor == email, AuditEvent.action == "sign_in_failed", AuditEvent.at > since)).all()
    return sorted(_aware(r) for r in rows)


def _lock_key(email: str) -> int:
    """A signed 64-bit key naming ``email`` for PostgreSQL's advisory locks."""
    return int.from_bytes(hashlib.blake2b(email.encode(), digest_size=8).digest(), "big", signed=True)


def _take_attempt(session: Session, email: str, since: datetime, now: datetime) -> tuple[AuditEvent, list[datetime]]:
    """Take one of the ``MAX_FAILURES`` attempts of ``email`` atomically and commit it, before any password is
    checked: the attempt is recorded as a failure ("checking") and then counted with the others, so parallel
    attempts see each other. PostgreSQL serialises them with a transaction-scoped advisory lock on the e-mail;
    SQLite with its single writer (the insert takes the write lock before the count). Returns the attempt's
    audit event and the failures counted (its own included)."""
    if session.get_bind().dialect.name == "postgresql":
        session.exec(text("SELECT pg_advisory_xact_lock(:key)").bindparams(key=_lock_key(email)))
    attempt = audit(session=session, actor=email, action="sign_in_failed", detail="checking", at=now)
    failures = _recent_failures(session, email, since)
    return attempt, failures


def authenticate(*, session: Session, email: str, password: str, now: datetime | None = None) -> SignIn:
    """Check an e-mail and password, record the attempt in the audit trail and, on success, the sign-in.

    Refused without checking the password once ``MAX_FAILURES`` attempts for that e-mail failed within
    ``FAILURE_WINDOW`` (since its last successful sign-in). The attempt is taken (recorded and committed)
    before the password is checked, so attempts fired in parallel cannot all pass the count: at most
    ``MAX_FAILURES`` reach the check. Commits ``session``.
    """
    now = now or now_utc()
    try:
        email = normalise_email(email)
    except AccountError:
        return SignIn(Outcome.WRONG)
    user = session.exec(select(AppUser).where(AppUser.email == email)).first()
    since = now - FAILURE_WINDOW
    if user is not None and user.last_sign_in_at is not None:
        since = max(since, _aware(user.last_sign_in_at))
    attempt, failures = _take_attempt(session, email, since, now)
    if len(failures) > MAX_FAILURES:
        attempt.action, attempt.detail = "sign_in_refused", "too many failed attempts"
        session.add(attempt)
        session.commit()
        retry = failures[-MAX_FAILURES - 1] + FAILURE_WINDOW - now
        return SignIn(Outcome.LOCKED, retry_after=max(retry, timedelta(seconds=1)))
    session.commit()  # the attempt counts for everyone from now on, whatever happens next
    dummy = _dummy_hash()
    stored = user.password_hash if user is not None and user.password_hash else dummy
    try:
        matched = _hasher.verify(stored, password or "") and stored is not dummy
    except (VerificationError, InvalidHashError):
        matched = False
    if not matched:
        attempt.detail = "password"
        session.add(attempt)
        return SignIn(Outcome.WRONG)
    if not user.active:
        attempt.detail = "account disabled"
        session.add(attempt)
        return SignIn(Outcome.INACTIVE, user)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    attempt.action, attempt.detail = "sign_in", "password"  # the attempt is this sign-in
    session.add(attempt)
    user.last_sign_in_at = now
    session.add(user)
    return SignIn(Outcome.OK, user)


def record_sign_in(*, session: Session, user: AppUser, method: str, now: datetime | None = None) -> None:
    """Stamp the account's last sign-in and audit it (``method``: password, oidc, proxy, demo)."""
    now = now or now_utc()
    user.last_sign_in_at = now
    session.add(user)
    audit(session=session, actor=user.email, action="sign_in", detail=method, at=now)


def record_session_sign_in(*, session: Session, user: AppUser, method: str, now: datetime | None = None) -> bool:
    """For identities signed in elsewhere (OpenID, proxy): record a sign-in unless the account signed in less
    than ``SIGN_IN_GAP`` ago; whether one was recorded."""
    now = now or now_utc()
    last = user.last_sign_in_at
    if last is not None and _aware(last) > now - SIGN_IN_GAP:
        return False
    record_sign_in(session=session, user=user, method=method, now=now)
    return True


def audit_events(*, session: Session, actor: str | None = None, action: str | None = None,
                 since: datetime | None = None, until: datetime | None = None,
                 limit: int = 2000) -> list[AuditEvent]:
    """The newest events first, filtered; ``actor`` matches part of the e-mail, case-insensitively."""
    query = select(AuditEvent)
    if actor:
        query = query.where(func.lower(AuditEvent.actor).contains(actor.strip().lower(), autoescape=True))
    if action:
        query = query.where(AuditEvent.action == action)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    return list(session.exec(query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc()).limit(limit)))


def audit_actions(*, session: Session) -> list[str]:
    return list(session.exec(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all())


def is_demo_only(*, session: Session) -> bool:
    """True while the database holds nothing but the generated demo company (``dataset_info.source``)."""
    if not inspect(session.connection()).has_table(DatasetInfo.__tablename__):
        return False
    row = session.get(DatasetInfo, "source")
    return row is not None and row.value == "demo"


def ensure_demo_accounts(*, session: Session) -> list[str]:
    """One password-less account per role on the demo database (the sign-in screen's "try as" buttons);
    returns the e-mails created. Does nothing on a database that is not the generated demo."""
    if not is_demo_only(session=session):
        return []
    created = []
    for role, email in DEMO_ACCOUNTS.items():
        if get_user(session=session, email=email) is None:
            add_user(session=session, email=email, role=role, actor="system")
            created.append(email)
    return created


def retire_demo_accounts(*, session: Session, actor: str) -> list[str]:
    """Disable the demo's accounts once the database holds a company's data (the first import, which ends the
    demo): their sessions end at their next interaction, as every run checks the account. Returns the e-mails
    disabled. The demo admin is no real admin, so the last-admin rule does not keep it: the company's accounts are
    added with ``python -m data users add``."""
    if is_demo_only(session=session):
        return []
    retired = []
    for user in session.exec(select(AppUser).where(col(AppUser.email).endswith("@" + DEMO_DOMAIN),
                                                   col(AppUser.active).is_(True))).all():
        user.active = False
        session.add(user)
        audit(session=session, actor=actor, action="user_disable", detail=f"{user.email}: the demo ended (import)")
        retired.append(user.email)
    return retired


def prepare_accounts(engine: Engine) -> None:
    """The account, audit and setting tables in a database that predates them (and the accounts' newer columns),
    and the demo's accounts on the demo."""
    SQLModel.metadata.create_all(engine, tables=[AppUser.__table__, AuditEvent.__table__, AppSetting.__table__])
    if "session_version" not in {c["name"] for c in inspect(engine).get_columns(AppUser.__tablename__)}:
        with suppress(DBAPIError):  # another process added it at the same moment
            db.add_missing_columns(engine)
    with Session(engine) as session:
        ensure_demo_accounts(session=session)
        session.commit()
