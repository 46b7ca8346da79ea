"""Targets and weights, saved once for every entry point (the editor page, a command line): save them in one
transaction, bring the analytical store up to date with them, record who changed how many."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from data import accounts, db, locks, segment_targets, targets
from jobs import refresh as precompute


class NotSaved(Exception):
    """The database refused the save or could not be reached: nothing was saved (one transaction)."""


def save_and_refresh(engine: Engine, kpis: pd.DataFrame | None, weights: dict[str, float],
                     shown: dict[str, float], *, actor: str,
                     refreshing: Callable[[], AbstractContextManager] | None = None) -> int:
    """Save the KPI rows ``kpis`` and the objective ``weights`` that differ from those ``shown`` to ``actor``
    (as :func:`data.targets.save_all`); when anything changed, refresh the store's targets (inside
    ``refreshing()``, e.g. a spinner) and record the event ``targets_saved`` by ``actor``. Returns how many fields
    changed; raises :class:`NotSaved` when the save itself failed."""
    with locks.job_lock(engine, f"targets save by {actor}"):  # not under a running import's or refresh's feet
        try:
            count = targets.save_all(engine, kpis, weights, shown, actor)
        except SQLAlchemyError as error:
            raise NotSaved(str(error)) from error
        if not count:
            return 0
        with refreshing() if refreshing else nullcontext():
            precompute.refresh_targets(engine)
    with db.session_scope(engine) as session:
        accounts.audit(session=session, actor=actor, action="targets_saved", detail=f"{count} changes")
    return count


def save_segments_and_refresh(engine: Engine, rows: pd.DataFrame, *, actor: str, source: str = "editor",
                              replace: tuple[str, ...] = (),
                              refreshing: Callable[[], AbstractContextManager] | None = None) -> int:
    """Save targets per region (channel, industry, manager) and month (as :func:`data.segment_targets.save`,
    each change audited as ``actor``); when anything changed, refresh the store's targets as :func:`save_and_refresh`
    does. Returns how many targets changed; raises :class:`NotSaved` when the save itself failed."""
    with locks.job_lock(engine, f"targets save by {actor}"):
        try:
            count = segment_targets.save(engine, rows, actor, source=source, replace=replace)
        except SQLAlchemyError as error:
            raise NotSaved(str(error)) from error
        if count:
            with refreshing() if refreshing else nullcontext():
                precompute.refresh_targets(engine)
    return count
