"""Who receives what: the defaults of each role, saving (validated, audited), and one-click unsubscribe links that
work once and only for their person."""

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from data import accounts, db
from data.models import AppUser, AuditEvent
from data.notifications import subscriptions, tokens
from data.notifications.models import AlertEvent
from data.notifications.subscriptions import SubscriptionError
from data.notifications.tokens import Unsubscribed

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def user(session, email: str) -> AppUser:
    return accounts.get_user(session=session, email=email)


def effective(engine) -> dict[str, list[tuple[str, str, str]]]:
    with db.session_scope(engine) as session:
        found: dict[str, list] = {}
        for person, sub in subscriptions.effective(session=session, now=NOW):
            found.setdefault(person.email, []).append((sub.channel, sub.alerts, sub.digest))
        return found


def test_defaults_send_executives_red_kpis_and_a_weekly_digest(sqlite_engine, people):
    assert effective(sqlite_engine) == {
        "admin@example.com": [("email", "all", "none")], "boss@example.com": [("email", "red", "weekly")],
        "exec@example.com": [("email", "red", "weekly")], "pm@example.com": [("email", "own", "none")]}


@pytest.mark.parametrize(("kind", "subject", "expected"), [
    ("kpi_red", "revenue", {"exec@example.com", "admin@example.com", "pm@example.com"}),  # pm owns revenue
    ("kpi_red", "churn_rate", {"exec@example.com", "admin@example.com"}),
    ("forecast_risk", "churn_rate", {"admin@example.com"}),  # executives' default: red only
    ("refresh", "store", {"admin@example.com"}),  # the refresh's failures: admins only
])
def test_who_wants_an_event(sqlite_engine, people, kind, subject, expected):
    event = AlertEvent(key=f"{kind}:{subject}", kind=kind, subject=subject, state="x", fired=True, at=NOW)
    owned = {people["pm@example.com"]: {"revenue"}}
    with db.session_scope(sqlite_engine) as session:
        found = {person.email for person, sub in subscriptions.effective(session=session, now=NOW)
                 if subscriptions.wants(sub, person, event, owned.get(person.id, set()))}
    executives = {"exec@example.com", "boss@example.com"}
    assert found == (expected | executives if executives & expected else expected)


def test_a_saved_subscription_replaces_the_defaults_and_is_audited(sqlite_engine, people):
    with db.session_scope(sqlite_engine) as session:
        subscriptions.save(session=session, user=user(session, "exec@example.com"), channel="webhook", alerts="all",
                           digest="monthly", lang="zh", webhook_url="https://qyapi.weixin.qq.com/x?key=1",
                           webhook_kind="wecom", actor="admin@example.com", now=NOW)
    assert effective(sqlite_engine)["exec@example.com"] == [("webhook", "all", "monthly")]
    with db.session_scope(sqlite_engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "notify_subscription")).all()
        assert [e.actor for e in events] == ["admin@example.com"]
        assert "exec@example.com webhook" in events[0].detail


@pytest.mark.parametrize(("fields", "message"), [
    ({"alerts": "loud"}, "alerts: 'loud'"), ({"digest": "daily"}, "digest: 'daily'"),
    ({"lang": "fr"}, "language: 'fr'"), ({"channel": "sms"}, "channel: 'sms'"),
    ({"channel": "webhook", "webhook_url": "ftp://x"}, "webhook URL"),
    ({"channel": "webhook", "webhook_url": "https://x.example", "webhook_kind": "slack"}, "webhook kind"),
])
def test_a_bad_subscription_says_which_field(sqlite_engine, people, fields, message):
    values = {"channel": "email", "alerts": "own", "digest": "none", "lang": "en"} | fields
    with db.session_scope(sqlite_engine) as session, pytest.raises(SubscriptionError, match=message):
        subscriptions.save(session=session, user=user(session, "pm@example.com"), actor="pm@example.com", now=NOW,
                           **values)


def unsubscribe(engine, token: str):
    with db.session_scope(engine) as session:
        return tokens.unsubscribe(session=session, token=token, now=NOW)


def test_an_unsubscribe_link_works_once_and_only_for_its_person(sqlite_engine, people):
    with db.session_scope(sqlite_engine) as session:
        key = tokens.secret(session=session)
    token = tokens.issue(user_id=people["exec@example.com"], channel="email", key=key, nonce="digest:1")
    forged = token.replace(f"u1.{people['exec@example.com']}.", f"u1.{people['boss@example.com']}.")
    assert unsubscribe(sqlite_engine, forged) == (Unsubscribed.INVALID, None)
    assert unsubscribe(sqlite_engine, token) == (Unsubscribed.DONE, "exec@example.com")
    assert unsubscribe(sqlite_engine, token) == (Unsubscribed.USED, "exec@example.com")
    assert unsubscribe(sqlite_engine, "u1.1.email.abc.def") == (Unsubscribed.INVALID, None)
    found = effective(sqlite_engine)
    assert "exec@example.com" not in found  # nothing more for them
    assert found["boss@example.com"] == [("email", "red", "weekly")]  # the other executive untouched
    with db.session_scope(sqlite_engine) as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.actor == "exec@example.com",
                                                     AuditEvent.action == "notify_subscription")).first()


def test_a_token_signed_with_another_key_is_refused(sqlite_engine, people, monkeypatch):
    token = tokens.issue(user_id=people["exec@example.com"], channel="email", key=b"x" * 40)
    assert unsubscribe(sqlite_engine, token) == (Unsubscribed.INVALID, None)
    monkeypatch.setenv(tokens.SECRET_ENV, "short")
    with db.session_scope(sqlite_engine) as session, pytest.raises(ValueError, match="at least 32"):
        tokens.secret(session=session)


def test_only_the_person_or_an_admin_changes_a_subscription_and_only_an_admin_turns_a_webhook_on(sqlite_engine,
                                                                                                   people):
    email = {"channel": "email", "alerts": "own", "digest": "none", "lang": "en"}
    hook = {"channel": "webhook", "alerts": "all", "digest": "none", "lang": "en",
            "webhook_url": "http://169.254.169.254/latest", "webhook_kind": "generic"}
    with db.session_scope(sqlite_engine) as session, pytest.raises(SubscriptionError, match="may not change"):
        subscriptions.save(session=session, user=user(session, "exec@example.com"), actor="pm@example.com", now=NOW,
                           **email)
    with db.session_scope(sqlite_engine) as session, pytest.raises(SubscriptionError, match="only an admin"):
        subscriptions.save(session=session, user=user(session, "pm@example.com"), actor="pm@example.com", now=NOW,
                           **hook)
    with db.session_scope(sqlite_engine) as session:
        subscriptions.save(session=session, user=user(session, "pm@example.com"), actor="pm@example.com", now=NOW,
                           **email)
        subscriptions.save(session=session, user=user(session, "pm@example.com"), actor="admin@example.com",
                           now=NOW, **hook)


def test_the_webhook_key_cannot_sign_an_unsubscribe_link():
    import hashlib
    import hmac

    secret = b"s" * 40
    honest = tokens.issue(user_id=7, channel="email", key=secret)
    assert tokens.verify(honest, key=secret)[:2] == (7, "email")
    webhook_key = hmac.new(secret, b"webhook", hashlib.sha256).digest()  # what a webhook receiver holds
    payload = honest.rpartition(".")[0]
    for key in (webhook_key, secret):
        forged = hmac.new(key, payload.encode(), hashlib.sha256).digest()
        import base64
        token = f"{payload}.{base64.urlsafe_b64encode(forged).rstrip(b'=').decode()}"
        assert tokens.verify(token, key=secret) is None
