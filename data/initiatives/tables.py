"""The initiatives as frames, read from the system of record on every run (a handful of rows: an edit shows at once)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine
from sqlmodel import Session, select

from data.initiatives.models import (
    Initiative,
    InitiativeKpi,
    InitiativeMilestone,
    InitiativeObjective,
    InitiativeRisk,
    InitiativeUpdate,
)

INITIATIVE_COLUMNS = ["id", "code", "name", "description", "owner", "start_on", "end_on", "budget", "actual_cost",
                      "percent_complete", "status", "region"]


@dataclass(frozen=True)
class Initiatives:
    initiatives: pd.DataFrame  # INITIATIVE_COLUMNS; start_on, end_on as Timestamps, money as float
    kpis: pd.DataFrame  # initiative_id, kpi_id
    objectives: pd.DataFrame  # initiative_id, objective_id
    milestones: pd.DataFrame  # id, initiative_id, name, due, status, done
    risks: pd.DataFrame  # id, initiative_id, text, rating, open
    updates: pd.DataFrame  # id, initiative_id, text, author, written_at (newest first)

    def kpis_of(self, initiative_id: int) -> list[str]:
        return list(self.kpis.loc[self.kpis["initiative_id"] == initiative_id, "kpi_id"])

    def objectives_of(self, initiative_id: int) -> list[str]:
        return list(self.objectives.loc[self.objectives["initiative_id"] == initiative_id, "objective_id"])


def _frame(session: Session, model, columns: list[str]) -> pd.DataFrame:
    rows = session.exec(select(*[getattr(model, c) for c in columns])).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=columns)


def load(engine: Engine) -> Initiatives:
    """Every initiative with its links, milestones, risks and updates."""
    with Session(engine) as session:
        found = _frame(session, Initiative, INITIATIVE_COLUMNS).sort_values(["start_on", "id"], ignore_index=True)
        kpis = _frame(session, InitiativeKpi, ["initiative_id", "kpi_id"])
        objectives = _frame(session, InitiativeObjective, ["initiative_id", "objective_id"])
        milestones = _frame(session, InitiativeMilestone, ["id", "initiative_id", "name", "due", "status", "done"])
        risks = _frame(session, InitiativeRisk, ["id", "initiative_id", "text", "rating", "open"])
        updates = _frame(session, InitiativeUpdate, ["id", "initiative_id", "text", "author", "written_at"])
    for column in ("budget", "actual_cost", "percent_complete"):
        found[column] = found[column].astype(float)
    for column in ("start_on", "end_on"):
        found[column] = pd.to_datetime(found[column])
    milestones["due"] = pd.to_datetime(milestones["due"])
    milestones = milestones.sort_values(["initiative_id", "due", "id"], ignore_index=True)
    updates = updates.sort_values("id", ascending=False, ignore_index=True)
    return Initiatives(found, kpis, objectives, milestones, risks.sort_values("id", ignore_index=True), updates)


def coverage_rows(engine: Engine) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """What :func:`metrics.initiatives.flags.covered_kpis` reads (the overview asks on every run): each initiative's
    ``id, status, end_on`` and its KPI and objective links, without the milestones, risks and updates."""
    with Session(engine) as session:
        found = _frame(session, Initiative, ["id", "status", "end_on"])
        kpis = _frame(session, InitiativeKpi, ["initiative_id", "kpi_id"])
        objectives = _frame(session, InitiativeObjective, ["initiative_id", "objective_id"])
    return found, kpis, objectives


def ensure_tables(engine: Engine) -> None:
    """The initiative tables in a database that predates them (a no-op when they exist)."""
    from sqlmodel import SQLModel

    from data.initiatives import models

    SQLModel.metadata.create_all(engine, tables=[
        models.Initiative.__table__, models.InitiativeObjective.__table__, models.InitiativeKpi.__table__,
        models.InitiativeMilestone.__table__, models.InitiativeRisk.__table__, models.InitiativeUpdate.__table__,
        models.Decision.__table__])
