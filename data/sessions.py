"""Signed session cookies: a local sign-in (password or the demo's "try as") that survives a reload (issue 19).

A cookie holds ``v1.<account id>.<method>.<issued at>.<expires at>.<session version>.<signature>``: the signature
is HMAC-SHA256 over the rest with a server secret, so a browser can neither forge nor extend one. It is accepted
while unexpired (``LIFETIME`` after sign-in, not extended by use) and while the account is active with the same
``session_version``: signing out, disabling the account or setting its password raises the version
(``data.accounts.end_sessions``), which ends every cookie issued before.

The secret is ``SESSION_SECRET`` from the environment when set (at least 32 characters); otherwise one is
generated once and kept in the database's private ``app_setting`` table, so every process serving the same
database shares it (a reload may reach another process) and it never reaches the analytical store.
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from data.kept_secrets import SecretError as SecretError  # raised by secret(): callers catch it here
from data.kept_secrets import kept_secret
from data.models import AppUser

COOKIE = "crm_session"
LIFETIME = timedelta(hours=12)
METHODS = ("password", "demo")  # OpenID and the proxy keep their own identity across reloads
SECRET_ENV = "SESSION_SECRET"
SECRET_KEY = "session_secret"
MIN_SECRET = 32
_VERSION = "v1"




@dataclass(frozen=True)
class Claim:
    account_id: int
    method: str
    issued_at: int  # Unix seconds
    expires_at: int
    session_version: int


def secret(*, session: Session) -> bytes:
    """The key that signs session cookies: ``SESSION_SECRET``, else the one kept in ``app_setting``."""
    return kept_secret(session=session, env=SECRET_ENV, setting=SECRET_KEY, minimum=MIN_SECRET)


def _sign(payload: str, key: bytes) -> str:
    digest = hmac.new(key, payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def issue(*, user: AppUser, method: str, key: bytes, now: datetime) -> str:
    """A cookie value for ``user`` signed in by ``method`` (``password`` or ``demo``) at ``now``."""
    if method not in METHODS:
        raise ValueError(f"no session cookie for sign-in by {method!r}")
    issued = int(now.timestamp())
    payload = ".".join(map(str, (_VERSION, user.id, method, issued, issued + int(LIFETIME.total_seconds()),
                                 user.session_version or 0)))
    return f"{payload}.{_sign(payload, key)}"


def verify(token: str, *, key: bytes, now: datetime) -> Claim | None:
    """What a cookie value claims, when its signature holds and it has not expired; else ``None``."""
    payload, _, signature = (token if isinstance(token, str) else "").rpartition(".")
    if not payload or not hmac.compare_digest(_sign(payload, key).encode(), signature.encode()):
        return None
    parts = payload.split(".")
    if len(parts) != 6 or parts[0] != _VERSION or parts[2] not in METHODS:
        return None
    try:
        account, issued, expires, version = (int(parts[i]) for i in (1, 3, 4, 5))
    except ValueError:
        return None
    moment = now.timestamp()
    if not issued - 60 <= moment < expires or expires - issued > LIFETIME.total_seconds():
        return None
    return Claim(account, parts[2], issued, expires, version)


def resolve(*, session: Session, token: str, key: bytes, now: datetime) -> tuple[str, str] | None:
    """The e-mail and sign-in method of a valid cookie: signed, unexpired, of an active account whose sessions
    have not been ended since it was issued; else ``None``."""
    claim = verify(token, key=key, now=now)
    if claim is None:
        return None
    user = session.get(AppUser, claim.account_id)
    if user is None or not user.active or (user.session_version or 0) != claim.session_version:
        return None
    return user.email, claim.method
