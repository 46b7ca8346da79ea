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

from data import accounts, db
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
    """
    counts = importer.load(engine, prepared, progress)
    for table_name, table_map in (mapping or {}).items():
        importer.save_mapping(engine, table_name, dict(table_map))
    with db.session_scope(engine) as session:
        accounts.audit(session=session, actor=actor, action="import", detail=audit_detail(counts))
    with refreshing(counts) if refreshing else nullcontext():
        store = precompute.refresh(engine)
    return Imported(counts, store)
