"""Who is signed in and with which role: the one answer for the whole app (issue 12).

Identity comes from, in this order:

1. Streamlit's own sign-in (``st.login``, OpenID Connect) when ``.streamlit/secrets.toml`` has an
   ``[auth]`` section: ``st.user.is_logged_in`` and the e-mail claim, read from Streamlit's signed
   identity cookie. The ID token's expiry (``exp``) is checked on every run: Streamlit does not.
2. An authenticating reverse proxy, when ``server.trustedUserHeaders`` maps a header to ``email``
   (e.g. ``{"X-Forwarded-Email": "email"}``): the proxy must drop that header from clients' requests.
3. Local accounts: e-mail and password checked against the Argon2id hash in ``app_user``; the
   signed-in e-mail is kept in this session's state (server side), and across reloads in a signed, expiring
   cookie (``data.sessions``; read and written by ``dashboard.access.remember``).

The sign-in, first-run and no-access screens are ``dashboard.access.signin``.

Whatever the source, the e-mail must belong to an active account in the database, whose role decides
what may be opened (``dashboard.core.roles``), edited, and whether customer contact data is shown unmasked.
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import streamlit as st
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

from dashboard import cache
from dashboard.core import roles
from data import accounts, db

EMAIL_KEY = "auth_email"  # session state of a local (password or demo) sign-in
METHOD_KEY = "auth_method"
RECORDED_KEY = "auth_recorded"  # the e-mail whose OpenID / proxy sign-in this session has audited
EXPIRED_KEY = "auth_expired"
VERSION_KEY = "auth_session_version"  # the account's session version when this local sign-in began


@dataclass(frozen=True)
class Identity:
    email: str
    role: str
    method: str  # oidc | proxy | password | demo
    version: int = 0  # the account's session version (``data.sessions``)


_LOG = logging.getLogger(__name__)
# A DATABASE_URL that cannot be parsed, or names a driver that is not installed, fails before any connection.
CONFIG_ERRORS = (ArgumentError, ValueError, ImportError)
_RUN_IDENTITY: ContextVar[Identity | None] = ContextVar("run_identity", default=None)


def oidc_settings() -> dict | None:
    """The ``[auth]`` section of ``.streamlit/secrets.toml`` when there is one."""
    try:
        if "auth" in st.secrets:
            return dict(st.secrets["auth"])
    except Exception:
        return None
    return None


def proxy_header_mode() -> bool:
    """True when ``server.trustedUserHeaders`` maps a proxy header to ``email``."""
    mapping = st.get_option("server.trustedUserHeaders") or {}
    return "email" in dict(mapping).values()


def oidc_provider(settings: dict) -> str | None:
    named = [key for key, value in settings.items() if isinstance(value, dict)]
    return named[0] if named and "client_id" not in settings else None


def _user() -> dict:
    try:
        return st.user.to_dict()
    except Exception:
        return {}


def claimed_email() -> tuple[str | None, str]:
    """The e-mail this session presents and how (``oidc``, ``proxy``, ``password``, ``demo``); not yet checked
    against the accounts."""
    user = _user()
    if user.get("is_logged_in"):
        return (str(user.get("email") or "") or None), "oidc"
    if proxy_header_mode() and user.get("email"):
        return str(user["email"]), "proxy"
    email = st.session_state.get(EMAIL_KEY)
    if email:
        return email, st.session_state.get(METHOD_KEY, "password")
    return None, ""


def expired() -> bool:
    exp = _user().get("exp")
    try:
        return exp is not None and float(exp) < time.time()
    except (TypeError, ValueError):
        return True


def prepare() -> None:
    """The account tables ready (once per process and database: ``dashboard.cache.accounts_ready``)."""
    cache.accounts_ready(cache.engine().url.render_as_string(hide_password=True))


def lookup(email: str, method: str) -> Identity | None:
    """The identity of an active account with this e-mail, else ``None``."""
    with db.session_scope(cache.engine()) as session:
        user = accounts.get_user(session=session, email=email)
        if user is None or not user.active:
            return None
        return Identity(email=user.email, role=user.role, method=method, version=user.session_version or 0)


@contextmanager
def running_as(identity: Identity) -> Iterator[None]:
    """This run's identity, as the sign-in gate found it at the start of the run (``dashboard.core.guard.frame``):
    one account lookup per run."""
    token = _RUN_IDENTITY.set(identity)
    try:
        yield
    finally:
        _RUN_IDENTITY.reset(token)


def framed_identity() -> Identity | None:
    """The identity the sign-in gate found at the start of this run, or ``None`` outside a framed run (a
    fragment's rerun, a download built on click)."""
    return _RUN_IDENTITY.get()


def current() -> Identity | None:
    """Who is this and what role: an active account, or ``None`` (not signed in, no access, expired). In a run
    inside the frame, what the gate found; else (a fragment's rerun, a page script run on its own) looked up."""
    identity = _RUN_IDENTITY.get()
    if identity is not None:
        return identity
    email, method = claimed_email()
    if email is None or (method == "oidc" and expired()):
        return None
    try:
        prepare()
        return lookup(email, method)
    except (OperationalError, ProgrammingError, *CONFIG_ERRORS):
        return None


def role() -> str | None:
    identity = current()
    return identity.role if identity else None


def audit(action: str, detail: str = "") -> None:
    """Record an event by the signed-in person (imports, target changes, program edits, exports...)."""
    audit_as(claimed_email()[0], action, detail)


def audit_as(email: str | None, action: str, detail: str = "") -> None:
    """Record an event by ``email``; for work done outside the script run, e.g. a download built on click
    (capture ``claimed_email()[0]`` when drawing the button)."""
    with db.session_scope(cache.engine()) as session:
        accounts.audit(session=session, actor=email or "anonymous", action=action, detail=detail)


class AccessRevoked(PermissionError):
    """The account that asked for this was disabled, removed or given another role since: nothing is done."""


def still_allowed(email: str | None, role: str | None) -> bool:
    """Whether ``email`` is, right now in the database, an active account with ``role``: for work done outside a
    run (a download built on click), which the run's sign-in check does not cover."""
    if not email or not role:
        return False
    try:
        prepare()
        identity = lookup(email, "")
    except (OperationalError, ProgrammingError, *CONFIG_ERRORS):
        return False
    return identity is not None and identity.role == role


def checked(who: str | None, role: str | None, action: str) -> None:
    """Raise :class:`AccessRevoked` unless ``who`` still holds ``role`` (see :func:`still_allowed`)."""
    if not still_allowed(who, role):
        _LOG.warning("refused %s for %s: the account is no longer active as %s", action, who, role)
        raise AccessRevoked(f"{action}: {who} is no longer an active {role}")


def can_edit_program() -> bool:
    identity = current()
    return identity is not None and identity.role in roles.PROGRAM_EDITORS


def can_edit_targets() -> bool:
    identity = current()
    return identity is not None and identity.role in roles.TARGET_EDITORS


def sessions_ended(identity: Identity) -> bool:
    """Whether the account's sessions were ended (a sign-out elsewhere, a new password) since this local sign-in
    began; the first run after a sign-in notes the version it began with."""
    if identity.method not in ("password", "demo"):
        return False
    return st.session_state.setdefault(VERSION_KEY, identity.version) != identity.version


def forget_local() -> None:
    """Forget this session's local sign-in."""
    for key in (EMAIL_KEY, METHOD_KEY, RECORDED_KEY, VERSION_KEY):
        st.session_state.pop(key, None)
