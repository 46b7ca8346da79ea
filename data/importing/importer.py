"""Import a company's own data from CSV files and Excel workbooks: validated, all or nothing.

:func:`prepare` reads every file and checks every row without writing anything (the dry run,
:mod:`data.importing.check`). :func:`load` writes a prepared import in ONE transaction, parents before
children, so a failure or a killed process leaves the database as it was (:mod:`data.importing.write`).
``jobs.importing`` writes an import and refreshes the analytical store, for the page and the command line.

Modes: ``append`` adds rows and refuses keys already in the database; ``upsert`` updates rows by
primary key and adds the rest; ``replace`` empties the tables given and loads the files instead.

Keys are whole numbers or the company's own text codes (:mod:`data.importing.keys`); order lines are found again
by order and line number, so importing the same files twice changes nothing (upsert) or is refused (append).
Limits are checked before parsing (:mod:`data.importing.limits`); the company's currency is kept with the import
(:mod:`data.importing.currency`).
"""

from __future__ import annotations

from data.importing.check import MODES, Prepared, prepare
from data.importing.currency import choices as currency_choices
from data.importing.currency import currency
from data.importing.limits import max_columns
from data.importing.mappings import save_mapping, saved_mappings
from data.importing.meanwhile import KeysTaken
from data.importing.sources import Upload, headers, table_for
from data.importing.write import Progress, load

__all__ = ["MODES", "KeysTaken", "Prepared", "Progress", "Upload", "currency", "currency_choices", "headers", "load",
           "max_columns", "prepare", "save_mapping", "saved_mappings", "table_for"]

