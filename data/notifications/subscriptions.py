"""Who receives what: each person's subscriptions, or the defaults of their role when they set none.

Defaults (so a new installation and the demo send something): executives every red KPI and a weekly digest by
e-mail; admins every alert (the refresh's failures too); everyone else the alerts of the KPIs they own. A person
with any stored row has only their stored rows (an unsubscribed one is stored with nothing chosen).
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from data.accounts import Role, audit
from data.models import AppUser
from data.notifications.alerts import ADMIN_KINDS
from data.notifications.models import AlertEvent, Subscription

SCOPES = ("none", "own", "red", "all")  # which alerts: none, those of my KPIs, every red KPI, every alert
DIGESTS = ("none", "weekly", "monthly")
CHANNELS = ("email", "webhook")
WEBHOOK_KINDS = ("generic", "wecom", "dingtalk", "feishu")
LANGS = ("en", "zh")
RED_KINDS = frozenset({"kpi_red", "no_initiative"})  # what "every red KPI" covers


class SubscriptionError(ValueError):
    """A subscription that cannot be saved; the message says which field and why."""


def default_for(user: AppUser, *, now: datetime) -> Subscription:
    """The subscription a person has until they set their own (not stored: ``id`` is None)."""
    alerts, digest = {Role.EXECUTIVE.value: ("red", "weekly"), Role.ADMIN.value: ("all", "none")}.get(
        user.role, ("own", "none"))
    return Subscription(user_id=user.id, channel="email", alerts=alerts, digest=digest, lang="en", updated_at=now)


def of_user(*, session: Session, user: AppUser, now: datetime) -> list[Subscription]:
    """The person's subscriptions: their stored rows, else their role's default."""
    stored = list(session.exec(select(Subscription).where(Subscription.user_id == user.id)
                               .order_by(Subscription.channel, col(Subscription.id))))
    return stored or [default_for(user, now=now)]


def effective(*, session: Session, now: datetime) -> list[tuple[AppUser, Subscription]]:
    """Every active person's subscriptions that deliver something."""
    users = session.exec(select(AppUser).where(col(AppUser.active).is_(True)).order_by(AppUser.email)).all()
    return [(user, sub) for user in users for sub in of_user(session=session, user=user, now=now)
            if sub.active and (sub.alerts != "none" or sub.digest != "none")]


def owned_kpis(*, session: Session) -> dict[int, set[str]]:
    """The KPIs each person owns or stands in for as deputy (user id -> KPI ids), from the operating rhythm's
    owners (``data.review.owners``); empty where that is absent."""
    try:
        from data.review import owners as review_owners
    except ImportError:
        return {}
    ids = dict(session.exec(select(AppUser.email, AppUser.id)).all())
    found: dict[int, set[str]] = {}
    for item, owner in review_owners.owners(session).items():
        if getattr(owner, "kind", "kpi") != "kpi":
            continue
        for email in (getattr(owner, "owner", None), getattr(owner, "deputy", None)):
            if email and email in ids:
                found.setdefault(ids[email], set()).add(item)
    return found


def wants(sub: Subscription, user: AppUser, event: AlertEvent, owned: set[str]) -> bool:
    """Whether ``sub`` (of ``user``, who owns ``owned``) receives ``event``."""
    if not sub.active or sub.alerts == "none":
        return False
    if event.kind in ADMIN_KINDS:
        return user.role == Role.ADMIN.value
    if sub.alerts == "all":
        return True
    if sub.alerts == "red":
        return event.kind in RED_KINDS or event.subject in owned
    return event.subject in owned  # own


def check_webhook(url: str | None, kind: str | None) -> tuple[str, str]:
    """The webhook's URL and kind, checked; raises :class:`SubscriptionError` saying what is wrong."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SubscriptionError(f"webhook URL: {url!r} is not an http(s) address")
    if len(url) > 2000:
        raise SubscriptionError("webhook URL: longer than 2,000 characters")
    kind = kind or "generic"
    if kind not in WEBHOOK_KINDS:
        raise SubscriptionError(f"webhook kind: {kind!r} is not one of {', '.join(WEBHOOK_KINDS)}")
    return url, kind


def save(*, session: Session, user: AppUser, channel: str, alerts: str, digest: str, lang: str,
         webhook_url: str | None = None, webhook_kind: str | None = None, active: bool = True, actor: str,
         now: datetime) -> Subscription:
    """Store ``user``'s subscription for ``channel`` (one per channel), audited. A person sets their own; an admin
    sets anyone's; only an admin turns a webhook on (the worker posts to that address from the server's network)."""
    acting = session.exec(select(AppUser).where(AppUser.email == actor)).first()
    is_admin = acting is not None and acting.active and acting.role == Role.ADMIN.value
    if actor != user.email and not is_admin:
        raise SubscriptionError(f"{actor} may not change the notifications of {user.email}")
    for name, value, allowed in (("channel", channel, CHANNELS), ("alerts", alerts, SCOPES),
                                 ("digest", digest, DIGESTS), ("language", lang, LANGS)):
        if value not in allowed:
            raise SubscriptionError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    if channel == "webhook":
        webhook_url, webhook_kind = check_webhook(webhook_url, webhook_kind)
        if active and not is_admin:
            raise SubscriptionError("webhook: only an admin may send notifications to a web address")
    else:
        webhook_url, webhook_kind = None, None
    sub = session.exec(select(Subscription).where(Subscription.user_id == user.id,
                                                  Subscription.channel == channel)).first()
    if sub is None:
        sub = Subscription(user_id=user.id, channel=channel, updated_at=now)
    sub.alerts, sub.digest, sub.lang, sub.active = alerts, digest, lang, active
    sub.webhook_url, sub.webhook_kind, sub.updated_at, sub.updated_by = webhook_url, webhook_kind, now, actor[:320]
    session.add(sub)
    session.flush()
    audit(session=session, actor=actor, action="notify_subscription",
          detail=f"{user.email} {channel}: alerts {alerts}, digest {digest}, {lang}"
                 f"{'' if active else ', off'}")
    return sub


def unsubscribe(*, session: Session, user: AppUser, channel: str, actor: str, now: datetime) -> Subscription | None:
    """Nothing more by ``channel`` for ``user`` (their other channels, if stored, unchanged)."""
    current = next((s for s in of_user(session=session, user=user, now=now) if s.channel == channel), None)
    lang = current.lang if current is not None else "en"
    if channel == "webhook":
        if current is None or current.id is None:  # no webhook stored: nothing to stop, e-mail left as it is
            return current
        return save(session=session, user=user, channel=channel, alerts="none", digest="none", lang=lang,
                    webhook_url=current.webhook_url, webhook_kind=current.webhook_kind, active=False, actor=actor,
                    now=now)
    return save(session=session, user=user, channel="email", alerts="none", digest="none", lang=lang,
                active=False, actor=actor, now=now)
