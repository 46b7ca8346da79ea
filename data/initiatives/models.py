"""Tables of initiatives and the monthly review's decisions (registered on SQLModel.metadata by data.db).

An initiative and the objectives and KPIs it should move are copied into the analytical store: the refresh measures
each initiative's effect on its KPIs there (``metrics.initiatives.effect``). Milestones, risks, dated updates and
decisions are people's words and plans, read from the system of record on every run ("private": an edit shows at
once, never after a refresh). Updates are never overwritten: each is a row of its own.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from data.models import code_index, money

PRIVATE = {"info": {"private": True}}


class Initiative(SQLModel, table=True):
    """A corrective or strategic initiative: who owns it, when it runs, what it costs and how far it got (who changed
    what, when: the audit trail)."""

    __tablename__ = "initiative"
    __table_args__ = (code_index("initiative"),)
    id: int | None = Field(default=None, primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when imported as text
    name: str = Field(max_length=200)
    description: str = ""
    owner: str = Field(default="", max_length=320)  # an account's e-mail, lower-case ("": nobody yet)
    start_on: date = Field(index=True)
    end_on: date
    budget: Decimal = money(default=Decimal("0"))
    actual_cost: Decimal = money(default=Decimal("0"))
    percent_complete: float = 0.0  # 0..100
    status: str = Field(default="planned", max_length=16)  # planned | active | on_hold | done | cancelled
    region: str | None = Field(default=None, max_length=64)  # where it runs; None: the whole company


class InitiativeObjective(SQLModel, table=True):
    """An objective of the strategy map an initiative serves."""

    __tablename__ = "initiative_objective"
    __table_args__ = (UniqueConstraint("initiative_id", "objective_id"), code_index("initiative_objective"))
    id: int | None = Field(default=None, primary_key=True)  # a surrogate key: the importer numbers rows by it
    code: str | None = Field(default=None, max_length=64)
    initiative_id: int = Field(foreign_key="initiative.id", index=True)
    objective_id: str = Field(max_length=64)


class InitiativeKpi(SQLModel, table=True):
    """A KPI an initiative should move: its measured effect is computed on this KPI."""

    __tablename__ = "initiative_kpi"
    __table_args__ = (UniqueConstraint("initiative_id", "kpi_id"), code_index("initiative_kpi"))
    id: int | None = Field(default=None, primary_key=True)
    code: str | None = Field(default=None, max_length=64)
    initiative_id: int = Field(foreign_key="initiative.id", index=True)
    kpi_id: str = Field(max_length=64)


class InitiativeMilestone(SQLModel, table=True):
    __tablename__ = "initiative_milestone"
    __table_args__ = PRIVATE
    id: int | None = Field(default=None, primary_key=True)
    initiative_id: int = Field(foreign_key="initiative.id", index=True)
    name: str = Field(max_length=200)
    due: date
    status: str = Field(default="on_track", max_length=16)  # on_track | at_risk | late
    done: bool = False


class InitiativeRisk(SQLModel, table=True):
    __tablename__ = "initiative_risk"
    __table_args__ = PRIVATE
    id: int | None = Field(default=None, primary_key=True)
    initiative_id: int = Field(foreign_key="initiative.id", index=True)
    text: str
    rating: str = Field(default="medium", max_length=16)  # low | medium | high
    open: bool = True


class InitiativeUpdate(SQLModel, table=True):
    """A dated update on an initiative: added, never edited or removed."""

    __tablename__ = "initiative_update"
    __table_args__ = PRIVATE
    id: int | None = Field(default=None, primary_key=True)
    initiative_id: int = Field(foreign_key="initiative.id", index=True)
    text: str
    author: str = Field(max_length=320)
    written_at: datetime = Field(index=True)


class Decision(SQLModel, table=True):
    """A decision recorded in a monthly review: what, who, by when, about which KPI or initiative, and its outcome."""

    __tablename__ = "review_decision"
    __table_args__ = PRIVATE
    id: int | None = Field(default=None, primary_key=True)
    period: date = Field(index=True)  # the month of the review meeting that recorded it (first day)
    text: str
    owner: str = Field(default="", max_length=320)  # an account's e-mail
    due: date | None = None
    kpi_id: str | None = Field(default=None, max_length=64)
    initiative_id: int | None = None  # an initiative's id (no foreign key: an import replacing them must not fail)
    status: str = Field(default="open", max_length=16)  # open | done | dropped
    outcome: str = ""
    recorded_by: str = Field(max_length=320)
    recorded_at: datetime
    updated_by: str = Field(default="", max_length=320)
    updated_at: datetime | None = None
