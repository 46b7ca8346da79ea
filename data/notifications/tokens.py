"""Signed one-click unsubscribe links: a token works once, and only for the person it names.

A token is ``u1.<user id>.<channel>.<nonce>.<signature>``, the signature an HMAC-SHA256 over the rest with the
notification secret: ``NOTIFY_SECRET`` from the environment (at least 32 characters), else one generated once and
kept in the private ``app_setting`` table (so the worker and every app process share it). Each use has its own key
derived from it (``purpose_key``: HMAC-SHA256 of the purpose's name), so a webhook receiver, who holds the webhook
key, cannot sign an unsubscribe link. Following a token records its nonce (``notification_token_used``), so a second use
does nothing; the token names its person, so it can unsubscribe nobody else, and changing any part breaks the
signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from data.kept_secrets import kept_secret
from data.models import AppUser
from data.notifications import subscriptions
from data.notifications.models import UsedToken

SECRET_ENV = "NOTIFY_SECRET"
SECRET_KEY = "notify_secret"
MIN_SECRET = 32
_VERSION = "u1"


class Unsubscribed(StrEnum):
    DONE = "done"
    USED = "used"  # followed before: nothing changed
    INVALID = "invalid"  # not signed by us, altered, or of an account that is gone


def secret(*, session: Session) -> bytes:
    """``NOTIFY_SECRET``, else the one kept in ``app_setting`` (made on first use; commits ``session``)."""
    return kept_secret(session=session, env=SECRET_ENV, setting=SECRET_KEY, minimum=MIN_SECRET)


def purpose_key(key: bytes, purpose: str) -> bytes:
    """The key of one use of the notification secret: ``webhook`` or ``unsubscribe``."""
    return hmac.new(key, purpose.encode(), hashlib.sha256).digest()


def sign(payload: bytes, key: bytes) -> str:
    """The hex HMAC-SHA256 of ``payload`` with the webhook key (sent as ``X-Signature: sha256=<hex>``)."""
    return hmac.new(purpose_key(key, "webhook"), payload, hashlib.sha256).hexdigest()


def _mac(payload: str, key: bytes) -> str:
    digest = hmac.new(purpose_key(key, "unsubscribe"), payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def issue(*, user_id: int, channel: str, key: bytes, nonce: str | None = None) -> str:
    """An unsubscribe token for ``user_id``'s ``channel``; ``nonce`` makes each message's token its own."""
    nonce = nonce or secrets.token_urlsafe(12)
    nonce = hashlib.sha256(nonce.encode()).hexdigest()[:32]
    payload = f"{_VERSION}.{int(user_id)}.{channel}.{nonce}"
    return f"{payload}.{_mac(payload, key)}"


def verify(token: str, *, key: bytes) -> tuple[int, str, str] | None:
    """(user id, channel, nonce) of a token whose signature holds, else ``None``."""
    payload, _, signature = (token if isinstance(token, str) else "").strip().rpartition(".")
    if not payload or not hmac.compare_digest(_mac(payload, key).encode(), signature.encode()):
        return None
    parts = payload.split(".")
    if len(parts) != 4 or parts[0] != _VERSION or parts[2] not in subscriptions.CHANNELS:
        return None
    try:
        return int(parts[1]), parts[2], parts[3]
    except ValueError:
        return None


def unsubscribe(*, session: Session, token: str, now: datetime) -> tuple[Unsubscribed, str | None]:
    """Follow an unsubscribe link: the person it names receives nothing more by its channel (audited). Commits.
    Returns what happened and the e-mail of the person the token names."""
    claim = verify(token, key=secret(session=session))
    if claim is None:
        return Unsubscribed.INVALID, None
    user_id, channel, nonce = claim
    user = session.get(AppUser, user_id)
    if user is None:
        return Unsubscribed.INVALID, None
    email = user.email
    if session.get(UsedToken, nonce) is not None:
        return Unsubscribed.USED, email
    try:
        session.add(UsedToken(nonce=nonce, user_id=user_id, used_at=now))
        session.flush()
    except IntegrityError:  # followed twice at the same moment: the other one counts
        session.rollback()
        return Unsubscribed.USED, email
    subscriptions.unsubscribe(session=session, user=user, channel=channel, actor=user.email, now=now)
    session.commit()
    return Unsubscribed.DONE, email
