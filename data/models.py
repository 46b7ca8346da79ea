"""All SQLModel tables of the system of record.

Money is exact: ``Decimal`` fields map to ``NUMERIC(14, 2)``. Timestamps are aware UTC
datetimes (SQLModel's ``UTCDateTime``); calendar days are plain dates. Every foreign key and
every date a filter uses carries an index.

Keys: every table keeps a whole-number surrogate ``id`` (what every join and metric uses). Every table a company
imports also carries ``code``, the company's own key when it is text (``ALFKI``, ``00123``, a line id ``10248-11``):
NULL when the company's keys are whole numbers, which are then the ``id`` itself. What the app shows as a row's id
is ``coalesce(code, id)``.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

MONEY = {"max_digits": 14, "decimal_places": 2}


def code_index(table: str) -> Index:
    """``code`` unique where given: a partial index, empty (and free to build) while the keys are numbers."""
    given = text("code IS NOT NULL")
    return Index(f"ux_{table}_code", "code", unique=True, sqlite_where=given, postgresql_where=given)


def money(**kwargs: Any) -> Any:
    """A ``NUMERIC(14, 2)`` field."""
    return Field(**MONEY, **kwargs)


class DatasetInfo(SQLModel, table=True):
    """Key/value facts about the loaded data set (description, seed, data version)."""

    __tablename__ = "dataset_info"
    key: str = Field(primary_key=True, max_length=64)
    value: str


class Employee(SQLModel, table=True):
    __tablename__ = "employee"
    __table_args__ = (code_index("employee"),)
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    name: str
    role: str | None = Field(default=None, index=True)  # demo: sales_rep | account_manager | service_engineer | ...
    # (marketing | back_office)
    department: str | None = None
    region: str | None = Field(default=None, index=True)
    customer_facing: bool | None = None
    hired_on: date | None = None
    left_on: date | None = Field(default=None, index=True)


class Customer(SQLModel, table=True):
    __tablename__ = "customer"
    __table_args__ = (code_index("customer"),)
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    # imported companies may give only the id: every other attribute may be unknown (NULL), never zero
    name: str | None = None
    region: str | None = Field(default=None, index=True)  # free text: the company's own words
    channel: str | None = Field(default=None, index=True)  # demo: direct | distributor | retail_chain | online
    industry: str | None = Field(default=None, index=True)
    type: str | None = None  # demo: enterprise | sme | government
    acquired_on: date | None = Field(default=None, index=True)  # import: first order date when not given
    acquisition_cost: Decimal | None = money(default=None)
    manager_id: int | None = Field(default=None, foreign_key="employee.id", index=True)
    referred_by_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    churned_on: date | None = Field(default=None, index=True)
    contact_name: str | None = None
    email: str | None = None
    phone: str | None = None
    city: str | None = None


class CustomerOwnerChange(SQLModel, table=True):
    """A customer handed from one manager to another (or to none)."""

    __tablename__ = "customer_owner_change"
    __table_args__ = (code_index("customer_owner_change"),)
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    customer_id: int = Field(foreign_key="customer.id", index=True)
    changed_on: date = Field(index=True)
    from_manager_id: int | None = Field(default=None, foreign_key="employee.id", index=True)
    to_manager_id: int | None = Field(default=None, foreign_key="employee.id", index=True)


class Product(SQLModel, table=True):
    __tablename__ = "product"
    __table_args__ = (code_index("product"),)
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    name: str
    category: str | None = Field(default=None, index=True)
    list_price: Decimal | None = money(default=None)
    unit_cost: Decimal | None = money(default=None)


class SalesOrder(SQLModel, table=True):
    __tablename__ = "sales_order"
    __table_args__ = (code_index("sales_order"),)
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    customer_id: int = Field(foreign_key="customer.id", index=True)
    ordered_on: date = Field(index=True)
    channel: str | None = Field(default=None, index=True)
    sales_rep_id: int | None = Field(default=None, foreign_key="employee.id", index=True)
    promised_on: date | None = None
    delivered_on: date | None = None


class OrderLine(SQLModel, table=True):
    __tablename__ = "order_line"
    # a line's key within its order (the company's line number, or its position in the order on import):
    # importing the same lines again finds them instead of doubling them
    __table_args__ = (Index("ux_order_line_order_id_line_no", "order_id", "line_no", unique=True),
                      code_index("order_line"))
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    order_id: int = Field(foreign_key="sales_order.id", index=True)
    product_id: int = Field(foreign_key="product.id", index=True)
    quantity: int
    unit_price: Decimal = money()  # list price at the time of the order, per unit
    unit_cost: Decimal | None = money(default=None)  # unknown cost: unknown margin, never 100 %
    discount: Decimal = Field(default=Decimal("0"), max_digits=5, decimal_places=4)  # share of unit_price, 0..1
    line_no: int | None = None  # NULL for lines written before line numbers (the demo)


class Campaign(SQLModel, table=True):
    __tablename__ = "campaign"
    __table_args__ = (code_index("campaign"),)
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    name: str
    channel: str  # email | telesales | trade_show | wechat | direct_mail
    purpose: str  # acquisition | retention | cross_sell
    started_on: date = Field(index=True)
    ended_on: date
    spend: Decimal = money()


class CampaignContact(SQLModel, table=True):
    __tablename__ = "campaign_contact"
    __table_args__ = (code_index("campaign_contact"),)
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    contacted_on: date = Field(index=True)
    responded: bool
    converted: bool
    revenue: Decimal = money(default=Decimal("0"))  # attributed revenue of the converted order


class Lead(SQLModel, table=True):
    __tablename__ = "lead"
    __table_args__ = (code_index("lead"),)
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    source: str  # campaign | web | referral | trade_show | cold_call
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    region: str = Field(index=True)
    channel: str = Field(index=True)
    industry: str
    created_on: date = Field(index=True)
    qualified: bool
    converted_customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    converted_on: date | None = Field(default=None, index=True)


class Opportunity(SQLModel, table=True):
    __tablename__ = "opportunity"
    __table_args__ = (code_index("opportunity"),)
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    lead_id: int | None = Field(default=None, foreign_key="lead.id", index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    owner_id: int = Field(foreign_key="employee.id", index=True)
    created_on: date = Field(index=True)
    closed_on: date | None = Field(default=None, index=True)
    stage: str  # prospecting | qualification | proposal | negotiation | won | lost
    status: str = Field(index=True)  # open | won | lost
    amount: Decimal = money()


class OpportunityStageChange(SQLModel, table=True):
    __tablename__ = "opportunity_stage_change"
    __table_args__ = (code_index("opportunity_stage_change"),)
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    opportunity_id: int = Field(foreign_key="opportunity.id", index=True)
    changed_on: date = Field(index=True)
    from_stage: str | None = None
    to_stage: str


class ServiceTicket(SQLModel, table=True):
    __tablename__ = "service_ticket"
    __table_args__ = (code_index("service_ticket"),)
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    customer_id: int = Field(foreign_key="customer.id", index=True)
    engineer_id: int | None = Field(default=None, foreign_key="employee.id", index=True)
    category: str = Field(index=True)  # complaint | repair | how_to | maintenance
    channel: str  # phone | email | web | wechat | onsite
    opened_at: datetime = Field(index=True)
    first_response_at: datetime | None = None
    resolved_at: datetime | None = Field(default=None, index=True)
    promised_at: datetime
    csat: int | None = None  # 1..5, asked when the ticket closes
    handling_cost: Decimal = money(default=Decimal("0"))


class SurveyResponse(SQLModel, table=True):
    __tablename__ = "survey_response"
    __table_args__ = (code_index("survey_response"),)
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    customer_id: int = Field(foreign_key="customer.id", index=True)
    responded_on: date = Field(index=True)
    nps: int  # 0..10 likelihood to recommend
    csat: int  # 1..5 overall satisfaction


class TrainingRecord(SQLModel, table=True):
    __tablename__ = "training_record"
    __table_args__ = (code_index("training_record"),)
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    employee_id: int = Field(foreign_key="employee.id", index=True)
    course: str
    completed_on: date = Field(index=True)
    hours: Decimal = Field(max_digits=6, decimal_places=1)


class EmployeeSurvey(SQLModel, table=True):
    __tablename__ = "employee_survey"
    __table_args__ = (code_index("employee_survey"),)
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    employee_id: int = Field(foreign_key="employee.id", index=True)
    surveyed_on: date = Field(index=True)
    goal_alignment: int  # 1..5: my personal goals match the CRM goals
    engagement: int  # 1..5
    knowledge_sharing: int  # 1..5


class CrmActivity(SQLModel, table=True):
    __tablename__ = "crm_activity"
    __table_args__ = (code_index("crm_activity"),)
    id: int = Field(primary_key=True)
    code: str | None = Field(default=None, max_length=64)  # the company's own key when it is text
    employee_id: int = Field(foreign_key="employee.id", index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    occurred_on: date = Field(index=True)
    kind: str = Field(index=True)  # login | note | call | visit | email


class KpiTarget(SQLModel, table=True):
    __tablename__ = "kpi_target"
    kpi_id: str = Field(primary_key=True, max_length=64)
    target: float  # in the KPI's unit (a rate as a fraction, money in currency units)
    baseline: float  # where the scale of the 0..100 score starts
    threshold: float  # amber band, as a fraction of the target's distance from the baseline
    weight: float = 1.0


class ObjectiveWeight(SQLModel, table=True):
    """An objective's weight in its perspective, when a company sets one (the targets editor); without a row
    the objective weighs the sum of its KPIs' weights."""

    __tablename__ = "objective_weight"
    objective_id: str = Field(primary_key=True, max_length=64)
    weight: float


class ProgramStep(SQLModel, table=True):
    __tablename__ = "program_step"
    id: int = Field(primary_key=True)  # the step number, 1..12
    phase: int  # 1..4
    name_en: str
    name_zh: str
    planned_start: date
    planned_end: date
    actual_start: date | None = None
    actual_end: date | None = None
    owner: str = ""
    status: str = "planned"  # planned | in_progress | done | on_hold
    percent_complete: float = 0.0  # 0..100
    budget: Decimal = money(default=Decimal("0"))  # the whole step, all categories


class ProgramCost(SQLModel, table=True):
    __tablename__ = "program_cost"
    id: int = Field(primary_key=True)
    step_id: int = Field(foreign_key="program_step.id", index=True)
    incurred_on: date = Field(index=True)
    category: str  # staff | software | consulting | training | hardware
    amount: Decimal = money()


class BenchmarkCase(SQLModel, table=True):
    __tablename__ = "benchmark_case"
    id: int = Field(primary_key=True)
    name: str
    industry: str
    phase: int
    kpi_id: str
    before: float
    after: float
    months: int  # how long after the phase the "after" value was measured
    source: str
    step_id: int | None = Field(default=None, index=True)  # the stage the result calibrates (None: the phase)
    illustrative: bool = False  # invented for the demo, not a real reference case


class ProgramBudget(SQLModel, table=True):
    """Budget of a program step per cost category; spread evenly over the step's planned months."""

    __tablename__ = "program_budget"
    step_id: int = Field(foreign_key="program_step.id", primary_key=True)
    category: str = Field(primary_key=True, max_length=32)  # staff | software | consulting | training | hardware
    amount: Decimal = money()


class ProgramComment(SQLModel, table=True):
    """Dated commentary of the project team on a step (or on the whole program when ``step_id`` is None)."""

    __tablename__ = "program_comment"
    id: int | None = Field(default=None, primary_key=True)
    step_id: int | None = Field(default=None, foreign_key="program_step.id", index=True)
    written_on: date = Field(index=True)
    author: str
    text: str


class ImportMapping(SQLModel, table=True):
    """A company's header remembered as one of our columns (the import page's mapping step)."""

    __tablename__ = "import_mapping"
    table_name: str = Field(primary_key=True, max_length=64)
    header: str = Field(primary_key=True, max_length=200)
    field_name: str = Field(max_length=64)  # our column, or "" to ignore the header
    saved_at: datetime


class KpiTargetChange(SQLModel, table=True):
    """Who changed a KPI's target, band or weight, when, from what to what (the targets editor)."""

    __tablename__ = "kpi_target_change"
    id: int = Field(primary_key=True)
    kpi_id: str = Field(max_length=64, index=True)  # the objective's id when field_name is objective_weight
    field_name: str = Field(max_length=32)  # target | baseline | threshold | weight | objective_weight
    value_before: float | None = None
    value_after: float
    changed_by: str = Field(max_length=200)
    changed_at: datetime = Field(index=True)




# --- Access (issue 12): accounts and the audit trail. Kept out of the analytical store ("private"). ---------
class AppUser(SQLModel, table=True):
    """A person who may sign in: role, and an Argon2id hash unless they sign in only through OpenID Connect."""

    __tablename__ = "app_user"
    __table_args__ = {"info": {"private": True}}
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=320, unique=True, index=True)  # stored lower-case
    role: str = Field(max_length=16)  # executive | project | marketer | admin
    password_hash: str | None = Field(default=None, max_length=255)  # None: OpenID Connect / proxy only
    active: bool = True
    created_at: datetime
    last_sign_in_at: datetime | None = None
    failed_attempts: int = 0  # consecutive failures since the last success
    locked_until: datetime | None = None  # failed attempts rate-limited until then
    # Raised to end every session cookie of the account (sign-out, disabling, a new password): data.sessions
    session_version: int | None = None


class AuditEvent(SQLModel, table=True):
    """Who did what, when: sign-ins (and failures), imports, target changes, program edits, exports, user changes."""

    __tablename__ = "audit_event"
    __table_args__ = {"info": {"private": True}}
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor: str = Field(max_length=320, index=True)  # e-mail, or "cli" / "system"
    action: str = Field(max_length=64, index=True)  # e.g. sign_in, sign_in_failed, import, export, user_add
    detail: str = ""


class AppSetting(SQLModel, table=True):
    """A setting of the app itself, out of the analytical store: the key signing session cookies
    (``data.sessions``) when ``SESSION_SECRET`` is not set."""

    __tablename__ = "app_setting"
    __table_args__ = {"info": {"private": True}}
    key: str = Field(primary_key=True, max_length=64)
    value: str


class SalesRepTarget(SQLModel, table=True):
    """A sales rep's revenue target for one month (the Sales team page); a month without a row has the rep's
    baseline (``metrics.sales.attainment``). Changes are recorded in the audit trail (``data.sales_targets``)."""

    __tablename__ = "sales_rep_target"
    # no foreign key: an import that replaces the staff must not fail on targets; a target of an employee who is
    # gone is simply not shown
    employee_id: int = Field(primary_key=True)
    month: date = Field(primary_key=True)  # the first day of the month
    revenue_target: Decimal = money()
    source: str = Field(default="editor", max_length=32)  # editor | import | cli


class KpiTargetSegment(SQLModel, table=True):
    """A KPI's monthly target for one member of a dimension (a region, channel, industry or customer manager), for
    one month or, ``month`` empty, every month. Without a row the scorecard derives the member's target from the
    company's (``metrics.scorecard.segment_targets``). Edited on the Targets page (``data.targets``)."""

    __tablename__ = "kpi_target_segment"
    id: int | None = Field(default=None, primary_key=True)
    kpi_id: str = Field(max_length=64, index=True)
    dimension: str = Field(max_length=16)  # region | channel | industry | manager
    member: str = Field(max_length=128)  # the region's (channel's, industry's) name, or the manager's id as text
    month: date | None = None  # the first day of the month; empty: every month without a row of its own
    target: float  # in the KPI's unit, per month (like ``kpi_target``)
    baseline: float | None = None  # empty: the company's baseline, scaled like the derived target
    source: str = Field(default="editor", max_length=32)  # editor | import | cli
