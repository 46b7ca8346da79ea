"""An import, written once for every entry point (the Import page, ``python -m data import``): write a checked
import, remember the column mapping a person confirmed, record who imported what, refresh the analytical store.

The check (:func:`data.importing.importer.prepare`, the dry run) stays with the caller: the page shows it and
imports only what was checked; the command line prints it and stops on a fault.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from data import accounts, db, locks
from data.importing import importer
from jobs import refresh as precompute

Counts = dict[str, dict[str, int]]  # table -> {"inserted": n, "updated": n}


def summary(counts: Counts) -> str:
    """``customer +1,200 ~3, sales_order +40``: rows added and (when any) updated, per table."""
    return ", ".join(f"{name} +{c['inserted']:,}" + (f" ~{c['updated']:,}" if c["updated"] else "")
                     for name, c in counts.items())


@dataclass(frozen=True)
class Imported:
    counts: Counts  # table -> rows inserted and updated, in the order written
    store: Path  # the analytical store, refreshed
    refreshed: precompute.Refreshed | None = None  # what the refresh did (its steps' warnings)
    retired: tuple[str, ...] = ()  # the demo's accounts this import disabled (company data now)


class WrittenMeanwhile(RuntimeError):
    """Another import wrote some of the same rows between this import's check and its write: nothing was written
    (one transaction); checking again names the rows."""


def import_and_refresh(engine: Engine, prepared: importer.Prepared, *, actor: str,
                       mapping: Mapping[str, Mapping[str, str]] | None = None,
                       progress: importer.Progress | None = None,
                       refreshing: Callable[[Counts], AbstractContextManager] | None = None,
                       audit_detail: Callable[[Counts], str] = summary) -> Imported:
    """Write ``prepared`` (checked, without faults) in one transaction, then remember ``mapping`` (per table, the
    company's header -> our column, as a person confirmed it for this import; ``""`` ignores a header), record the
    event ``import`` by ``actor`` in the audit trail and refresh the analytical store.

    ``progress(table, done, total)`` follows the write; the refresh runs inside ``refreshing(counts)`` (a spinner,
    a line printed), as it takes a while.

    The write and the refresh hold the data lock (:func:`data.locks.job_lock`): a second import or refresh waits
    (saying for whom) and gives up with :class:`data.locks.JobBusy`. Raises :class:`WrittenMeanwhile` when another
    import took some of the same keys after this one was checked.
    """
    with locks.job_lock(engine, f"import by {actor}"):
        try:
            counts = importer.load(engine, prepared, progress)
        except IntegrityError as error:
            raise WrittenMeanwhile("another import wrote some of the same rows after this import was checked; "
                                   "nothing was written: check it again to see which") from error
        for table_name, table_map in (mapping or {}).items():
            importer.save_mapping(engine, table_name, dict(table_map))
        with db.session_scope(engine) as session:
            accounts.audit(session=session, actor=actor, action="import", detail=audit_detail(counts))
            retired = accounts.retire_demo_accounts(session=session, actor=actor)  # company data now: demo sign-ins end
        with refreshing(counts) if refreshing else nullcontext():
            refreshed = precompute.run(engine, holder=f"import by {actor}", incremental=True)
    return Imported(counts, refreshed.path, refreshed, tuple(retired))
