"""One import or refresh at a time, and the order of the data's versions.

- :func:`job_lock`: imports, refreshes, demo builds and target saves take the lock ``data`` in the system of record
  (PostgreSQL: an advisory lock held by a connection of its own; SQLite: a row of table ``job_lock`` taken under
  ``BEGIN IMMEDIATE``). A second job waits, saying who holds it since when (logger ``data.locks``), up to
  ``JOB_LOCK_WAIT_S`` seconds (default 600), then raises :class:`JobBusy`. A process that dies lets go: its
  PostgreSQL connection closes; its SQLite row names a process id that no longer runs.
- :func:`bump_generation` / :func:`generation`: a counter in ``dataset_info`` that every write of data raises in
  its own transaction (imports, target saves, program edits); a refresh built from an older generation is not
  swapped in (``data.analytics``).
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import os
import socket
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

WAIT_ENV = "JOB_LOCK_WAIT_S"
DEFAULT_WAIT_S = 600.0
POLL_S = 0.25
GENERATION_KEY = "generation"
_HELD: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("held_job_locks", default=frozenset())


class JobBusy(RuntimeError):
    """Another job held the lock for longer than this one would wait."""

    def __init__(self, holder: str, since: str, waited: float) -> None:
        super().__init__(f"another {holder} has been running since {since}; gave up after {waited:.0f} s")
        self.holder, self.since, self.waited = holder, since, waited


@dataclass(frozen=True)
class Holder:
    holder: str  # e.g. "import by command line (ana)"
    since: str  # local time, HH:MM (or a date and time when not today)
    pid: int | None
    host: str


def wait_limit() -> float:
    """Seconds a job waits for the lock: ``JOB_LOCK_WAIT_S`` (default 600)."""
    try:
        return max(0.0, float(os.environ.get(WAIT_ENV, DEFAULT_WAIT_S)))
    except ValueError:
        return DEFAULT_WAIT_S


# --- the generation counter -----------------------------------------------------------------------------
def bump_generation(conn) -> None:
    """Raise the data's generation by one, inside the caller's transaction (``conn``: a SQLAlchemy connection)."""
    conn.execute(text("INSERT INTO dataset_info (key, value) VALUES (:key, '0') ON CONFLICT (key) DO NOTHING"),
                 {"key": GENERATION_KEY})
    conn.execute(text("UPDATE dataset_info SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR(20)) "
                      "WHERE key = :key"), {"key": GENERATION_KEY})


def generation(engine: Engine) -> int:
    """The data's generation as committed now (0 when never raised, or without a schema)."""
    try:
        with engine.connect() as conn:
            value = conn.execute(text("SELECT value FROM dataset_info WHERE key = :key"),
                                 {"key": GENERATION_KEY}).scalar()
    except DBAPIError:
        return 0
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


# --- the job lock ---------------------------------------------------------------------------------------
_TABLE_DDL = ("CREATE TABLE IF NOT EXISTS job_lock (name VARCHAR(64) PRIMARY KEY, holder VARCHAR(300), "
              "pid INTEGER, host VARCHAR(255), since VARCHAR(40))")


@contextmanager
def job_lock(engine: Engine, holder: str, *, name: str = "data", wait_s: float | None = None) -> Iterator[None]:
    """Hold the lock ``name`` for the block; ``holder`` says who ("import by ana"). Re-entrant within one thread
    (an import's refresh does not wait for its own import). Raises :class:`JobBusy` after ``wait_s`` (default
    :func:`wait_limit`); an in-memory SQLite database has no one to share with and takes no lock."""
    key = f"{engine.url.render_as_string(hide_password=True)}#{name}"
    if key in _HELD.get():
        yield
        return
    wait_s = wait_limit() if wait_s is None else wait_s
    if engine.dialect.name == "postgresql":
        lock = _postgres_lock(engine, name, holder, wait_s)
    elif engine.url.database and engine.url.database != ":memory:":
        lock = _sqlite_lock(Path(engine.url.database), name, holder, wait_s)
    else:
        lock = _no_lock()
    with lock:
        token = _HELD.set(_HELD.get() | {key})
        try:
            yield
        finally:
            _HELD.reset(token)


@contextmanager
def _no_lock() -> Iterator[None]:
    yield


def _since_text(stamp: str) -> str:
    try:
        when = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp or "?"
    return when.strftime("%H:%M") if when.date() == datetime.now().date() else when.strftime("%Y-%m-%d %H:%M")


def _row(holder: str) -> dict:
    return {"holder": holder, "pid": os.getpid(), "host": socket.gethostname(),
            "since": datetime.now().isoformat(timespec="seconds")}


class _Waiting:
    """The waiting side: one message when the wait starts, :class:`JobBusy` when it runs out."""

    def __init__(self, name: str, wait_s: float) -> None:
        self.name, self.wait_s = name, wait_s
        self.started = time.monotonic()
        self.said = False

    def still(self, other: Holder | None) -> None:
        waited = time.monotonic() - self.started
        who = other.holder if other else "job"
        since = _since_text(other.since) if other else "?"
        if waited >= self.wait_s:
            raise JobBusy(who, since, waited)
        if not self.said:
            log.warning("another %s has been running since %s: waiting for it to finish (up to %.0f s)",
                        who, since, self.wait_s)
            self.said = True
        time.sleep(POLL_S)


def _holder(values) -> Holder | None:
    if values is None:
        return None
    holder, pid, host, since = values
    return Holder(holder or "job", since or "", pid, host or "")


def _alive(other: Holder) -> bool:
    """Whether the process that took a SQLite lock row still runs (a row from a process that died is stale)."""
    if other.host and other.host != socket.gethostname():
        return True  # another machine: trust the row
    if other.pid is None:
        return False
    try:
        os.kill(other.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def _sqlite_lock(database: Path, name: str, holder: str, wait_s: float) -> Iterator[None]:
    database.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(database, timeout=60, isolation_level=None)
    waiting = _Waiting(name, wait_s)
    try:
        conn.execute(_TABLE_DDL)
        while True:
            conn.execute("BEGIN IMMEDIATE")
            other = _holder(conn.execute("SELECT holder, pid, host, since FROM job_lock WHERE name = ?",
                                         (name,)).fetchone())
            if other is None or not _alive(other):
                row = _row(holder)
                conn.execute("INSERT OR REPLACE INTO job_lock (name, holder, pid, host, since) VALUES (?, ?, ?, ?, ?)",
                             (name, row["holder"], row["pid"], row["host"], row["since"]))
                conn.execute("COMMIT")
                break
            conn.execute("COMMIT")
            waiting.still(other)
        try:
            yield
        finally:
            conn.execute("DELETE FROM job_lock WHERE name = ? AND pid = ? AND host = ?",
                         (name, os.getpid(), socket.gethostname()))
    finally:
        conn.close()


def _advisory_key(name: str) -> int:
    return int.from_bytes(hashlib.sha1(f"crm-scorecard:{name}".encode()).digest()[:8], "big", signed=True)


@contextmanager
def _postgres_lock(engine: Engine, name: str, holder: str, wait_s: float) -> Iterator[None]:
    key = _advisory_key(name)
    waiting = _Waiting(name, wait_s)
    with engine.connect() as conn:  # a connection of its own, held for the whole job: the lock lives with it
        conn.execute(text(_TABLE_DDL))
        conn.commit()
        while not conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar():
            other = _holder(conn.execute(text("SELECT holder, pid, host, since FROM job_lock WHERE name = :name"),
                                         {"name": name}).fetchone())
            conn.commit()
            waiting.still(other)
        conn.commit()
        try:
            row = _row(holder)
            conn.execute(text("DELETE FROM job_lock WHERE name = :name"), {"name": name})
            conn.execute(text("INSERT INTO job_lock (name, holder, pid, host, since) "
                              "VALUES (:name, :holder, :pid, :host, :since)"), {"name": name, **row})
            conn.commit()
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
            conn.commit()
