"""``SMTP_URL`` read (never showing its password), the worker's schedule, and the messages' texts in both
languages."""

from string import Formatter

import pytest

from data import db
from notify import settings, texts, worker
from notify.settings import SettingError
from tests.postgres_server import free_port


def test_an_smtp_url_gives_its_server_and_hides_the_password(monkeypatch):
    monkeypatch.delenv(settings.FROM_ENV, raising=False)
    server = settings.smtp("smtp://mailer%40corp:p%40ss-w0rd@mail.example.com:587?starttls=1&from=kpi@corp.example")
    assert (server.host, server.port, server.user, server.password, server.starttls, server.ssl, server.sender) == (
        "mail.example.com", 587, "mailer@corp", "p@ss-w0rd", True, False, "kpi@corp.example")
    assert "p@ss" not in repr(server) and "p%40ss" not in repr(server)
    assert server.masked == "smtp://mailer@corp:***@mail.example.com:587?starttls=1"
    assert settings.masked("smtp://u:secret@h:25") == "smtp://u:***@h:25"


@pytest.mark.parametrize(("url", "expected"), [
    ("smtp://127.0.0.1:8025", ("127.0.0.1", 8025, None, False, False)),
    ("smtps://user:pw@mail.example.com", ("mail.example.com", 465, "user", False, True)),
    ("smtp://mail.example.com", ("mail.example.com", 25, None, False, False)),
])
def test_smtp_defaults(url, expected):
    server = settings.smtp(url)
    assert (server.host, server.port, server.user, server.starttls, server.ssl) == expected


@pytest.mark.parametrize("url", ["http://user:pw-secret@host", "smtp://user:pw-secret@host:port"])
def test_a_bad_smtp_url_is_refused_without_its_password(url):
    with pytest.raises(SettingError, match="SMTP_URL") as refused:
        settings.smtp(url)
    assert "pw-secret" not in str(refused.value)


def test_no_smtp_url_is_no_server(monkeypatch):
    monkeypatch.delenv(settings.SMTP_ENV, raising=False)
    assert settings.smtp() is None


def test_the_interval(monkeypatch):
    monkeypatch.setenv(settings.INTERVAL_ENV, "5")
    assert settings.interval_minutes() == 5
    monkeypatch.setenv(settings.INTERVAL_ENV, "often")
    with pytest.raises(SettingError, match="NOTIFY_INTERVAL_MINUTES"):
        settings.interval_minutes()


def test_the_schedule_runs_one_at_a_time_and_a_failed_run_does_not_stop_it():
    engine = db.get_engine(f"postgresql+psycopg://x:y@127.0.0.1:{free_port()}/none?connect_timeout=2")
    schedule = worker.scheduler(engine, minutes=7)
    [job] = schedule.get_jobs()
    assert (job.max_instances, job.coalesce, job.trigger.interval.total_seconds()) == (1, True, 420)
    assert worker.tick(engine) == 3  # the database is unreachable: said, not raised
    engine.dispose()


@pytest.mark.parametrize("key", sorted(texts.TEXT))
def test_every_message_text_has_both_languages(key):
    entry = texts.TEXT[key]
    assert set(entry) == {"en", "zh"} and all(entry.values())
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name}

    assert fields(entry["en"]) == fields(entry["zh"])
