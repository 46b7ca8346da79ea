"""Deliver the outbox's due rows: an alert message per recipient and channel (the rows of one run grouped), a
digest per row. Each group is claimed, sent and marked in one transaction (``data.notifications.outbox``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from data.notifications import outbox, tokens
from data.notifications.models import AlertEvent, OutboxMessage
from metrics.alerts.digest import Digest
from metrics.alerts.digest import digest as digest_of
from metrics.base.store import Store, StoreMissing
from notify import channels, render
from notify.settings import Smtp, app_url
from notify.texts import t

log = logging.getLogger(__name__)
SETTINGS_PATH = "/notifications"  # the Notifications page (dashboard.core.navigation.NOTIFICATIONS)


@dataclass
class Delivered:
    sent: int = 0  # outbox rows delivered
    failed: int = 0  # rows whose send failed this run (retried later, or dead letters)
    waiting: int = 0  # e-mail rows left pending because no SMTP server is set
    deferred: int = 0  # e-mail rows left pending, untried, after the SMTP server could not be reached this run
    messages: list[str] = field(default_factory=list)  # one line per message, for the command line


@dataclass
class _Context:
    """What messages of one run share: the store's digest and currency, the signing key, the board packs."""

    engine: Engine
    key: bytes
    pack: Callable[[str], bytes | None]
    _digest: Digest | None = None
    _packs: dict[str, bytes | None] = field(default_factory=dict)

    def digest(self) -> Digest:
        if self._digest is None:
            try:
                store = Store.for_url(self.engine.url.render_as_string(hide_password=False))
            except StoreMissing:
                self._digest = Digest(None, None, "CNY", None)
            else:
                try:
                    self._digest = digest_of(store)
                finally:
                    store.close()
        return self._digest

    def board_pack(self, lang: str) -> bytes | None:
        if lang not in self._packs:
            try:
                self._packs[lang] = self.pack(lang)
            except Exception as error:  # a digest without its pack still goes
                log.warning("the board pack (%s) could not be built: %s", lang, error)
                self._packs[lang] = None
        return self._packs[lang]


def board_pack(engine: Engine) -> Callable[[str], bytes | None]:
    """The board pack of the latest complete month in a language (``reports.board_pack.build_pdf``)."""
    def build(lang: str) -> bytes | None:
        from reports import board_pack as pack

        return pack.build_pdf(engine, period=None, lang=lang, filters=None)
    return build


def _groups(rows: list[OutboxMessage]) -> list[list[OutboxMessage]]:
    """Alerts to one recipient by one channel and target go as one message; every digest alone."""
    alerts = sorted((r for r in rows if r.kind == "alert"), key=lambda r: (r.user_id, r.channel, r.target, r.id))
    grouped = [list(g) for _, g in groupby(alerts, key=lambda r: (r.user_id, r.channel, r.target, r.lang))]
    return grouped + [[r] for r in rows if r.kind != "alert"]


def _content(session: Session, rows: list[OutboxMessage], context: _Context) -> tuple[render.Rendered, bool]:
    """The message of ``rows`` and whether it is a digest."""
    first = rows[0]
    if first.kind == "digest":
        cadence = (first.period or "weekly:").split(":")[0]
        return render.digest(context.digest(), first.lang, cadence=cadence), True
    ids = [r.event_id for r in rows if r.event_id is not None]
    events = list(session.exec(select(AlertEvent).where(col(AlertEvent.id).in_(ids)).order_by(AlertEvent.id)))
    return render.alerts(events, first.lang, currency=context.digest().currency), False


def _send(session: Session, rows: list[OutboxMessage], context: _Context, server: Smtp | None) -> str:
    """Send one message for ``rows``; its one-line description."""
    first = rows[0]
    rendered, is_digest = _content(session, rows, context)
    base = app_url()
    if first.channel == "webhook":
        payload = channels.webhook_payload(first.webhook_kind, rendered, message=first.kind,
                                           key=first.idempotency_key, link=base)
        channels.post_webhook(first.target, payload, key=context.key, idempotency_key=first.idempotency_key)
        return f"webhook ({first.webhook_kind or 'generic'}) {first.kind}: {rendered.subject}"
    token = tokens.issue(user_id=first.user_id, channel="email", key=context.key, nonce=first.idempotency_key)
    pack = context.board_pack(first.lang) if is_digest else None
    note = "" if not is_digest else t("pack_attached" if pack else "pack_missing", first.lang)
    period = (context.digest().period or "latest") if is_digest else ""
    unsubscribe = f"{base}/?unsubscribe={token}&lang={first.lang}"
    message = channels.email(rendered, sender=server.sender, to=first.target, key=first.idempotency_key,
                             lang=first.lang, unsubscribe_url=unsubscribe, app_url=base,
                             settings_url=f"{base}{SETTINGS_PATH}", note=note,
                             attachment=(f"board-pack-{period}-{first.lang}.pdf", pack) if pack else None)
    channels.send_email(message, server)
    return f"e-mail to {first.target} ({first.lang}) {first.kind}: {rendered.subject}"


def deliver(engine: Engine, *, server: Smtp | None, now: datetime, key: bytes,
            pack: Callable[[str], bytes | None] | None = None, max_attempts: int = outbox.MAX_ATTEMPTS) -> Delivered:
    """Send every due row; a failed send is retried later with back-off, a dead letter after ``max_attempts``."""
    result = Delivered()
    context = _Context(engine, key, pack or board_pack(engine))
    with Session(engine) as session:
        ids = outbox.due(session=session, now=now)
        rows = list(session.exec(select(OutboxMessage).where(col(OutboxMessage.id).in_(ids)))) if ids else []
        session.expunge_all()
    order = {row_id: n for n, row_id in enumerate(ids)}  # the oldest due first
    rows.sort(key=lambda r: order[r.id])
    unreachable = False
    for group in _groups(rows):
        if group[0].channel == "email" and server is None:
            result.waiting += len(group)
            continue
        if group[0].channel == "email" and unreachable:  # not one more wait on a server that is not there
            result.deferred += len(group)
            continue
        with Session(engine) as session:
            claimed = [row for r in group if (row := outbox.claim(session=session, row_id=r.id, now=now))]
            if not claimed:
                session.rollback()
                continue
            try:
                line = _send(session, claimed, context, server)
            except Exception as error:  # a channel's refusal, or a message that cannot be written
                reason = str(error) if isinstance(error, channels.DeliveryError) else f"{type(error).__name__}: {error}"
                for row in claimed:
                    outbox.mark_failed(session=session, row=row, error=reason, now=now, max_attempts=max_attempts)
                result.failed += len(claimed)
                result.messages.append(f"failed ({len(claimed)} rows): {reason}")
                unreachable = unreachable or (claimed[0].channel == "email"
                                              and getattr(error, "unreachable", False))
            else:
                for row in claimed:
                    outbox.mark_sent(session=session, row=row, now=now)
                result.sent += len(claimed)
                result.messages.append(line)
            session.commit()
    return result
