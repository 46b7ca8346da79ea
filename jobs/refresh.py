"""Work every visitor would repeat, done once per data version when the analytical store is refreshed.

Each step reads the store being built (a :class:`~metrics.base.store.Store` over it) and writes its
results as tables into it, before the file is swapped in; pages then only read those tables.
Entry points (the data CLI, the importer, the tests, the bench) refresh through :func:`run` or :func:`refresh`.
Every step runs isolated (:mod:`jobs.steps`): one that cannot compute on a company's data is recorded in the
table ``refresh_steps`` (:mod:`metrics.base.steps`) and the store is built all the same.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from pathlib import Path

import duckdb
from sqlalchemy import Engine, inspect

from data import analytics, locks
from data.notifications.models import AlertState
from jobs.steps import Step
from jobs.steps import run as run_step
from metrics.alerts import cycle as alert_cycle
from metrics.base import quality
from metrics.base.steps import TABLE as STEPS_TABLE
from metrics.base.steps import StepStatus
from metrics.base.store import Store
from metrics.cube import cells as cube
from metrics.customers import lifetime, profiles, segments
from metrics.initiatives import effect as initiative_effect
from metrics.links import fit as links
from metrics.links import forecast
from metrics.program import tables as program
from metrics.scorecard import baselines, series
from metrics.scorecard import stored as scorecard_store

# (name, step): each step writes its own tables; add a line per precomputed result.
STEPS: tuple[tuple[str, Step], ...] = (
    ("cube", cube.precompute),  # the facts by month and filter attributes: any filtered scorecard adds them up
    # every KPI's monthly series once (and per region for the links' panel): the next steps read them
    ("kpi_series", functools.partial(series.precompute, unit_kpis=tuple(links.unit_kpi_ids()),
                                     dimension=links.PANEL_DIMENSION)),
    ("baseline_targets", baselines.precompute),  # before every step that reads targets
    ("lifetime_values", lifetime.precompute),
    ("customer_views", segments.precompute),  # the customer pages' first view: customer table, reorder lists
    ("opening_profile", profiles.precompute),  # the 7P profile the Segments page opens on, for that view
    ("data_quality", quality.precompute),  # the integrity rules over every table (the Data quality page)
    ("links", links.precompute_step),
    ("forecast", forecast.precompute_step),  # judged against the targets as it forecasts
    ("program_impact", program.precompute),
    ("initiative_effects", initiative_effect.precompute),  # each initiative's effect on its KPIs
    ("default_scorecard", scorecard_store.precompute),
)
# What a change of targets or weights touches: those tables, and the steps that read them (which must write
# their tables with CREATE OR REPLACE, as they run again on a copy of the store).
TARGET_TABLES = ("kpi_target", "objective_weight", "kpi_target_segment")
TARGET_STEPS: tuple[tuple[str, Step], ...] = (("baseline_targets_applied", baselines.apply),
                                              ("forecast_targets", forecast.targets_step))


@dataclass(frozen=True)
class Refreshed:
    path: Path  # the live store
    swapped: bool  # False: the data changed meanwhile and this build was discarded (a newer one is kept)
    steps: tuple[StepStatus, ...]  # what each derived step did

    @property
    def doubts(self) -> tuple[StepStatus, ...]:
        """The steps that failed or warned: a refresh's warnings."""
        return tuple(s for s in self.steps if s.status != "ok")


def derive(connection: duckdb.DuckDBPyConnection, path: Path, *, steps: tuple[tuple[str, Step], ...] | None = None,
           outcomes: list[StepStatus] | None = None) -> None:
    """Run every step isolated on the store being built (:func:`jobs.steps.run`: one that fails or warns is
    recorded, never fatal); what each did goes to the table ``refresh_steps`` (rows of steps run again replace
    theirs), their timings to ``precompute_log``, and to ``outcomes`` when given."""
    store = Store.building(connection, path).scoped()  # the steps share base frames during this refresh
    done = []
    for name, step in STEPS if steps is None else steps:
        connection.execute("CHECKPOINT")  # what the last step wrote goes to the file: this one gets the memory
        done.append(run_step(name, step, store, connection))
    connection.execute("CREATE TABLE IF NOT EXISTS precompute_log (step VARCHAR PRIMARY KEY, seconds DOUBLE)")
    connection.execute(f"CREATE TABLE IF NOT EXISTS {STEPS_TABLE} (position INTEGER, step VARCHAR PRIMARY KEY, "
                       "status VARCHAR, seconds DOUBLE, reason_code VARCHAR, reason_en VARCHAR, reason_zh VARCHAR)")
    if done:
        connection.executemany("INSERT OR REPLACE INTO precompute_log VALUES (?, ?)",
                               [(s.step, s.seconds) for s in done])
        first = connection.execute(f"SELECT coalesce(max(position), 0) + 1 FROM {STEPS_TABLE}").fetchone()[0]
        connection.executemany(f"DELETE FROM {STEPS_TABLE} WHERE step = ?", [(s.step,) for s in done])
        connection.executemany(f"INSERT INTO {STEPS_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?)", [
            (first + i, s.step, s.status, s.seconds, s.reason_code, s.reason_en, s.reason_zh)
            for i, s in enumerate(done)])
    if outcomes is not None:
        outcomes.extend(done)


def run(engine: Engine, *, path: Path | None = None, holder: str = "refresh", incremental: bool = False) -> Refreshed:
    """Rebuild the analytical store of ``engine``'s database with every precomputed result, holding the job lock
    (:func:`data.locks.job_lock`; raises :class:`data.locks.JobBusy` after waiting in vain). A step that cannot
    compute is a warning in the result, not a failure: the store is built. Data changed while it ran (under the
    lock only an edit that takes none, the program's, can) makes it build again, up to three times.
    ``incremental`` (an import's refresh): the months the data did not change in are carried over from the
    current store (:mod:`data.appended`, the same tables as a full refresh)."""
    outcomes: list[StepStatus] = []
    with locks.job_lock(engine, holder):
        try:
            for _ in range(3):  # a discarded build has no newer refresh behind it but this one
                outcomes.clear()
                built = analytics.build(engine, path=path, derive=functools.partial(derive, outcomes=outcomes),
                                        incremental=incremental, carry=cube.TABLES)
                if built.swapped:
                    break
        except Exception as error:
            alerts_after(engine, failed=f"{type(error).__name__}: {error}"[:500])
            raise
    alerts_after(engine, path=built.path)
    return Refreshed(built.path, built.swapped, tuple(outcomes))


def alerts_after(engine: Engine, *, path: Path | None = None, failed: str | None = None) -> None:
    """Evaluate the alerts over the new store, or record that the refresh failed (``metrics.alerts.cycle``; the
    notify worker delivers them). Isolated: a failure here is logged and never fails the refresh. Skipped on a
    database without the notification tables (the worker's first run makes them)."""
    try:
        if not inspect(engine).has_table(AlertState.__tablename__):
            return
        if failed is not None:
            alert_cycle.refresh_failed(engine, failed)
        else:
            alert_cycle.run(engine, path=path, ensure_schema=False)
    except Exception:  # isolated: logged, never fatal
        logging.getLogger(__name__).warning("alerts not evaluated after the refresh", exc_info=True)


def refresh(engine: Engine, *, path: Path | None = None) -> Path:
    """:func:`run`, for callers that need only the store's path."""
    return run(engine, path=path).path


def refresh_targets(engine: Engine, *, path: Path | None = None) -> Path:
    """After targets or weights were saved: the current store with them read again and the steps that use
    them run again (seconds at 100,000 customers, where a full refresh takes half a minute); a full refresh
    when there is no store yet."""
    with locks.job_lock(engine, "targets refresh"):
        updated = analytics.update(engine, TARGET_TABLES, path=path,
                                   derive=functools.partial(derive, steps=TARGET_STEPS))
        if updated is not None:
            alerts_after(engine, path=updated)  # new targets: statuses may have turned
        return updated if updated is not None else refresh(engine, path=path)
