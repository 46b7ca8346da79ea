"""One run of the worker: evaluate the alerts, queue the digests that are due, deliver what is due, and say so.

Exit codes: 0 sent or nothing due, 1 delivery failures (or e-mails waiting for an SMTP server), 2 bad settings,
3 database unreachable.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from data import db
from data.accounts import audit
from data.notifications import outbox, tokens
from metrics.alerts import cycle, evaluate
from metrics.base.store import StoreMissing
from notify import deliver
from notify.settings import SettingError, Smtp, smtp

log = logging.getLogger(__name__)
OK, FAILED, BAD_SETTINGS, UNREACHABLE = 0, 1, 2, 3


@dataclass(frozen=True)
class RunResult:
    code: int
    lines: tuple[str, ...]


def reachable(engine: Engine) -> str | None:
    """``None`` when the database answers, else why not (without its password)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        return f"the database {db.masked_url(str(engine.url.render_as_string(hide_password=False)))} is " \
               f"unreachable: {type(error.orig or error).__name__}"
    return None


def run_once(engine: Engine, *, dry_run: bool = False, now: datetime | None = None, server: Smtp | None = None,
             use_env_smtp: bool = True, pack: Callable[[str], bytes | None] | None = None) -> RunResult:
    """Evaluate, queue and deliver what is due at ``now``; with ``dry_run`` nothing is written or sent, and the
    lines say what would be. ``server``: the SMTP server (default: ``SMTP_URL`` when ``use_env_smtp``)."""
    now = now or datetime.now(UTC)
    problem = reachable(engine)
    if problem:
        return RunResult(UNREACHABLE, (problem,))
    try:
        server = server if server is not None or not use_env_smtp else smtp()
        evaluate.threshold()  # a bad setting is said once here, not as a traceback mid-run
        if os.environ.get(tokens.SECRET_ENV) and len(os.environ[tokens.SECRET_ENV]) < tokens.MIN_SECRET:
            raise SettingError(f"{tokens.SECRET_ENV} has {len(os.environ[tokens.SECRET_ENV])} characters: it needs at "
                               f"least {tokens.MIN_SECRET}")
    except (SettingError, ValueError) as error:
        return RunResult(BAD_SETTINGS, (str(error),))
    lines = []
    try:
        db.create_schema(engine)
        try:
            evaluated = cycle.run(engine, now=now, dry_run=dry_run)
            lines.append(f"alerts: {evaluated.facts} facts, {len(evaluated.fired)} fired, {evaluated.queued} messages "
                         f"queued{' (dry run: not recorded)' if dry_run else ''}")
        except StoreMissing as error:
            lines.append(f"alerts not evaluated: {error}")
        with db.session_scope(engine) as session:
            digests = outbox.enqueue_digests(session=session, now=now)
            due = outbox.due(session=session, now=now)
            if dry_run:
                session.rollback()
        lines.append(f"digests: {digests} queued; {len(due)} messages due now")
        if dry_run:
            return RunResult(OK, (*lines, "dry run: nothing sent"))
        with db.session_scope(engine) as session:
            key = tokens.secret(session=session)
        delivered = deliver.deliver(engine, server=server, now=now, key=key, pack=pack)
    except SQLAlchemyError as error:
        return RunResult(UNREACHABLE, (*lines, f"the database failed during the run: {type(error).__name__}"))
    lines += delivered.messages
    lines.append(f"sent {delivered.sent}, failed {delivered.failed}"
                 + (f", {delivered.waiting} e-mails wait: SMTP_URL is not set" if delivered.waiting else "")
                 + (f", {delivered.deferred} e-mails wait for the SMTP server" if delivered.deferred else ""))
    if delivered.sent or delivered.failed:
        with db.session_scope(engine) as session:
            audit(session=session, actor="notify", action="notify_run",
                  detail=f"sent {delivered.sent}, failed {delivered.failed}")
    return RunResult(FAILED if delivered.failed or delivered.waiting or delivered.deferred else OK, tuple(lines))
