"""A signing key from the environment, else one generated once and kept in the private ``app_setting`` table, so
every app process and the worker share it: the session cookies' and the notifications' keys."""

import os
import secrets

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from data.models import AppSetting

MIN_SECRET = 32


class SecretError(ValueError):
    """A secret is set in the environment but too short to sign anything."""


def kept_secret(*, session: Session, env: str, setting: str, minimum: int = MIN_SECRET) -> bytes:
    """``env``'s value (at least ``minimum`` characters), else the one stored under ``setting`` (made on first use;
    when two processes make one at once, the first stored wins and both use it). Commits ``session``."""
    configured = os.environ.get(env, "")
    if configured:
        if len(configured) < minimum:
            raise SecretError(f"{env} has {len(configured)} characters: it needs at least {minimum}")
        return configured.encode()
    stored = session.get(AppSetting, setting)
    if stored is None:
        session.add(AppSetting(key=setting, value=secrets.token_urlsafe(48)))
        try:
            session.commit()
        except IntegrityError:  # another process stored one first
            session.rollback()
        stored = session.get(AppSetting, setting)
    return stored.value.encode()
