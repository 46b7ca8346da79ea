"""The commands as cron, systemd or a person run them: the done-when check on the demo (each executive receives a
digest naming the red KPIs with the board pack attached), a worker killed mid-run and started again sends nothing
twice, ``--dry-run`` writes and sends nothing, and the exit codes."""

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlmodel import Session, select

from data import db
from data.models import AppUser
from data.notifications import outbox, subscriptions
from metrics.alerts import cycle
from notify import cli
from tests.notify.conftest import add_user
from tests.notify.test_delivery import NOW, red_names
from tests.postgres_server import free_port

ROOT = Path(__file__).resolve().parents[2]


def executives(url: str) -> set[str]:
    engine = db.get_engine(url)
    with Session(engine) as session:
        found = set(session.exec(select(AppUser.email).where(AppUser.role == "executive", AppUser.active)).all())
    engine.dispose()
    return found


def test_on_the_demo_each_executive_gets_a_digest_naming_the_red_kpis_with_the_board_pack(demo_copy, smtp_server,
                                                                                         monkeypatch):
    box, server_url = smtp_server
    monkeypatch.setenv("DATABASE_URL", demo_copy)
    monkeypatch.setenv("SMTP_URL", server_url)
    assert cli.main(["run", "--once"]) == 0
    digests = {recipients[0]: message for recipients, message in box.messages
               if message["X-Idempotency-Key"].startswith("digest:weekly:")}
    assert set(digests) == executives(demo_copy) and len(digests) >= 1
    names = red_names(demo_copy, "en")
    for message in digests.values():
        text = message.get_body(("plain",)).get_content()
        assert all(name in text for name in names), [n for n in names if n not in text]
        [pack] = list(message.iter_attachments())
        assert pack.get_content_type() == "application/pdf" and pack.get_content().startswith(b"%PDF")
        assert "The board pack is attached" in text


def test_dry_run_writes_and_sends_nothing(demo_copy, smtp_server, monkeypatch, capsys):
    box, server_url = smtp_server
    monkeypatch.setenv("SMTP_URL", server_url)
    assert cli.main(["run", "--once", "--dry-run", "--database-url", demo_copy]) == 0
    assert "dry run: nothing sent" in capsys.readouterr().out
    engine = db.get_engine(demo_copy)
    with Session(engine) as session:
        assert outbox.counts(session=session) == {"pending": 0, "sent": 0, "dead": 0}
    engine.dispose()
    assert box.messages == []


def test_an_unreachable_database_exits_3_without_its_password(monkeypatch, capsys):
    monkeypatch.delenv("SMTP_URL", raising=False)
    url = f"postgresql+psycopg://robot:hunter2-secret@127.0.0.1:{free_port()}/nowhere?connect_timeout=2"
    assert cli.main(["run", "--once", "--database-url", url]) == 3
    err = capsys.readouterr().err
    assert "unreachable" in err and "hunter2-secret" not in err


def test_a_bad_smtp_url_exits_2_and_says_so(monkeypatch, capsys):
    monkeypatch.setenv("SMTP_URL", "http://user:pw-secret@host")
    assert cli.main(["run", "--once"]) == 2
    err = capsys.readouterr().err
    assert "SMTP_URL" in err and "pw-secret" not in err


def test_a_worker_killed_mid_run_and_started_again_sends_nothing_twice(demo_copy, smtp_server, monkeypatch):
    box, server_url = smtp_server
    for n in range(3):  # more people, more messages to be in the middle of
        add_user(demo_copy, f"exec{n}@example.com", "executive")
    engine = db.get_engine(demo_copy)
    with db.session_scope(engine) as session:  # alerts only: no board pack to build in the worker
        for user in session.exec(select(AppUser)).all():
            subscriptions.save(session=session, user=user, channel="email", alerts="all", digest="none", lang="en",
                               actor=user.email, now=NOW)
    cycle.run(engine)
    with Session(engine) as session:
        people = {r.user_id for r in outbox.rows(session=session, limit=None)}
    assert len(people) >= 8
    box.delay = 0.7  # each message waits for its acknowledgement
    env = {**os.environ, "DATABASE_URL": demo_copy, "SMTP_URL": server_url, "PYTHONPATH": str(ROOT)}
    worker = subprocess.Popen([sys.executable, "-m", "notify", "run", "--once"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and worker.poll() is None:  # the fourth message handed over, not acknowledged
        if len(box.messages) >= 3 and box.holding.wait(0.05):
            break
        time.sleep(0.02)
    worker.kill()
    worker.wait()
    before = len(box.messages)
    assert 3 <= before < len(people)
    box.delay = 0.0
    with Session(engine) as session:
        counts = outbox.counts(session=session)
        emails = dict(session.exec(select(AppUser.id, AppUser.email)).all())
    assert counts["sent"] > 0 and counts["pending"] > 0
    monkeypatch.setenv("SMTP_URL", server_url)
    assert cli.main(["run", "--once", "--database-url", demo_copy]) == 0  # started again
    with Session(engine) as session:
        assert outbox.counts(session=session) == {"pending": 0, "sent": sum(counts.values()), "dead": 0}
    engine.dispose()
    keys = box.keys()
    assert len(keys) == len(set(keys)), "a message was sent twice"
    assert sorted(recipients[0] for recipients, _ in box.messages) == sorted(emails[p] for p in people)
