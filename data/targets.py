"""KPI targets, amber bands and weights, and objectives' weights in their perspectives, in the system of record:
read, validate, save with who and when (``kpi_target_change``)."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Engine, insert, text

from data import db, locks
from data.models import KpiTarget, KpiTargetChange, ObjectiveWeight

FIELDS = ("target", "baseline", "threshold", "weight")


def read(engine: Engine) -> pd.DataFrame:
    """kpi_id, target, baseline, threshold, weight."""
    with engine.connect() as conn:
        return pd.read_sql(text("SELECT kpi_id, target, baseline, threshold, weight FROM kpi_target ORDER BY kpi_id"),
                           conn)


def problems(frame: pd.DataFrame, better: dict[str, str], *, shares: set[str] | frozenset[str] = frozenset()
             ) -> list[tuple[str, str]]:
    """(kpi_id, what is wrong) for every edited row that cannot be saved; ``better``: kpi_id -> higher|lower;
    ``shares``: the KPIs that are a share of a whole, whose target and baseline lie within 0 and 1 (0-100%)."""
    out = []
    for row in frame.itertuples(index=False):
        values = [row.target, row.baseline, row.threshold, row.weight]
        if any(v is None or not math.isfinite(float(v)) for v in values):
            out.append((row.kpi_id, "missing_number"))
            continue
        if row.weight < 0:
            out.append((row.kpi_id, "weight_negative"))
        if not 0 <= row.threshold <= 1:
            out.append((row.kpi_id, "band_range"))
        if row.kpi_id in shares and not (0 <= row.target <= 1 and 0 <= row.baseline <= 1):
            out.append((row.kpi_id, "share_range"))
        direction = better.get(row.kpi_id)
        if direction == "higher" and row.target < row.baseline:
            out.append((row.kpi_id, "target_below_baseline"))
        if direction == "lower" and row.target > row.baseline:
            out.append((row.kpi_id, "target_above_baseline"))
    return out


def save(engine: Engine, edited: pd.DataFrame, who: str) -> int:
    """Write the rows of ``edited`` that differ from the database (a KPI without a row gets one: a baseline target
    adopted or overwritten), logging each change; returns how many fields changed."""
    return save_all(engine, edited, {}, {}, who)


def _kpi_changes(engine: Engine, edited: pd.DataFrame, who: str, now: datetime) -> list[dict]:
    before = read(engine).set_index("kpi_id")
    changes = []
    for row in edited.itertuples(index=False):
        old = before.loc[row.kpi_id] if row.kpi_id in before.index else None
        for name in FIELDS:
            value = float(getattr(row, name))
            previous = None if old is None else float(old[name])
            if previous is None or not math.isclose(previous, value, rel_tol=0, abs_tol=1e-12):
                changes.append({"kpi_id": row.kpi_id, "field_name": name, "value_before": previous,
                                "value_after": value, "changed_by": who, "changed_at": now})
    return changes


OBJECTIVE_FIELD = "objective_weight"  # the field name of an objective's weight in ``kpi_target_change``


def read_objective_weights(engine: Engine) -> dict[str, float]:
    """objective id -> the weight a company set for it (objectives without a row weigh their KPIs' sum)."""
    db.create_schema(engine)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT objective_id, weight FROM objective_weight")).all()
    return {objective: float(weight) for objective, weight in rows}


def objective_problems(weights: dict[str, float]) -> list[tuple[str, str]]:
    """(objective id, what is wrong) for every weight that cannot be saved."""
    out = []
    for objective, weight in weights.items():
        if weight is None or not math.isfinite(float(weight)):
            out.append((objective, "missing_number"))
        elif weight < 0:
            out.append((objective, "weight_negative"))
    return out


def save_objective_weights(engine: Engine, weights: dict[str, float], shown: dict[str, float], who: str) -> int:
    """Store every weight of ``weights`` that differs from the weight ``shown`` to the user (the stored one, or
    the KPIs' sum), logging each change; returns how many changed."""
    return save_all(engine, None, weights, shown, who)


def save_all(engine: Engine, edited: pd.DataFrame | None, weights: dict[str, float], shown: dict[str, float],
             who: str) -> int:
    """KPI targets (``edited``, as :func:`save`) and objective weights (as :func:`save_objective_weights`) in ONE
    transaction, every change logged: all are saved or none. Returns how many fields changed."""
    db.create_schema(engine)
    now = datetime.now(UTC)
    kpi_changes = [] if edited is None else _kpi_changes(engine, edited, who, now)
    stored = read_objective_weights(engine)
    weight_changes = [{"kpi_id": objective, "field_name": OBJECTIVE_FIELD, "value_before": stored.get(objective),
                       "value_after": float(weight), "changed_by": who, "changed_at": now}
                      for objective, weight in weights.items()
                      if not math.isclose(float(weight), float(shown[objective]), rel_tol=0, abs_tol=1e-12)]
    if not kpi_changes and not weight_changes:
        return 0
    present = set(read(engine)["kpi_id"])
    new_rows = [] if edited is None else [{"kpi_id": row.kpi_id, **{name: float(getattr(row, name)) for name in FIELDS}}
                                          for row in edited.itertuples(index=False) if row.kpi_id not in present]
    with engine.begin() as conn:
        if new_rows:  # KPIs judged against a baseline until now: their first set target
            conn.execute(insert(KpiTarget.__table__), new_rows)
        for change in kpi_changes:
            if change["kpi_id"] in present:
                conn.execute(text(f"UPDATE kpi_target SET {change['field_name']} = :value_after "
                                  "WHERE kpi_id = :kpi_id"), change)
        for change in weight_changes:
            conn.execute(text("DELETE FROM objective_weight WHERE objective_id = :kpi_id"), change)
            conn.execute(insert(ObjectiveWeight.__table__), {"objective_id": change["kpi_id"],
                                                             "weight": change["value_after"]})
        conn.execute(insert(KpiTargetChange.__table__), kpi_changes + weight_changes)
        locks.bump_generation(conn)
    return len(kpi_changes) + len(weight_changes)
