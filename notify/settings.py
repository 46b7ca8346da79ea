"""The worker's settings, from the environment: where mail goes (``SMTP_URL``), who it is from, the app's address
for links, and how often the worker runs. Nothing here ever prints a password (:func:`masked`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

SMTP_ENV, FROM_ENV, APP_URL_ENV, INTERVAL_ENV = "SMTP_URL", "SMTP_FROM", "APP_URL", "NOTIFY_INTERVAL_MINUTES"
DEFAULT_APP_URL = "http://localhost:8501"
DEFAULT_INTERVAL = 15  # minutes between two runs of the worker
TRUE = ("1", "true", "yes", "on")


class SettingError(ValueError):
    """A setting that cannot be used; the message names it and never shows a password."""


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    user: str | None
    password: str | None
    starttls: bool
    ssl: bool  # smtps://: TLS from the first byte
    sender: str
    timeout: float = 20.0

    def __repr__(self) -> str:  # never the password, even in a traceback's locals
        return f"Smtp({self.masked})"

    @property
    def masked(self) -> str:
        user = f"{self.user}:***@" if self.user else ""
        flags = "?starttls=1" if self.starttls else ""
        return f"{'smtps' if self.ssl else 'smtp'}://{user}{self.host}:{self.port}{flags}"


def masked(url: str | None) -> str:
    """``url`` with its password replaced by ``***``."""
    if not url:
        return ""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")  # by hand: a password with # / ? is not parsed as one by urlsplit
    user = credentials.partition(":")[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else url


def smtp(url: str | None = None) -> Smtp | None:
    """The SMTP server of ``url`` (default ``SMTP_URL``): ``smtp://user:pass@host:587?starttls=1`` or
    ``smtps://...:465``; ``?from=`` or ``SMTP_FROM`` the sender. ``None`` when none is set."""
    url = url if url is not None else os.environ.get(SMTP_ENV, "")
    if not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise SettingError(f"{SMTP_ENV}: the port of {masked(url)!r} is not a number") from error
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise SettingError(f"{SMTP_ENV}: {masked(url)!r} is not smtp://[user:password@]host[:port][?starttls=1]")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    ssl = parts.scheme == "smtps"
    sender = query.get("from") or os.environ.get(FROM_ENV) or f"crm-scorecard@{parts.hostname}"
    return Smtp(host=parts.hostname, port=port or (465 if ssl else 25),
                user=unquote(parts.username) if parts.username else None,
                password=unquote(parts.password) if parts.password else None,
                starttls=query.get("starttls", "0").lower() in TRUE, ssl=ssl, sender=sender)


def app_url() -> str:
    """The app's address as people reach it (``APP_URL``), for the links in messages."""
    return (os.environ.get(APP_URL_ENV) or DEFAULT_APP_URL).rstrip("/")


def interval_minutes() -> int:
    text = os.environ.get(INTERVAL_ENV, "").strip()
    if not text:
        return DEFAULT_INTERVAL
    if not text.isdigit() or int(text) < 1:
        raise SettingError(f"{INTERVAL_ENV}={text!r}: give a whole number of minutes (1 or more)")
    return int(text)
