"""Delivery from the worker's run on a copy of the demo: e-mails to a local SMTP server (the right people, their
language, the red KPIs, the attachment), signed webhooks to a local receiver, a server that is down (pending,
retried, nothing lost), dead letters after N failures, and a password never shown."""

import hashlib
import hmac
import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from data import accounts, db
from data.notifications import outbox, subscriptions, tokens
from metrics.alerts.digest import digest
from metrics.base.store import Store
from notify import deliver, run
from notify.settings import smtp
from tests.notify.conftest import json_body
from tests.postgres_server import free_port

NOW = datetime.now(UTC)
PDF = b"%PDF-1.4 board pack stand-in"
EXECUTIVE, ADMIN = accounts.DEMO_ACCOUNTS["executive"], accounts.DEMO_ACCOUNTS["admin"]


def fake_pack(lang: str) -> bytes:
    return PDF + lang.encode()


def subscribe(url: str, email: str, **fields) -> None:
    engine = db.get_engine(url)
    with db.session_scope(engine) as session:
        accounts.ensure_demo_accounts(session=session)
        user = accounts.get_user(session=session, email=email)
        subscriptions.save(session=session, user=user, actor=accounts.DEMO_ACCOUNTS["admin"], now=NOW,
                           **({"channel": "email", "alerts": "red", "digest": "weekly", "lang": "en"} | fields))
    engine.dispose()


def run_once(url: str, server_url: str | None, now: datetime = NOW) -> run.RunResult:
    engine = db.get_engine(url)
    try:
        return run.run_once(engine, server=smtp(server_url) if server_url else None, use_env_smtp=False, now=now,
                            pack=fake_pack)
    finally:
        engine.dispose()


def red_names(url: str, lang: str) -> list[str]:
    store = Store.for_url(url)
    try:
        return [line.name_zh if lang == "zh" else line.name_en for line in digest(store).red]
    finally:
        store.close()


def test_alerts_and_the_digest_reach_the_right_people_in_their_language(demo_copy, smtp_server):
    box, server_url = smtp_server
    subscribe(demo_copy, EXECUTIVE, lang="zh")
    result = run_once(demo_copy, server_url)
    assert result.code == run.OK, result.lines
    by_person: dict[str, list] = {}
    for recipients, message in box.messages:
        assert len(recipients) == 1
        by_person.setdefault(recipients[0], []).append(message)
    assert {m["X-Idempotency-Key"].split(":")[0] for m in by_person[EXECUTIVE]} == {"alert", "digest"}
    assert [m["X-Idempotency-Key"].split(":")[0] for m in by_person[ADMIN]] == ["alert"]  # every alert, no digest
    digest_mail = next(m for m in by_person[EXECUTIVE] if m["X-Idempotency-Key"].startswith("digest"))
    assert "每周计分卡摘要" in digest_mail["Subject"] and digest_mail["Content-Language"] == "zh-CN"
    text = digest_mail.get_body(("plain",)).get_content()
    html = digest_mail.get_body(("html",)).get_content()
    assert all(name in text for name in red_names(demo_copy, "zh"))
    assert "background:#D55E00" in html  # red, inline
    assert "?unsubscribe=u1." in text and "&lang=zh" in text and digest_mail["List-Unsubscribe"]
    [attachment] = list(digest_mail.iter_attachments())
    assert attachment.get_content_type() == "application/pdf" and attachment.get_content() == PDF + b"zh"
    admin_alert = by_person[ADMIN][0]
    assert admin_alert["Content-Language"] == "en" and "turned red" in admin_alert.get_body(("plain",)).get_content()
    assert not list(admin_alert.iter_attachments())
    sent = len(box.messages)
    again = run_once(demo_copy, server_url)  # nothing changed, nothing due: nothing sent twice
    assert again.code == run.OK and len(box.messages) == sent


def test_webhooks_are_signed_and_shaped_for_the_robots(demo_copy, webhook_receiver, smtp_server):
    received, hook = webhook_receiver
    subscribe(demo_copy, EXECUTIVE, channel="webhook", webhook_url=hook + "?robot=wecom", webhook_kind="wecom")
    subscribe(demo_copy, ADMIN, channel="webhook", alerts="all", digest="none", webhook_url=hook,
              webhook_kind="generic")
    result = run_once(demo_copy, smtp_server[1])
    assert result.code == run.OK, result.lines
    engine = db.get_engine(demo_copy)
    with Session(engine) as session:
        key = tokens.secret(session=session)
    engine.dispose()
    assert len(received) == 3  # the executive's alert and digest, the admin's alert
    for headers, body in received:
        webhook_key = hmac.new(key, b"webhook", hashlib.sha256).digest()  # as the README tells a receiver
        expected = "sha256=" + hmac.new(webhook_key, body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-Signature"], expected)
    shapes = [json_body(body) for _, body in received]
    wecom = [s for s in shapes if s.get("msgtype") == "markdown"]
    generic = [s for s in shapes if "idempotency_key" in s]
    assert len(wecom) == 2 and len(generic) == 1
    assert all(len(s["markdown"]["content"].encode()) <= 4096 for s in wecom)
    assert generic[0]["sections"] and generic[0]["kind"] == "alert"


@pytest.mark.parametrize("kind", ["dingtalk", "feishu"])
def test_the_other_robots_get_their_markdown_shape(kind):
    from notify import channels, render

    rendered = render.Rendered("Subject", (render.Section("Red KPIs", (("red", "Revenue: 1 (target 2)"),)),))
    payload = channels.webhook_payload(kind, rendered, message="alert", key="k", link="http://x")
    if kind == "dingtalk":
        assert payload["msgtype"] == "markdown" and payload["markdown"]["title"] == "Subject"
        assert "Revenue" in payload["markdown"]["text"]
    else:
        assert payload["msg_type"] == "interactive"
        assert payload["card"]["elements"][0]["tag"] == "markdown"


def test_a_down_smtp_server_leaves_alerts_pending_and_they_go_later(demo_copy, smtp_server):
    box, server_url = smtp_server
    down = f"smtp://127.0.0.1:{free_port()}"  # nothing listens there
    first = run_once(demo_copy, down)
    assert first.code == run.FAILED
    engine = db.get_engine(demo_copy)
    with Session(engine) as session:
        rows = outbox.rows(session=session, limit=None)
        assert rows and {r.status for r in rows} == {"pending"}
        assert sum(r.attempts for r in rows) >= 1 and {r.attempts for r in rows} <= {0, 1}  # the rest left untried
        queued = {r.idempotency_key for r in rows}
    later = run_once(demo_copy, server_url, now=NOW + timedelta(minutes=2))  # after the first back-off
    assert later.code == run.OK, later.lines
    with Session(engine) as session:
        assert {r.status for r in outbox.rows(session=session, limit=None)} == {"sent"}
    engine.dispose()
    keys = box.keys()  # an alert e-mail names its first row's key; a digest its own
    assert len(keys) == len(set(keys))  # nothing twice
    assert {k for k in queued if k.startswith("digest")} <= set(keys)
    assert len([k for k in keys if k.startswith("alert")]) == len({k.split(":")[2] for k in queued
                                                                    if k.startswith("alert")})  # one per person


def test_a_dead_letter_after_n_failures_and_the_password_never_shown(demo_copy, caplog):
    password = "s3cret-Passw0rd"
    server = smtp(f"smtp://robot:{password}@127.0.0.1:{free_port()}?starttls=1")
    assert password not in repr(server) and password not in server.masked
    engine = db.get_engine(demo_copy)
    with db.session_scope(engine) as session:
        assert outbox.enqueue_digests(session=session, now=NOW) == 2  # the demo's two executives
        key = tokens.secret(session=session)
    with db.session_scope(engine) as session:
        later = outbox.rows(session=session)[0]
        later.next_attempt_at = NOW + timedelta(days=1)  # one message in this test; the other waits its turn
        session.add(later)
    caplog.set_level(logging.DEBUG)
    moments = [NOW, NOW + timedelta(minutes=1), NOW + timedelta(minutes=4)]
    results = [deliver.deliver(engine, server=server, now=moment, key=key, pack=fake_pack, max_attempts=3)
               for moment in moments]
    assert [(r.failed, r.deferred) for r in results] == [(1, 0), (1, 0), (1, 0)]
    with Session(engine) as session:
        rows = outbox.rows(session=session, limit=None)
    engine.dispose()
    assert sorted((r.status, r.attempts) for r in rows) == [("dead", 3), ("pending", 0)]  # a dead letter after 3
    assert all(password not in (r.last_error or "") for r in rows)
    assert "127.0.0.1" in next(r.last_error for r in rows if r.status == "dead")
    assert all(password not in line for r in results for line in r.messages)
    assert password not in caplog.text


def test_an_unreachable_server_is_tried_once_per_run_the_rest_wait_untried(demo_copy):
    engine = db.get_engine(demo_copy)
    with db.session_scope(engine) as session:
        assert outbox.enqueue_digests(session=session, now=NOW) == 2
        key = tokens.secret(session=session)
    result = deliver.deliver(engine, server=smtp(f"smtp://127.0.0.1:{free_port()}"), now=NOW, key=key,
                             pack=fake_pack)
    with Session(engine) as session:
        attempts = sorted(r.attempts for r in outbox.rows(session=session))
    engine.dispose()
    assert (result.failed, result.deferred, attempts) == (1, 1, [0, 1])
