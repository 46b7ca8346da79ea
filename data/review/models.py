"""Tables of review (registered on SQLModel.metadata by data.db): who owns each objective and KPI, and the
check-ins (a status judgement and a note per KPI and month), kept as versions.

Both are read from the system of record, never copied into the analytical store ("private"): a check-in written
now must show now, not after the next refresh, and notes are people's words, not company data to analyse."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class ItemOwner(SQLModel, table=True):
    """The owner and deputy (account e-mails) of one objective or KPI; no row: nobody owns it."""

    __tablename__ = "review_owner"
    __table_args__ = {"info": {"private": True}}
    kind: str = Field(primary_key=True, max_length=16)  # kpi | objective (an objective may share a KPI's id)
    item_id: str = Field(primary_key=True, max_length=64)  # a KPI's id or an objective's id
    owner: str | None = Field(default=None, max_length=320)  # an account's e-mail, lower-case
    deputy: str | None = Field(default=None, max_length=320)
    updated_by: str = Field(max_length=320)
    updated_at: datetime


class KpiCheckIn(SQLModel, table=True):
    """One version of a KPI's check-in for a month. A check-in is never overwritten: an edit adds a row, and the
    latest version of (kpi, period) is the one with the highest id. ``based_on`` is the version the writer saw
    (None: none), so two edits made from the same version at once are both kept and can be shown as such."""

    __tablename__ = "review_checkin"
    __table_args__ = {"info": {"private": True}}
    id: int | None = Field(default=None, primary_key=True)
    kpi_id: str = Field(max_length=64, index=True)
    period: date = Field(index=True)  # the first day of the month
    status: str = Field(max_length=16)  # on_track | at_risk | off_track: the owner's judgement
    computed: str | None = Field(default=None, max_length=16)  # green | amber | red | None: the scorecard's then
    note: str = ""  # as written; shown as text, never rendered as markdown
    drivers: str = ""  # JSON: [{"kpi_id": .., "verdict": "confirmed" | "rejected"}] of the suggested drivers
    author: str = Field(max_length=320)
    written_at: datetime = Field(index=True)
    based_on: int | None = None  # the id of the version the writer started from
