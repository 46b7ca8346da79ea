"""The analytical store's file: built beside the live one, verified, swapped in under a lock, the previous good one
kept.

``<name>.duckdb`` is the live store; ``<name>.duckdb.good`` the one it replaced (a hard link made just before the
swap, so no copy) when that one still read whole, which readers fall back to when the live file cannot be opened;
``<name>.duckdb.lock`` is the lock file under which swaps happen one at a time.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)


class StoreNotVerified(RuntimeError):
    """A freshly built store did not read back as written: it was not swapped in."""


def good_path(path: Path) -> Path:
    """Where the last good store before ``path``'s current one is kept."""
    return path.with_name(path.name + ".good")


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the file now at ``path``. ``duckdb.connect(path)`` would hand back the
    database instance an open connection already holds for that path, i.e. the file a refresh has since
    replaced; attaching to a fresh in-memory instance always reads the current file. Raises ``duckdb.Error``
    for a file that is not a whole DuckDB database."""
    conn = duckdb.connect(":memory:")
    escaped = str(path).replace("'", "''")
    try:
        conn.execute("SET enable_progress_bar = false")  # never drawn into a log or a command's output
        conn.execute(f"ATTACH '{escaped}' AS store (READ_ONLY)")
        conn.execute("USE store")
    except BaseException:
        conn.close()
        raise
    return conn


def _read_every_block(conn: duckdb.DuckDBPyConnection) -> None:
    """Read every row of every table of the attached store (DuckDB checks each block's checksum on read); raises
    ``duckdb.Error`` at the first block that does not read."""
    tables = [r[0] for r in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'store' "
        "AND table_type = 'BASE TABLE'").fetchall()]
    for table in tables:
        conn.execute(f'SELECT count(*), sum(hash(COLUMNS(*))) FROM "{table}"').fetchall()


def verify(path: Path, *, version: str, counts: dict[str, int]) -> None:
    """Read the new store back: its version stamp is ``version``, each copied table has the rows counted while
    copying, and every table's every block reads (DuckDB checks each block's checksum)."""
    try:
        conn = open_read_only(path)
    except duckdb.Error as error:
        raise StoreNotVerified(f"the new store does not open: {error}") from error
    try:
        found = conn.execute("SELECT value FROM store_meta WHERE key = 'data_version'").fetchall()
        if [row[0] for row in found] != [version]:
            raise StoreNotVerified(f"the new store's version stamp is {found!r}, not {version!r}")
        for table, rows in counts.items():
            got = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            if got != rows:
                raise StoreNotVerified(f"table {table} has {got:,} rows in the new store, {rows:,} were copied")
        _read_every_block(conn)
    except duckdb.Error as error:
        raise StoreNotVerified(f"the new store does not read back: {error}") from error
    finally:
        conn.close()


def whole(path: Path) -> str | None:
    """Why the store at ``path`` is not whole, or ``None`` when it is: it opens, carries a version stamp, and every
    table's every block reads (the read-back a new store gets, without the counts only its build knows)."""
    try:
        conn = open_read_only(path)
    except duckdb.Error as error:
        return f"it does not open: {error}"
    try:
        if not conn.execute("SELECT value FROM store_meta WHERE key = 'data_version'").fetchall():
            return "it has no version stamp"
        _read_every_block(conn)
    except duckdb.Error as error:
        return f"it does not read back: {error}"
    finally:
        conn.close()
    return None


@contextmanager
def swap_lock(path: Path) -> Iterator[None]:
    """One swap of ``path`` at a time, across processes on this machine."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def building_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{id(path):x}.building")


@contextmanager
def building(path: Path, *, from_current: bool = False) -> Iterator[tuple[duckdb.DuckDBPyConnection, Path]]:
    """A DuckDB connection on a new file beside ``path`` (a copy of it with ``from_current``), closed (after a
    checkpoint) when the block ends and removed if the block fails; the caller swaps it in with :func:`swap_in`."""
    new = building_path(path)
    new.unlink(missing_ok=True)
    if from_current:
        shutil.copyfile(path, new)
    duck = duckdb.connect(str(new))
    try:
        duck.execute("SET TimeZone = 'UTC'")
        duck.execute("SET enable_progress_bar = false")
        yield duck, new
        duck.execute("CHECKPOINT")
    except BaseException:
        duck.close()
        new.unlink(missing_ok=True)
        raise
    duck.close()


def swap_in(new: Path, path: Path, *, still_current: Callable[[], bool] = lambda: True) -> bool:
    """Under the swap lock: when ``still_current()`` (checked there, so no other swap slips in between), keep the
    store now at ``path`` as the last good one and rename ``new`` over ``path``; else remove ``new``. Returns
    whether it was swapped in.

    The store now at ``path`` becomes the good copy only when it is whole (:func:`whole`: every block read back,
    as a new store is): one damaged since its own swap (garbage inside opens, but its blocks fail on read) is
    dropped and the previous good copy kept, with a warning in the log."""
    with swap_lock(path):
        if not still_current():
            new.unlink(missing_ok=True)
            return False
        if path.exists():
            _keep_as_good(path)
        os.replace(new, path)
    return True


def _keep_as_good(path: Path) -> None:
    """``path``'s store becomes its good copy when it reads whole; else the good copy stays as it is."""
    problem = whole(path)
    if problem is not None:
        log.warning("the analytical store being replaced, %s, is damaged (%s): not kept as the last good one; %s",
                    path, problem, "the earlier good copy stays" if good_path(path).exists() else "there is none")
        return
    keep = path.with_name(f".{path.name}.{os.getpid()}.good")
    keep.unlink(missing_ok=True)
    try:
        os.link(path, keep)  # no copy: the old file's blocks are not written again
    except OSError:  # a file system without hard links
        shutil.copyfile(path, keep)
    os.replace(keep, good_path(path))
