"""The Alerts and Notifications pages through AppTest (both languages, admins' extras), and the one-click
unsubscribe link handled before the sign-in gate."""

from pathlib import Path

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from dashboard.core import i18n
from dashboard.core.safe import plain
from data import accounts, db
from data.notifications import tokens
from data.notifications.models import Subscription
from metrics.alerts import cycle
from tests.notify.conftest import demo_copy  # noqa: F401 (the fixture)

ROOT = Path(__file__).resolve().parents[2]
DEMO = accounts.DEMO_ACCOUNTS


def text(key: str, lang: str = "en", **values) -> str:
    entry = i18n.TEXT[key][lang]
    return entry.format(**values) if values else entry


@pytest.fixture
def alerting_demo(demo_copy) -> str:  # noqa: F811
    engine = db.get_engine(demo_copy)
    cycle.run(engine)
    engine.dispose()
    return demo_copy


def run_page(monkeypatch, url: str, path: str, email: str, lang: str = "en") -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / path), default_timeout=90)
    at.user = {"is_logged_in": True, "email": email}
    at.session_state["language"] = lang
    return at.run()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_alerts_page_lists_what_holds_and_its_history(monkeypatch, alerting_demo, lang):
    at = run_page(monkeypatch, alerting_demo, "pages/alerts.py", DEMO["admin"], lang)
    assert not at.exception and not at.error
    assert [s.value for s in at.subheader][:2] == [text("notify_active", lang), text("notify_history", lang)]
    active, history = at.dataframe[0].value, at.dataframe[1].value
    assert text("notify_kind_kpi_red", lang) in set(active[text("notify_kind", lang)])
    assert len(history) >= len(active)
    assert text("notify_outbox", lang) in [s.value for s in at.subheader]  # an admin sees the delivery


def test_the_alerts_page_hides_the_delivery_from_others(monkeypatch, alerting_demo):
    at = run_page(monkeypatch, alerting_demo, "pages/alerts.py", DEMO["marketer"])
    assert not at.exception
    assert text("notify_outbox") not in [s.value for s in at.subheader]


def test_a_person_saves_their_own_subscription(monkeypatch, demo_copy):  # noqa: F811
    at = run_page(monkeypatch, demo_copy, "pages/notifications.py", DEMO["executive"])
    assert not at.exception and not at.error
    assert text("notify_defaults_apply") in [c.value for c in at.caption]
    assert not [s for s in at.selectbox if s.key == "notify_person"]  # only their own
    at.selectbox(key=f"notify_digest_email_{DEMO['executive']}").set_value("monthly")
    at.selectbox(key=f"notify_lang_email_{DEMO['executive']}").set_value("zh")
    next(b for b in at.button if b.label == text("notify_save")).click().run()
    assert not at.exception and [s.value for s in at.success] == [text("notify_saved")]
    engine = db.get_engine(demo_copy)
    with Session(engine) as session:
        user = accounts.get_user(session=session, email=DEMO["executive"])
        [sub] = session.exec(select(Subscription).where(Subscription.user_id == user.id)).all()
        assert (sub.channel, sub.alerts, sub.digest, sub.lang) == ("email", "red", "monthly", "zh")
    engine.dispose()


def test_an_admin_sets_someone_else_s_webhook_and_a_bad_url_is_refused(monkeypatch, demo_copy):  # noqa: F811
    at = run_page(monkeypatch, demo_copy, "pages/notifications.py", DEMO["admin"], "zh")
    assert not at.exception
    at.selectbox(key="notify_person").set_value(DEMO["marketer"]).run()
    at.segmented_control(key="notify_channel").set_value("webhook").run()
    at.toggle(key=f"notify_on_webhook_{DEMO['marketer']}").set_value(True)
    at.text_input(key=f"notify_webhook_url_{DEMO['marketer']}").set_value("not a url")
    next(b for b in at.button if b.label == text("notify_save", "zh")).click().run()
    assert not at.exception and at.error and "webhook URL" in at.error[0].value
    at.text_input(key=f"notify_webhook_url_{DEMO['marketer']}").set_value("https://oapi.dingtalk.com/robot/send?access_token=x")
    at.selectbox(key=f"notify_webhook_kind_{DEMO['marketer']}").set_value("dingtalk")
    next(b for b in at.button if b.label == text("notify_save", "zh")).click().run()
    assert not at.exception and [s.value for s in at.success] == [text("notify_saved", "zh")]
    engine = db.get_engine(demo_copy)
    with Session(engine) as session:
        user = accounts.get_user(session=session, email=DEMO["marketer"])
        [sub] = session.exec(select(Subscription).where(Subscription.user_id == user.id)).all()
        assert (sub.channel, sub.webhook_kind, sub.updated_by) == ("webhook", "dingtalk", DEMO["admin"])
    engine.dispose()
    # switching to another person shows that person's settings, not the form just saved for the marketer
    at.selectbox(key="notify_person").set_value(DEMO["project"]).run()
    assert not at.exception
    assert at.text_input(key=f"notify_webhook_url_{DEMO['project']}").value == ""


def test_the_unsubscribe_link_works_without_signing_in_once(monkeypatch, demo_copy):  # noqa: F811
    engine = db.get_engine(demo_copy)
    with db.session_scope(engine) as session:
        key = tokens.secret(session=session)
        user_id = accounts.get_user(session=session, email=DEMO["executive"]).id
    engine.dispose()
    token = tokens.issue(user_id=user_id, channel="email", key=key, nonce="digest:weekly:2026-W49")
    monkeypatch.setenv("DATABASE_URL", demo_copy)
    outcomes = []
    for _ in range(2):
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=90)
        at.user = {}  # nobody signed in
        at.query_params["unsubscribe"] = token
        at.query_params["lang"] = "zh"
        at.run()
        assert not at.exception
        outcomes.append([m.value for m in (*at.success, *at.info, *at.error)])
    assert outcomes == [[text("notify_unsub_done", "zh", email=plain(DEMO["executive"]))],
                        [text("notify_unsub_used", "zh")]]
