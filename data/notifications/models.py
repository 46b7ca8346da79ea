"""Tables of notifications (registered on SQLModel.metadata by data.db). All private: never copied to the store.

- ``alert_state``: the last state seen per alert key (a KPI's status, a forecast's side of the threshold, a step's
  outcome): an alert fires when the state changes into an alerting one, once, not at every evaluation;
- ``alert_event``: every change of state (the Alerts page's history), ``fired`` when it alerts;
- ``notification_subscription``: what a person receives, by which channel and in which language (no row: the
  defaults of their role, :mod:`data.notifications.subscriptions`);
- ``notification_outbox``: one row per message to deliver (alert x recipient x channel, or a digest), with its
  attempts, back-off and dead letter; ``notification_token_used``: unsubscribe links already followed.
"""

from datetime import datetime

from sqlmodel import Field, SQLModel


class AlertState(SQLModel, table=True):
    __tablename__ = "alert_state"
    __table_args__ = {"info": {"private": True}}
    key: str = Field(primary_key=True, max_length=160)  # kind:subject, e.g. kpi_red:revenue_growth
    kind: str = Field(max_length=32, index=True)
    subject: str = Field(max_length=128)  # a KPI id, a refresh step, "store"
    state: str = Field(max_length=32)  # e.g. red / amber / green / none; below / above / unknown; failed / ok
    alerting: bool = False
    changed_at: datetime
    seen_at: datetime  # when its state was last written


class AlertEvent(SQLModel, table=True):
    __tablename__ = "alert_event"
    __table_args__ = {"info": {"private": True}}
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=160, index=True)
    kind: str = Field(max_length=32, index=True)
    subject: str = Field(max_length=128)
    previous: str | None = Field(default=None, max_length=32)  # None: first seen
    state: str = Field(max_length=32)
    fired: bool = Field(default=False, index=True)  # an alerting state: sent to the subscribers
    at: datetime = Field(index=True)
    detail: str = "{}"  # JSON: the numbers and sentences the message needs (values, target, period, reasons)


class Subscription(SQLModel, table=True):
    __tablename__ = "notification_subscription"
    __table_args__ = {"info": {"private": True}}
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    channel: str = Field(default="email", max_length=16)  # email | webhook
    alerts: str = Field(default="own", max_length=16)  # none | own | red | all
    digest: str = Field(default="none", max_length=16)  # none | weekly | monthly
    lang: str = Field(default="en", max_length=4)  # en | zh
    webhook_url: str | None = Field(default=None, max_length=2000)
    webhook_kind: str | None = Field(default=None, max_length=16)  # generic | wecom | dingtalk | feishu
    active: bool = True
    updated_at: datetime
    updated_by: str = Field(default="system", max_length=320)


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "notification_outbox"
    __table_args__ = {"info": {"private": True}}
    id: int | None = Field(default=None, primary_key=True)
    # alert:<event id>:<user id>:<channel> or digest:<weekly:2026-W49>:<user id>:<channel>: never two rows alike
    idempotency_key: str = Field(max_length=200, unique=True, index=True)
    kind: str = Field(max_length=16)  # alert | digest
    user_id: int = Field(foreign_key="app_user.id", index=True)
    subscription_id: int | None = None  # None: the role's default subscription
    channel: str = Field(max_length=16)  # email | webhook
    target: str = Field(max_length=2000)  # the e-mail address or the webhook's URL
    webhook_kind: str | None = Field(default=None, max_length=16)
    lang: str = Field(default="en", max_length=4)
    event_id: int | None = Field(default=None, foreign_key="alert_event.id", index=True)
    period: str | None = Field(default=None, max_length=32)  # a digest's period: weekly:2026-W49, monthly:2026-12
    status: str = Field(default="pending", max_length=16, index=True)  # pending | sent | dead
    attempts: int = 0
    next_attempt_at: datetime = Field(index=True)
    last_error: str | None = None
    created_at: datetime
    sent_at: datetime | None = None


class UsedToken(SQLModel, table=True):
    __tablename__ = "notification_token_used"
    __table_args__ = {"info": {"private": True}}
    nonce: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="app_user.id")
    used_at: datetime
