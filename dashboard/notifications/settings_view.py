"""The Notifications page's parts: a person's subscription per channel (admins may set anyone's)."""

from datetime import UTC, datetime

import streamlit as st
from sqlmodel import col, select

from dashboard import cache
from dashboard.core import auth
from dashboard.core.i18n import LANGUAGES, t
from dashboard.core.safe import plain
from data import db
from data.accounts import Role
from data.models import AppUser
from data.notifications import subscriptions
from data.notifications.subscriptions import SubscriptionError


def people() -> list[str]:
    """The e-mails whose settings the signed-in person may change: their own; an admin's, everyone's."""
    identity = auth.current()
    if identity is None:
        return []
    if identity.role != Role.ADMIN.value:
        return [identity.email]
    with db.session_scope(cache.engine()) as session:
        return list(session.exec(select(AppUser.email).where(col(AppUser.active).is_(True))
                                 .order_by(AppUser.email)).all())


def person_picker() -> str | None:
    """An admin picks the person (themselves first); everyone else sets their own."""
    emails = people()
    identity = auth.current()
    if identity is None or not emails:
        return None
    if len(emails) == 1:
        return emails[0]
    ordered = [identity.email, *[e for e in emails if e != identity.email]]
    return st.selectbox(t("notify_person"), ordered, key="notify_person")  # options are shown as text


def _current(email: str, channel: str):
    """The person and their subscription for ``channel`` (stored, the role's default, or a blank one), and
    whether anything is stored."""
    now = datetime.now(UTC)
    with db.session_scope(cache.engine()) as session:
        user = session.exec(select(AppUser).where(AppUser.email == email)).first()
        if user is None:
            return None, None, False
        subs = subscriptions.of_user(session=session, user=user, now=now)
        stored = any(s.id is not None for s in subs)
        found = next((s for s in subs if s.channel == channel), None)
        if found is None:
            found = subscriptions.Subscription(user_id=user.id, channel=channel, alerts="none", digest="none",
                                               lang="en", active=False, updated_at=now)
        session.expunge_all()
        return user, found, stored


def subscription_form(email: str) -> None:
    """The form of one channel of ``email``'s subscriptions."""
    # names fixed when drawn: a widget's format function may be called outside the run, where the language is unknown
    channels = {c: t(f"notify_channel_{c}") for c in subscriptions.CHANNELS}
    scopes = {s: t(f"notify_scope_{s}") for s in subscriptions.SCOPES}
    digests = {d: t(f"notify_digest_{d}") for d in subscriptions.DIGESTS}
    kinds = {k: t(f"notify_kind_{k}") for k in subscriptions.WEBHOOK_KINDS}
    channel = st.segmented_control(t("notify_channel"), list(channels), default="email", format_func=channels.get,
                                   key="notify_channel") or "email"
    user, sub, stored = _current(email, channel)
    if user is None:
        return
    if not stored:
        st.caption(t("notify_defaults_apply"))
    with st.form(f"notify_form_{channel}_{email}"):  # keys per person: an admin switching people sees theirs
        active = st.toggle(t("notify_on"), value=bool(sub.active and (sub.alerts != "none" or sub.digest != "none")),
                           key=f"notify_on_{channel}_{email}")
        alerts = st.selectbox(t("notify_alerts"), list(subscriptions.SCOPES),
                              index=list(subscriptions.SCOPES).index(sub.alerts),
                              format_func=scopes.get, key=f"notify_alerts_{channel}_{email}")
        digest = st.selectbox(t("notify_digest"), list(subscriptions.DIGESTS),
                              index=list(subscriptions.DIGESTS).index(sub.digest),
                              format_func=digests.get, key=f"notify_digest_{channel}_{email}")
        language = st.selectbox(t("notify_lang"), list(LANGUAGES), index=list(LANGUAGES).index(sub.lang)
                                if sub.lang in LANGUAGES else 0, format_func=LANGUAGES.get,
                                key=f"notify_lang_{channel}_{email}")
        url, kind = None, None
        if channel == "webhook":
            url = st.text_input(t("notify_webhook_url"), value=sub.webhook_url or "",
                                key=f"notify_webhook_url_{email}",
                                help=t("notify_webhook_help"))
            kind = st.selectbox(t("notify_webhook_kind"), list(kinds), index=list(kinds).index(sub.webhook_kind)
                                if sub.webhook_kind in kinds else 0, format_func=kinds.get,
                                key=f"notify_webhook_kind_{email}")
        submitted = st.form_submit_button(t("notify_save"))
    if submitted:
        save(user_email=email, channel=channel, active=active, alerts=alerts, digest=digest, lang=language, url=url,
             kind=kind)


def save(*, user_email: str, channel: str, active: bool, alerts: str, digest: str, lang: str, url: str | None,
         kind: str | None) -> None:
    identity = auth.current()
    if identity is None or user_email not in people():  # the account or its role changed meanwhile
        st.error(t("notify_refused", reason=plain(user_email)))
        return
    try:
        with db.session_scope(cache.engine()) as session:
            user = session.exec(select(AppUser).where(AppUser.email == user_email)).first()
            subscriptions.save(session=session, user=user, channel=channel, alerts=alerts, digest=digest, lang=lang,
                               webhook_url=url, webhook_kind=kind, active=active, actor=identity.email,
                               now=datetime.now(UTC))
    except SubscriptionError as error:
        st.error(t("notify_refused", reason=plain(error)))
    else:
        st.success(t("notify_saved"))
