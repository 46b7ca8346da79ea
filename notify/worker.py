"""The worker: :func:`notify.run.run_once` every ``NOTIFY_INTERVAL_MINUTES`` (15) with APScheduler, one run at a
time (a run still going when the next is due is not doubled; missed runs are coalesced into one)."""

from __future__ import annotations

import logging
import os
import threading
from datetime import UTC, datetime

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine

from notify.run import run_once
from notify.settings import interval_minutes

log = logging.getLogger(__name__)


def tick(engine: Engine) -> int:
    """One scheduled run, logged; never raises (the schedule goes on)."""
    try:
        result = run_once(engine)
    except Exception:  # logged with its traceback; the next run tries again
        log.exception("the notify run failed")
        return 1
    for line in result.lines:
        log.info("%s", line)
    return result.code


def scheduler(engine: Engine, *, minutes: int | None = None) -> BlockingScheduler:
    """A scheduler running :func:`tick` now and then every ``minutes``."""
    schedule = BlockingScheduler(timezone=UTC)
    schedule.add_job(tick, IntervalTrigger(minutes=minutes or interval_minutes(), timezone=UTC), args=(engine,),
                     id="notify", max_instances=1, coalesce=True, next_run_time=datetime.now(UTC),
                     misfire_grace_time=None)
    return schedule


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stop_with(schedule: BlockingScheduler, pid: int, every_s: float = 2.0) -> None:
    """Shut the schedule down once process ``pid`` is gone (``scripts/serve.sh``: the worker ends with the app)."""
    def watch() -> None:
        while alive(pid):
            threading.Event().wait(every_s)
        log.info("process %s ended: the notify worker stops", pid)
        schedule.shutdown(wait=False)

    threading.Thread(target=watch, name="stop-with", daemon=True).start()


def serve(engine: Engine, *, stop_with: int | None = None) -> None:
    """Run the schedule until interrupted (Ctrl-C, SIGTERM) or, with ``stop_with``, until that process ends."""
    schedule = scheduler(engine)
    log.info("notify worker: a run every %s minutes", interval_minutes())
    if stop_with is not None:
        _stop_with(schedule, stop_with)
    try:
        schedule.start()
    except (KeyboardInterrupt, SystemExit):
        schedule.shutdown(wait=False)
