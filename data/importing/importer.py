"""Import a company's own data from CSV files and Excel workbooks: validated, all or nothing.

:func:`prepare` reads every file and checks every row without writing anything (the dry run,
:mod:`data.import_check`). :func:`load` writes a prepared import in ONE transaction, parents before
children, so a failure or a killed process leaves the database as it was (:mod:`data.import_write`).
Callers refresh the analytical store afterwards (``metrics.precompute.refresh``).

Modes: ``append`` adds rows and refuses keys already in the database; ``upsert`` updates rows by
primary key and adds the rest; ``replace`` empties the tables given and loads the files instead.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from data.importing.check import MODES, Prepared, prepare
from data.importing.mappings import save_mapping, saved_mappings
from data.importing.sources import Upload, headers, table_for
from data.importing.write import Progress, load

__all__ = ["MODES", "Prepared", "Progress", "Upload", "headers", "load", "prepare", "run", "save_mapping",
           "saved_mappings", "table_for"]


def run(engine: Engine, sources: list[Path | Upload], *, dry_run: bool = False,
        progress: Progress | None = None, **options) -> tuple[Prepared, dict[str, dict[str, int]]]:
    """Check, then (unless ``dry_run`` or faulty) load. Returns the check and the counts written."""
    prepared = prepare(engine, sources, **options)
    if dry_run or not prepared.ok:
        return prepared, {}
    return prepared, load(engine, prepared, progress)
