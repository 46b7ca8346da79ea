"""A deterministic demo company: 华工重机 (Huagong Heavy Machinery), a construction-machinery maker.

It sells excavators, loaders and cranes, and far more often attachments, spare parts,
lubricants, maintenance contracts and telematics subscriptions, through four channels
(direct sales, distributors, retail chains, online) in five regions, with after-sales service.
The data cover 36 months ending on ``END`` (2023-11 .. 2026-10). Everything is drawn from one
``numpy.random.Generator`` seeded by ``seed``, so the same seed and size give the same rows.

Planted effects (the analytics and the tests look for them; sizes are the generating values)
-----------------------------------------------------------------------------------------------
1. CRM go-live improves response times. Step 7 of the CRM program (technology enablement) goes
   live on ``GO_LIVE`` (2025-05-01, month 18). Ticket first-response hours are log-normal with a
   median of ``RESPONSE_MEDIAN_HOURS_BEFORE`` = 8 h before go-live and
   ``RESPONSE_MEDIAN_HOURS_AFTER`` = 3 h after. On-time delivery rises from 85% to 93%; the
   share of complaints never resolved falls from 10% to 4%.
2. Faster service raises satisfaction. A ticket's CSAT (1..5) is
   ``round(4.6 - 0.12 * min(hours, 24) + N(0, 0.7))`` clipped to 1..5: each hour of first
   response costs ``CSAT_PER_HOUR`` = 0.12 points.
3. Satisfaction lowers churn three months later. Each customer carries a satisfaction state
   (exponentially weighted mean of its ticket CSATs by month of opening, weight 0.5, start 4.0;
   every resolved ticket records its CSAT, so the state can be rebuilt from the data). The monthly churn
   probability in month m is ``base(channel) * exp(-CHURN_SATISFACTION_SLOPE * (s[m-3] - 4))``
   with ``CHURN_SATISFACTION_SLOPE`` = 1.0 and ``CHURN_LAG_MONTHS`` = 3: a customer one point
   less satisfied is e (2.7) times as likely to leave, three months later.
4. Training raises data completeness. Each of a customer's four contact fields (contact name,
   email, phone, city) is filled with probability ``0.45 + 0.5 * min(H, 40) / 40``, where H is
   the CRM training hours its manager completed before the customer was acquired (0.40 for
   customers without a manager). CRM training happens in program step 8 (2025-03 .. 2025-08).
5. Channels and campaigns differ in return. Base discounts: direct 5%, distributor 15%, retail
   chain 33%, online 3%. Retail chains buy no machines, only parts and consumables at a thin
   margin after their 33% discount, charge an entry fee of about 50,000 CNY per chain (recorded as
   acquisition cost, 进场费) and open 2.5x as many tickets: the retail chain channel loses money
   after acquisition and service cost, the others earn. Campaign spend is a cost per
   contact (email 15, WeChat 8, direct mail 30, telesales 120, trade show 2,500 CNY); trade
   shows convert 0.4% of contacts, so their attributed revenue stays far below their spend while
   every other campaign kind earns more than it costs.
   Direct-sales customers buy the most per order and churn least (highest lifetime value).
6. Pareto profits. Order rates are gamma-distributed across customers (shape 0.6) and line
   values log-normal, so the top 20% of customers hold well over half of the gross margin;
   ticket handling cost makes a tail of customers unprofitable after cost to serve.
7. Quote inconsistency. Each sales rep adds a personal discount offset (sd 3 points), so one
   product in one month sells at different net prices.
8. Adoption and knowledge sharing. The weekly share of customer-facing staff active in the CRM
   rises from 35% to 85% at go-live; notes are logged for 25% of interactions before and 60%
   after. Staff goal alignment (1..5) averages 2.8 before step 11 (change management) and 3.8
   after it starts.
9. Portfolio hand-over. When an account manager leaves, half of their customers are handed to a
   staying manager within 60 days (``customer_owner_change``); the rest keep a departed owner.
10. Program benefit on gross margin. From go-live the CRM's view of parts demand and service history
   cuts the cost of goods: every order line's unit cost is lower by a share that ramps linearly from
   ``PROGRAM_COST_SAVING / PROGRAM_RAMP_MONTHS`` in the go-live month to ``PROGRAM_COST_SAVING`` = 6%
   from month ``GO_LIVE_MONTH + PROGRAM_RAMP_MONTHS - 1`` on (``PROGRAM_RAMP_MONTHS`` = 6). The
   planted benefit of a month is therefore ``sum(quantity * unit_cost) * s / (1 - s)`` over its lines,
   with ``s = program_saving(month)``: about 14% of monthly gross margin once ramped up; at the tests'
   3,000 customers (seed 7) 2.1-2.8 million CNY a month, 34.8 million over the 18 months from go-live.
   (Effects 1-3 add a further, unplanted, benefit through retention.)
   Program tables: each step has an owner, a status and a % complete as of ``END``, a budget per cost
   category (``program_budget``, 1.15x the planned monthly spend), dated commentary
   (``program_comment``); benchmark cases (``benchmark_case``, three per calibrated stage so each has a
   band) are illustrative, flagged as such. These draws use their own generator, so the rest of the
   demo is unchanged by them.
"""

from dataclasses import dataclass

import numpy as np

END = np.datetime64("2026-10-31")
MONTHS = 36
START = (END.astype("datetime64[M]") - (MONTHS - 1)).astype("datetime64[D]")
GO_LIVE_MONTH = 18
GO_LIVE = (START.astype("datetime64[M]") + GO_LIVE_MONTH).astype("datetime64[D]")

# planted effect sizes; a trailing number starts the constants of that effect above
RESPONSE_MEDIAN_HOURS_BEFORE = 8.0  # 1
RESPONSE_MEDIAN_HOURS_AFTER = 3.0
ON_TIME_DELIVERY_BEFORE = 0.85
ON_TIME_DELIVERY_AFTER = 0.93
UNRESOLVED_COMPLAINTS_BEFORE = 0.10
UNRESOLVED_COMPLAINTS_AFTER = 0.04
CSAT_PER_HOUR = 0.12  # 2
CHURN_SATISFACTION_SLOPE = 1.0  # 3
CHURN_LAG_MONTHS = 3
COMPLETENESS_UNTRAINED = 0.45  # 4: a contact field is filled with 0.45 + 0.5 * min(hours, 40) / 40
COMPLETENESS_FROM_TRAINING = 0.5
TRAINING_HOURS_FOR_FULL_EFFECT = 40
COMPLETENESS_WITHOUT_MANAGER = 0.40
TRADE_SHOW_COST_PER_CONTACT = 2500.0  # 5
# channel, purpose, spend per contact, response rate, conversion rate of responders
CAMPAIGN_KINDS = [("email", "retention", 15.0, 0.06, 0.25), ("telesales", "cross_sell", 120.0, 0.12, 0.35),
                  ("trade_show", "acquisition", TRADE_SHOW_COST_PER_CONTACT, 0.04, 0.10),
                  ("wechat", "retention", 8.0, 0.09, 0.30), ("direct_mail", "cross_sell", 30.0, 0.05, 0.3)]
ORDER_RATE_SHAPE = 0.6  # 6
REP_DISCOUNT_SD = 0.03  # 7
CRM_ACTIVE_BEFORE = 0.35  # 8: weekly share of customer-facing staff logged in
CRM_ACTIVE_AFTER = 0.85
NOTES_SHARE_BEFORE = 0.25
NOTES_SHARE_AFTER = 0.6
GOAL_ALIGNMENT_BEFORE = 2.8
GOAL_ALIGNMENT_AFTER = 3.8
HANDED_OVER_SHARE = 0.5  # 9
HAND_OVER_DAYS = 60
PROGRAM_COST_SAVING = 0.06  # 10
PROGRAM_RAMP_MONTHS = 6


def program_saving(month: np.ndarray | int) -> np.ndarray:
    """Planted effect 10: the share by which unit costs are lower in month ``month`` (0 = first month)."""
    ramp = (np.asarray(month) - GO_LIVE_MONTH + 1) / PROGRAM_RAMP_MONTHS
    return PROGRAM_COST_SAVING * np.clip(ramp, 0.0, 1.0)


REGIONS = ["East", "North", "South", "West", "Central"]
CHANNELS = ["direct", "distributor", "retail_chain", "online"]
CHANNEL_SHARE = [0.25, 0.35, 0.20, 0.20]
CHANNEL_DISCOUNT = {"direct": 0.05, "distributor": 0.15, "retail_chain": 0.33, "online": 0.03}
CHANNEL_ACQUISITION_COST = {"direct": 6000, "distributor": 2200, "retail_chain": 50_000, "online": 450}
CHANNEL_ORDERS_PER_MONTH = {"direct": 1.0, "distributor": 1.05, "retail_chain": 0.9, "online": 0.8}
CHANNEL_TICKETS_PER_MONTH = {"direct": 0.11, "distributor": 0.12, "retail_chain": 0.30, "online": 0.10}
CHANNEL_BASE_CHURN = {"direct": 0.007, "distributor": 0.010, "retail_chain": 0.014, "online": 0.016}
CHANNEL_MACHINE_SHARE = {"direct": 0.05, "distributor": 0.03, "retail_chain": 0.0, "online": 0.004}
INDUSTRIES = ["construction", "mining", "agriculture", "logistics", "municipal"]
CUSTOMER_TYPES = ["enterprise", "sme", "government"]

# category: (price low, price high, cost share, quantity max, lead days)
CATEGORIES = {
    "excavator": (280_000, 650_000, 0.78, 1, 30),
    "loader": (180_000, 350_000, 0.80, 1, 30),
    "crane": (400_000, 900_000, 0.76, 1, 45),
    "attachment": (8_000, 40_000, 0.62, 2, 10),
    "spare_parts": (200, 6_000, 0.45, 8, 5),
    "lubricants": (300, 2_000, 0.55, 10, 3),
    "maintenance": (1_500, 12_000, 0.52, 1, 7),
    "telematics": (1_200, 3_600, 0.30, 3, 2),
}
MACHINES = ["excavator", "loader", "crane"]
OTHER_CATEGORY_WEIGHTS = {
    "attachment": 0.08, "spare_parts": 0.42, "lubricants": 0.22, "maintenance": 0.18, "telematics": 0.10,
}
TICKET_CATEGORIES = ["complaint", "repair", "how_to", "maintenance"]
TICKET_CATEGORY_SHARE = [0.15, 0.35, 0.30, 0.20]
TICKET_CHANNELS = ["phone", "email", "web", "wechat", "onsite"]
TICKET_PROMISE_HOURS = {"complaint": 48, "repair": 72, "how_to": 24, "maintenance": 120}
TICKET_HANDLING_COST = {"complaint": 900.0, "repair": 1600.0, "how_to": 250.0, "maintenance": 700.0}
STAGES = ["prospecting", "qualification", "proposal", "negotiation"]

# (step, phase, name, Chinese name, first month, month after the last): the program's plan
PROGRAM_STEPS = [
    (1, 1, "Preparation", "准备", 0, 2),
    (2, 1, "Project management", "项目管理", 1, 3),
    (3, 1, "Customer view and rapid business assessment", "客户视角和快速商业评估", 2, 4),
    (4, 2, "Customer analysis and strategy formation", "客户分析和战略形成", 4, 7),
    (5, 2, "Capability for success", "获得成功的能力", 6, 9),
    (6, 2, "Process design around the customer experience", "过程形成", 8, 12),
    (7, 2, "Technology enablement", "技术授权", 10, GO_LIVE_MONTH),
    (8, 3, "Training", "培训", 16, 22),
    (9, 3, "Customer-strategy cycle (pilots)", "客户战略形成循环", 18, 27),
    (10, 3, "Performance measurement and scorecard", "业绩衡量与计分卡的发展", 20, 26),
    (11, 4, "Change management", "变化管理", 22, 33),
    (12, 4, "Customer-strategy culture", "建立客户战略文化", 26, 36),
]
TRAINING_STEP = 8
CHANGE_STEP = 11

DESCRIPTION_ZH = (
    "华工重机（演示数据）生产挖掘机、装载机和起重机，并通过直销、经销商、零售连锁和线上四个渠道，"
    "在五个大区销售整机及属具、备件、润滑油、维保服务和车联网服务。其 CRM 项目（4 个阶段 12 个步骤）"
    "于 2025 年 5 月上线。"
)
DESCRIPTION = (
    "Huagong Heavy Machinery (华工重机, demo data) makes excavators, loaders and cranes and sells "
    "them, with attachments, spare parts, lubricants, maintenance and telematics, through direct "
    "sales, distributors, retail chains and online in five regions. Its CRM program (12 steps in "
    "4 phases) went live in May 2025."
)


@dataclass(frozen=True)
class DemoSize:
    customers: int

    @property
    def employees(self) -> int:
        return max(160, self.customers // 250)


def month_start(m: np.ndarray | int) -> np.ndarray:
    """The first day of month ``m`` of the window (0 = ``START``'s month)."""
    return (START.astype("datetime64[M]") + m).astype("datetime64[D]")


def days_in_month(m: np.ndarray) -> np.ndarray:
    return (month_start(np.asarray(m) + 1) - month_start(m)).astype(np.int64)
