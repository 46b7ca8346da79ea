"""Sales reps' targets, saved once for every entry point (the Sales team page today; a command line would call the
same): save them in one transaction with their audit events, then bring the analytical store's copy of
``sales_rep_target`` up to date."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from data import analytics, locks, sales_targets
from jobs import refresh as precompute

TABLES = ("sales_rep_target",)


class NotSaved(Exception):
    """The database refused the save or could not be reached: nothing was saved (one transaction)."""


def save_and_refresh(engine: Engine, edits: pd.DataFrame, *, actor: str, source: str = "editor",
                     refreshing: Callable[[], AbstractContextManager] | None = None) -> int:
    """Save the target rows ``edits`` (as :func:`data.sales_targets.save`, audited as ``actor``); when anything
    changed, copy the table into the store again (inside ``refreshing()``, e.g. a spinner: a copy of the store
    file, not a rebuild; a full refresh when there is no store yet). Returns how many targets changed; raises
    :class:`NotSaved` when the save itself failed, ``data.locks.JobBusy`` when an import or refresh held the data lock
    too long (nothing saved)."""
    with locks.job_lock(engine, f"sales targets save by {actor}"):  # not under a running import's or refresh's feet
        try:
            count = sales_targets.save(engine, edits, actor, source=source)
        except SQLAlchemyError as error:
            raise NotSaved(str(error)) from error
        if count:
            with refreshing() if refreshing else nullcontext():
                if analytics.update(engine, TABLES) is None:
                    precompute.refresh(engine)
    return count
