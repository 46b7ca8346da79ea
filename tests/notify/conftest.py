"""A local SMTP server (aiosmtpd on loopback), a local webhook receiver (http.server in a thread), and a copy of the
demo database to send from."""

from __future__ import annotations

import asyncio
import email
import json
import shutil
import threading
from email import policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import delete
from sqlmodel import select

from data import accounts, db
from data.models import AppUser
from data.notifications.models import AlertEvent, AlertState, OutboxMessage
from tests.postgres_server import free_port


class Mailbox:
    """aiosmtpd handler keeping every message it acknowledged; ``delay`` seconds before acknowledging (a message
    whose sender disconnects meanwhile is not kept: a server delivers what it acknowledged)."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.delay = 0.0
        self.holding = threading.Event()  # set while a message waits for its acknowledgement

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook
        if self.delay:
            self.holding.set()
            await asyncio.sleep(self.delay)  # cancelled when the client's connection is lost
            self.holding.clear()
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def keys(self) -> list[str]:
        return [m["X-Idempotency-Key"] for _, m in self.messages]


@pytest.fixture
def smtp_server():
    """(mailbox, SMTP URL) of a local server, stopped after the test."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield box, f"smtp://127.0.0.1:{controller.port}"
    controller.stop()


class Receiver(BaseHTTPRequestHandler):
    received: list[tuple[dict, bytes]]
    answer: bytes = b'{"errcode": 0}'

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((dict(self.headers), body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(self.answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook_receiver():
    """(received [(headers, body)], URL) of a local HTTP receiver."""
    received: list[tuple[dict, bytes]] = []
    handler = type("Handler", (Receiver,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield received, f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()
    server.server_close()


def json_body(body: bytes) -> dict:
    return json.loads(body.decode())


@pytest.fixture
def demo_copy(demo_url, tmp_path) -> str:
    """A copy of the demo database and its store (the session's demo stays as it was), with the demo's accounts,
    no alert state yet (every red KPI fires on first sight) and an empty outbox."""
    source = Path(demo_url.removeprefix("sqlite:///"))
    target = tmp_path / "demo.db"
    shutil.copyfile(source, target)
    shutil.copyfile(source.with_suffix(".duckdb"), target.with_suffix(".duckdb"))
    url = f"sqlite:///{target}"
    engine = db.get_engine(url)
    db.create_schema(engine)
    with db.session_scope(engine) as session:
        accounts.ensure_demo_accounts(session=session)
        for table in (OutboxMessage, AlertEvent, AlertState):  # what the demo's refresh evaluated and queued
            session.exec(delete(table))
    engine.dispose()
    return url


def add_user(url: str, email_: str, role: str) -> int:
    engine = db.get_engine(url)
    try:
        with db.session_scope(engine) as session:
            found = session.exec(select(AppUser).where(AppUser.email == email_)).first()
            return found.id if found else accounts.add_user(session=session, email=email_, role=role, actor="tests").id
    finally:
        engine.dispose()
