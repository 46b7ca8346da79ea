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

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import Engine, delete, insert

from data import db, models
from data.bulk import bulk_insert

END = np.datetime64("2026-10-31")
MONTHS = 36
START = (END.astype("datetime64[M]") - (MONTHS - 1)).astype("datetime64[D]")
GO_LIVE_MONTH = 18
GO_LIVE = (START.astype("datetime64[M]") + GO_LIVE_MONTH).astype("datetime64[D]")

RESPONSE_MEDIAN_HOURS_BEFORE = 8.0
RESPONSE_MEDIAN_HOURS_AFTER = 3.0
CSAT_PER_HOUR = 0.12
CHURN_SATISFACTION_SLOPE = 1.0
CHURN_LAG_MONTHS = 3
TRADE_SHOW_COST_PER_CONTACT = 2500.0
PROGRAM_COST_SAVING = 0.06
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
PROGRAM_OWNERS = {
    1: "Zhang Wei (CEO office)", 2: "Li Na (program office)", 3: "Chen Jie (service director)",
    4: "Liu Yang (marketing director)", 5: "Zhao Min (HR director)", 6: "Chen Jie (service director)",
    7: "Wang Qiang (IT director)", 8: "Sun Li (training lead)", 9: "Zhou Hao (sales director)",
    10: "Wu Fang (finance controller)", 11: "Li Na (program office)", 12: "Zhang Wei (CEO office)",
}
# (step or None for the whole program, month written, text): the project team's dated notes
PROGRAM_COMMENTS = [
    (1, 1, "Sponsor confirmed; steering committee meets monthly."),
    (3, 3, "Rapid assessment: slow service response and scattered customer data are the main complaints."),
    (4, 6, "Strategy: customer intimacy for direct and distributor accounts; picket fence for the top 20%."),
    (6, 10, "Service process redesigned around one ticket queue; distributors join the pilot."),
    (7, 14, "Data migration from the distributor spreadsheets is two weeks late."),
    (7, 17, "Go-live approved for 1 May; help desk staffed for the first month."),
    (8, 19, "First wave of CRM training done for account managers; service engineers next."),
    (9, 22, "Pilot loop 2 (East region): weekly opportunity review adopted by all reps."),
    (10, 24, "Scorecard reviewed monthly by the management team."),
    (11, 28, "Goal-alignment survey up from 2.8 to 3.7; incentives now include retention."),
    (None, 30, "Program review: margin above the counterfactual since go-live; culture step behind plan."),
    (12, 34, "Culture step behind plan: customer-value commission not yet rolled out in the North."),
]
# (case, industry, step it calibrates, kpi_id, before, after, months after the step): illustrative only
BENCHMARK_CASES = [
    ("Construction-machinery sales company (2003 case)", "machinery", 7, "first_response_hours", 10.0, 4.0, 6),
    ("Agricultural equipment dealer network", "machinery", 7, "first_response_hours", 12.0, 6.0, 6),
    ("Industrial pump maker, service desk", "manufacturing", 7, "first_response_hours", 9.0, 5.5, 6),
    ("Industrial distributor, CRM rollout", "distribution", 8, "data_completeness", 0.55, 0.85, 6),
    ("Truck maker, dealer CRM", "machinery", 8, "data_completeness", 0.50, 0.70, 6),
    ("Building-materials wholesaler", "distribution", 8, "data_completeness", 0.60, 0.78, 6),
    ("IBM CRM study: company-wide adoption", "cross-industry", 9, "crm_adoption", 0.40, 0.80, 6),
    ("Equipment rental chain, sales pilots", "machinery", 9, "crm_adoption", 0.30, 0.65, 6),
    ("Forklift maker, pilot regions", "machinery", 9, "crm_adoption", 0.35, 0.60, 6),
    ("Equipment maker, service program", "machinery", 11, "goal_alignment", 2.9, 3.6, 6),
    ("Chemicals distributor, change program", "distribution", 11, "goal_alignment", 3.0, 3.4, 6),
    ("Machine-tool maker, incentive redesign", "manufacturing", 11, "goal_alignment", 2.7, 3.8, 6),
]

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

# Default KPI targets per month: kpi_id -> (target, baseline, amber threshold, weight); rates as
# fractions. Baselines are where the company stood before its CRM program, targets what the
# program promised. Targets of absolute KPIs (revenue, counts) depend on the company's size: the
# builder derives them from the first year of generated data (see ``Builder.size_targets``).
DEFAULT_TARGETS: dict[str, tuple[float, float, float, float]] = {
    "revenue_growth": (0.30, 0.10, 0.5, 2.0),
    "gross_margin_pct": (0.24, 0.20, 0.5, 1.0),
    "new_customer_revenue_share": (0.35, 0.30, 0.5, 1.0),
    "existing_revenue_growth": (0.20, 0.05, 0.5, 2.0),
    "customer_acquisition_cost": (10_000.0, 13_000.0, 0.5, 1.0),
    "cost_to_serve": (120.0, 150.0, 0.5, 1.0),
    "unprofitable_customer_share": (0.12, 0.20, 0.4, 1.0),
    "top20_profit_share": (0.75, 0.85, 0.5, 1.0),
    "marketing_roi": (3.0, 1.0, 0.5, 1.0),
    "retention_rate": (0.992, 0.985, 0.5, 2.0),
    "churn_rate": (0.008, 0.015, 0.5, 1.0),
    "repeat_purchase_rate": (0.80, 0.74, 0.5, 1.0),
    "average_csat": (4.2, 3.8, 0.5, 2.0),
    "net_promoter_score": (35.0, 15.0, 0.5, 2.0),
    "complaints_per_100": (1.5, 2.5, 0.5, 1.0),
    "categories_per_customer": (2.5, 2.1, 0.5, 1.0),
    "top_tier_revenue_share": (0.75, 0.70, 0.5, 1.0),
    "lead_conversion_rate": (0.30, 0.20, 0.5, 1.0),
    "lead_to_customer_days": (45.0, 60.0, 0.5, 1.0),
    "opportunity_win_rate": (0.60, 0.50, 0.5, 1.0),
    "sales_cycle_days": (45.0, 55.0, 0.5, 1.0),
    "pipeline_advance_share": (0.40, 0.25, 0.5, 1.0),
    "first_response_hours": (4.0, 8.0, 0.5, 2.0),
    "tickets_within_promise": (0.80, 0.60, 0.5, 1.0),
    "on_time_delivery": (0.95, 0.85, 0.5, 1.0),
    "complaint_resolution_rate": (0.98, 0.90, 0.5, 1.0),
    "complaint_resolution_days": (1.5, 2.0, 0.5, 1.0),
    "avoidable_ticket_share": (0.20, 0.30, 0.5, 1.0),
    "cross_sell_rate": (0.25, 0.15, 0.5, 1.0),
    "campaign_response_rate": (0.08, 0.05, 0.5, 1.0),
    "campaign_roi": (5.0, 2.0, 0.5, 1.0),
    "price_spread": (0.06, 0.12, 0.5, 1.0),
    "training_hours_per_employee": (2.0, 0.5, 0.5, 1.0),
    "crm_adoption": (0.85, 0.35, 0.3, 2.0),
    "data_completeness": (0.80, 0.45, 0.3, 2.0),
    "unowned_customer_share": (0.05, 0.20, 0.5, 1.0),
    "goal_alignment": (4.0, 2.8, 0.5, 1.0),
    "notes_per_100_interactions": (50.0, 10.0, 0.5, 1.0),
    "staff_turnover": (0.008, 0.015, 0.5, 1.0),
}


@dataclass(frozen=True)
class DemoSize:
    customers: int

    @property
    def employees(self) -> int:
        return max(160, self.customers // 250)


def _month_start(m: np.ndarray | int) -> np.ndarray:
    return (START.astype("datetime64[M]") + m).astype("datetime64[D]")


def _days_in_month(m: np.ndarray) -> np.ndarray:
    return (_month_start(np.asarray(m) + 1) - _month_start(m)).astype(np.int64)


def _cents(x: np.ndarray) -> np.ndarray:
    """Money as float rounded to the cent (exact once stored as NUMERIC)."""
    return np.round(np.asarray(x, dtype=float), 2)


def _pick(rng: np.random.Generator, options: list[str], share, n: int) -> np.ndarray:
    return np.asarray(options, dtype=object)[rng.choice(len(options), size=n, p=share)]


def _lookup(mapping: dict[str, float], keys: np.ndarray) -> np.ndarray:
    return np.vectorize(mapping.__getitem__, otypes=[float])(keys)


class Builder:
    """Generates the tables in dependency order and writes each as it is made."""

    def __init__(self, engine: Engine, *, customers: int, seed: int) -> None:
        self.engine = engine
        self.size = DemoSize(customers)
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.counts: dict[str, int] = {}

    def write(self, conn, table, columns: dict) -> None:
        self.counts[table.name] = bulk_insert(conn, table, columns)

    def build(self) -> dict[str, int]:
        db.drop_schema(self.engine)
        db.create_schema(self.engine, with_indexes=False)
        with self.engine.begin() as conn:
            self.program(conn)
            self.employees(conn)
            self.training(conn)
            self.customers(conn)
            self.products(conn)
            self.service_and_churn(conn)
            self.write_customers(conn)
            self.tickets(conn)
            self.orders(conn)
            self.campaigns(conn)
            self.leads_and_pipeline(conn)
            self.surveys(conn)
            self.staff_surveys_and_activity(conn)
            self.targets_and_info(conn)
        db.create_indexes(self.engine)
        return self.counts

    # --- CRM program ---------------------------------------------------------------------
    def program(self, conn) -> None:
        rng = self.rng
        ids = [s[0] for s in PROGRAM_STEPS]
        planned_start = _month_start(np.array([s[4] for s in PROGRAM_STEPS]))
        planned_end = _month_start(np.array([s[5] for s in PROGRAM_STEPS])) - 1
        slip = rng.integers(0, 25, len(ids)).astype("timedelta64[D]")
        actual_start = planned_start + slip // 2
        actual_end = np.minimum(planned_end + slip, END)
        actual_end[ids.index(7)] = GO_LIVE - 1
        still_running = np.array([s[5] >= MONTHS for s in PROGRAM_STEPS])
        actual_end = actual_end.astype("datetime64[D]")
        actual_end[still_running] = np.datetime64("NaT")
        prog = np.random.default_rng([self.seed, 10])  # program-only draws: the rest of the demo is unchanged
        monthly_budget = {1: 60_000, 2: 90_000, 3: 120_000, 4: 150_000, 5: 110_000, 6: 160_000,
                          7: 420_000, 8: 140_000, 9: 100_000, 10: 70_000, 11: 90_000, 12: 50_000}
        step_category = {7: ["software", "hardware", "consulting"], 8: ["training"],
                         4: ["consulting", "staff"], 6: ["consulting", "staff"]}
        budget_factor = prog.uniform(0.85, 1.3, len(ids))
        budget_rows = []
        for (step, _phase, _en, _zh, first, last), factor in zip(PROGRAM_STEPS, budget_factor, strict=True):
            categories = step_category.get(step, ["staff"])
            for category in categories:
                budget_rows.append((step, category, round(monthly_budget[step] * (last - first) * factor
                                                          / len(categories), -3)))
        budget = {step: sum(r[2] for r in budget_rows if r[0] == step) for step in ids}
        percent = np.where(still_running, np.round(prog.uniform(55, 80, len(ids))), 100.0)
        self.write(conn, models.ProgramStep.__table__, {
            "id": ids, "phase": [s[1] for s in PROGRAM_STEPS],
            "name_en": [s[2] for s in PROGRAM_STEPS], "name_zh": [s[3] for s in PROGRAM_STEPS],
            "planned_start": planned_start, "planned_end": planned_end,
            "actual_start": actual_start, "actual_end": actual_end,
            "owner": [PROGRAM_OWNERS[step] for step in ids],
            "status": np.where(still_running, "in_progress", "done").astype(object),
            "percent_complete": percent, "budget": _cents([budget[step] for step in ids]),
        })
        self.write(conn, models.ProgramBudget.__table__, {
            "step_id": [r[0] for r in budget_rows], "category": [r[1] for r in budget_rows],
            "amount": _cents([r[2] for r in budget_rows]),
        })
        step_ids, months, categories, amounts = [], [], [], []
        for step, _phase, _en, _zh, first, last in PROGRAM_STEPS:
            for m in range(first, min(last, MONTHS)):
                for category in step_category.get(step, ["staff"]):
                    step_ids.append(step)
                    months.append(m)
                    categories.append(category)
                    amounts.append(monthly_budget[step] * rng.uniform(0.7, 1.3)
                                   / len(step_category.get(step, ["staff"])))
        self.write(conn, models.ProgramCost.__table__, {
            "id": np.arange(1, len(step_ids) + 1), "step_id": step_ids,
            "incurred_on": _month_start(np.array(months)) + 14, "category": categories,
            "amount": _cents(amounts),
        })
        self.write(conn, models.ProgramComment.__table__, {
            "id": np.arange(1, len(PROGRAM_COMMENTS) + 1), "step_id": [c[0] for c in PROGRAM_COMMENTS],
            "written_on": _month_start(np.array([c[1] for c in PROGRAM_COMMENTS])) + 27,
            "author": [PROGRAM_OWNERS[c[0] or 2] for c in PROGRAM_COMMENTS],
            "text": [c[2] for c in PROGRAM_COMMENTS],
        })
        cases = BENCHMARK_CASES
        self.write(conn, models.BenchmarkCase.__table__, {
            "id": np.arange(1, len(cases) + 1), "name": [c[0] for c in cases],
            "industry": [c[1] for c in cases], "phase": [PROGRAM_STEPS[c[2] - 1][1] for c in cases],
            "step_id": [c[2] for c in cases], "kpi_id": [c[3] for c in cases], "before": [c[4] for c in cases],
            "after": [c[5] for c in cases], "months": [c[6] for c in cases],
            "source": ["illustrative benchmark (demo data)"] * len(cases), "illustrative": [True] * len(cases),
        })

    # --- staff -----------------------------------------------------------------------------
    def employees(self, conn) -> None:
        rng, n = self.rng, self.size.employees
        roles = np.array(["account_manager", "sales_rep", "service_engineer", "marketing", "back_office"],
                         dtype=object)
        role = roles[rng.choice(5, n, p=[0.25, 0.25, 0.25, 0.10, 0.15])]
        department = np.vectorize({"account_manager": "sales", "sales_rep": "sales",
                                   "service_engineer": "service", "marketing": "marketing",
                                   "back_office": "finance"}.get, otypes=[object])(role)
        hired = START - rng.integers(30, 3000, n).astype("timedelta64[D]")
        late = rng.random(n) < 0.15
        hired[late] = START + rng.integers(0, MONTHS * 30, late.sum()).astype("timedelta64[D]")
        left = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
        leaves = rng.random(n) < 0.30  # about 10% of staff leave each year
        left[leaves] = np.maximum(START + rng.integers(0, MONTHS * 30, leaves.sum()).astype("timedelta64[D]"),
                                  hired[leaves] + 90)
        left[left > END] = np.datetime64("NaT")
        self.emp = {
            "id": np.arange(1, n + 1), "role": role, "region": _pick(rng, REGIONS, None, n),
            "hired_on": hired, "left_on": left,
        }
        self.emp["customer_facing"] = np.isin(role, ["account_manager", "sales_rep", "service_engineer"])
        self.write(conn, models.Employee.__table__, {
            **self.emp, "name": [f"Employee {i:04d}" for i in self.emp["id"]], "department": department,
        })

    def training(self, conn) -> None:
        """CRM training in step 8 plus general courses throughout; planted effect 4 uses it."""
        rng, emp = self.rng, self.emp
        first, last = PROGRAM_STEPS[TRAINING_STEP - 1][4:6]
        facing = np.flatnonzero(emp["customer_facing"])
        # CRM courses: 0..4 sessions of 4..12 h per customer-facing employee, in step 8.
        sessions = rng.choice(5, facing.size, p=[0.15, 0.2, 0.25, 0.25, 0.15])
        who = np.repeat(facing, sessions)
        crm_on = _month_start(first) + rng.integers(0, (last - first) * 30, who.size).astype("timedelta64[D]")
        crm_hours = rng.choice([4.0, 8.0, 12.0], who.size)
        general = rng.poisson(6, emp["id"].size)
        gwho = np.repeat(np.arange(emp["id"].size), general)
        g_on = START + rng.integers(0, MONTHS * 30, gwho.size).astype("timedelta64[D]")
        g_hours = rng.choice([2.0, 4.0, 8.0], gwho.size)
        employee = np.concatenate([who, gwho])
        on = np.concatenate([crm_on, g_on])
        keep = (on >= emp["hired_on"][employee]) & (
            np.isnat(emp["left_on"][employee]) | (on < emp["left_on"][employee])) & (on <= END)
        courses = np.concatenate([np.full(who.size, "CRM system and customer strategy", dtype=object),
                                  rng.choice(np.array(["Product technology", "Safety", "Negotiation",
                                                       "Service skills"], dtype=object), gwho.size)])
        order = np.lexsort((employee[keep], on[keep]))
        self.crm_training = (emp["id"][who[keep[: who.size]]], crm_on[keep[: who.size]],
                             crm_hours[keep[: who.size]])
        self.write(conn, models.TrainingRecord.__table__, {
            "id": np.arange(1, keep.sum() + 1), "employee_id": emp["id"][employee[keep]][order],
            "course": courses[keep][order], "completed_on": on[keep][order],
            "hours": np.concatenate([crm_hours, g_hours])[keep][order],
        })

    # --- customers -------------------------------------------------------------------------
    def customers(self, conn) -> None:
        """Draw the customer dimension (written later, once churn dates are known)."""
        rng, n = self.rng, self.size.customers
        channel = _pick(rng, CHANNELS, CHANNEL_SHARE, n)
        before = rng.random(n) < 0.35
        acquired = np.empty(n, dtype="datetime64[D]")
        acquired[before] = START - rng.integers(1, 4 * 365, before.sum()).astype("timedelta64[D]")
        # in-window acquisitions grow over time (density rising by a half over the 36 months)
        u = rng.random((~before).sum())
        span = MONTHS * 30.4
        days = span * (np.sqrt(1 + 3 * u) - 1)  # inverse CDF of a linearly rising density
        acquired[~before] = np.minimum(START + days.astype("timedelta64[D]"), END)
        order = np.argsort(acquired, kind="stable")
        channel, acquired = channel[order], acquired[order]
        region = _pick(rng, REGIONS, [0.3, 0.2, 0.22, 0.12, 0.16], n)
        managers = np.flatnonzero(self.emp["role"] == "account_manager")
        manager = self.emp["id"][rng.choice(managers, n)].astype(float)
        manager[(channel == "online") & (rng.random(n) < 0.7)] = np.nan
        cost = _lookup(CHANNEL_ACQUISITION_COST, channel) * rng.lognormal(0, 0.35, n)
        referred = np.full(n, np.nan)
        can_refer = np.flatnonzero(acquired >= START)
        refers = can_refer[rng.random(can_refer.size) < 0.08]
        earlier = np.maximum((refers * rng.random(refers.size)).astype(np.int64), 0)
        referred[refers] = earlier + 1
        referred[refers[earlier >= refers]] = np.nan
        self.cust = {
            "id": np.arange(1, n + 1), "channel": channel, "acquired_on": acquired, "region": region,
            "industry": _pick(rng, INDUSTRIES, [0.35, 0.15, 0.15, 0.2, 0.15], n),
            "type": _pick(rng, CUSTOMER_TYPES, [0.3, 0.6, 0.1], n), "manager_id": manager,
            "acquisition_cost": _cents(np.where(acquired >= START, cost, cost * 0.9)),
            "referred_by_id": referred,
        }
        self.cust["acquisition_cost"][~np.isnan(referred)] *= 0.3
        self.cust["acquisition_cost"] = _cents(self.cust["acquisition_cost"])
        self.cust["first_manager_id"] = manager.copy()
        self.cust_month = np.clip(
            (acquired.astype("datetime64[M]") - START.astype("datetime64[M]")).astype(np.int64), 0, None)
        # sales rep per customer: a rep in the customer's region where one exists
        reps = np.flatnonzero(self.emp["role"] == "sales_rep")
        self.cust_rep = self.emp["id"][rng.choice(reps, n)]
        self._contact_fields(n)
        self._hand_over_portfolios(n)

    def _hand_over_portfolios(self, n: int) -> None:
        """Half of the customers of a manager who leaves are handed to a staying manager within 60 days;
        the rest keep a departed owner (what the "customers without an active owner" KPI finds)."""
        rng, emp = self.rng, self.emp
        manager = self.cust["manager_id"]
        left = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
        has = ~np.isnan(manager)
        left[has] = emp["left_on"][manager[has].astype(np.int64) - 1]
        staying = emp["id"][(emp["role"] == "account_manager") & np.isnat(emp["left_on"])]
        handed = ~np.isnat(left) & (self.cust["acquired_on"] < left) & (rng.random(n) < 0.5)
        when = left[handed] + rng.integers(0, 61, handed.sum()).astype("timedelta64[D]")
        keep = when <= END
        who = np.flatnonzero(handed)[keep]
        self.owner_changes = {
            "customer_id": self.cust["id"][who], "changed_on": when[keep],
            "from_manager_id": manager[who], "to_manager_id": rng.choice(staying, who.size).astype(float),
        }
        manager[who] = self.owner_changes["to_manager_id"]

    def _contact_fields(self, n: int) -> None:
        """Planted effect 4: completeness follows the manager's CRM training before acquisition."""
        rng = self.rng
        trainee, on, hours = self.crm_training
        manager = self.cust["manager_id"]
        trained = np.zeros(n)
        for emp_id in np.unique(trainee):
            mine = manager == emp_id
            if not mine.any():
                continue
            sel = trainee == emp_id
            done = on[sel][None, :] < self.cust["acquired_on"][mine][:, None]
            trained[mine] = (done * hours[sel][None, :]).sum(axis=1)
        p = np.where(np.isnan(manager), 0.40, 0.45 + 0.5 * np.minimum(trained, 40) / 40)  # acquiring manager
        self.cust["training_hours"] = trained
        filled = rng.random((4, n)) < p
        ids = self.cust["id"]
        self.cust["contact_name"] = np.where(filled[0], [f"Contact {i}" for i in ids], None)
        self.cust["email"] = np.where(filled[1], [f"buyer{i}@example.cn" for i in ids], None)
        self.cust["phone"] = np.where(filled[2], [f"+86 10 {i:08d}" for i in ids], None)
        self.cust["city"] = np.where(filled[3], rng.choice(
            np.array(["Shanghai", "Beijing", "Guangzhou", "Chengdu", "Wuhan", "Xi'an", "Hangzhou"],
                     dtype=object), n), None)

    def write_customers(self, conn) -> None:
        c = self.cust
        self.write(conn, models.Customer.__table__, {
            "id": c["id"], "name": [f"Customer {i:06d}" for i in c["id"]], "region": c["region"],
            "channel": c["channel"], "industry": c["industry"], "type": c["type"],
            "acquired_on": c["acquired_on"], "acquisition_cost": c["acquisition_cost"],
            "manager_id": c["manager_id"], "referred_by_id": c["referred_by_id"],
            "churned_on": c["churned_on"], "contact_name": c["contact_name"], "email": c["email"],
            "phone": c["phone"], "city": c["city"],
        })
        self.write(conn, models.CustomerOwnerChange.__table__, {
            "id": np.arange(1, self.owner_changes["customer_id"].size + 1), **self.owner_changes})

    def products(self, conn) -> None:
        rng = self.rng
        rows = []
        for category, (low, high, cost_share, _qmax, _lead) in CATEGORIES.items():
            count = 4 if category in MACHINES else 10
            prices = np.exp(rng.uniform(np.log(low), np.log(high), count))
            for k, price in enumerate(np.sort(prices)):
                rows.append((f"{category.replace('_', ' ').title()} {k + 1:02d}", category,
                             round(price, -1 if price < 10_000 else -2), cost_share * rng.uniform(0.9, 1.1)))
        self.prod = {
            "id": np.arange(1, len(rows) + 1), "name": [r[0] for r in rows],
            "category": np.array([r[1] for r in rows], dtype=object),
            "list_price": _cents([r[2] for r in rows]),
        }
        self.prod["unit_cost"] = _cents(self.prod["list_price"] * np.array([r[3] for r in rows]))
        self.write(conn, models.Product.__table__, self.prod)

    # --- service, satisfaction, churn (monthly simulation) ----------------------------------
    def service_and_churn(self, conn) -> None:
        rng, c = self.rng, self.cust
        n = c["id"].size
        channel = c["channel"]
        ticket_rate = _lookup(CHANNEL_TICKETS_PER_MONTH, channel) * rng.gamma(2.0, 0.5, n)
        base_churn = _lookup(CHANNEL_BASE_CHURN, channel)
        satisfaction = np.full(n, 4.0)
        history = np.zeros((MONTHS, n))
        churn_month = np.full(n, -1)
        tickets: list[tuple[np.ndarray, ...]] = []
        for m in range(MONTHS):
            active = (self.cust_month <= m) & (churn_month < 0)
            idx = np.flatnonzero(active)
            count = rng.poisson(ticket_rate[idx])
            who = np.repeat(idx, count)
            median = RESPONSE_MEDIAN_HOURS_BEFORE if m < GO_LIVE_MONTH else RESPONSE_MEDIAN_HOURS_AFTER
            hours = median * rng.lognormal(0, 0.6, who.size)
            csat = np.clip(np.round(4.6 - CSAT_PER_HOUR * np.minimum(hours, 24)
                                    + rng.normal(0, 0.7, who.size)), 1, 5)
            sums = np.bincount(who, weights=csat, minlength=n)
            counts = np.bincount(who, minlength=n)
            had = counts > 0
            satisfaction[had] = 0.5 * satisfaction[had] + 0.5 * sums[had] / counts[had]
            history[m] = satisfaction
            lagged = history[m - CHURN_LAG_MONTHS] if m >= CHURN_LAG_MONTHS else np.full(n, 4.0)
            p = base_churn[idx] * np.exp(-CHURN_SATISFACTION_SLOPE * (lagged[idx] - 4.0))
            # a customer is not lost in the month it was won
            leaving = (rng.random(idx.size) < p) & (self.cust_month[idx] < m)
            churn_month[idx[leaving]] = m
            tickets.append((who, np.full(who.size, m), hours, csat))
        self.satisfaction_history = history
        churned = churn_month >= 0
        churned_on = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
        dim = _days_in_month(churn_month[churned])
        churned_on[churned] = _month_start(churn_month[churned]) + (
            rng.random(churned.sum()) * dim).astype("timedelta64[D]")
        c["churned_on"] = churned_on
        self.churn_month = churn_month
        self.ticket_draws = [np.concatenate(parts) for parts in zip(*tickets, strict=True)]

    def tickets(self, conn) -> None:
        rng, c = self.rng, self.cust
        who, month, hours, csat = self.ticket_draws
        n = who.size
        day = (rng.random(n) * _days_in_month(month)).astype("timedelta64[D]")
        opened = (_month_start(month) + day).astype("datetime64[s]") + rng.integers(
            7 * 3600, 19 * 3600, n).astype("timedelta64[s]")
        churned_on = c["churned_on"][who]
        cut = ~np.isnat(churned_on) & (opened.astype("datetime64[D]") > churned_on)
        opened[cut] = churned_on[cut].astype("datetime64[s]") + np.timedelta64(9 * 3600, "s")
        acquired = c["acquired_on"][who].astype("datetime64[s]")
        opened = np.maximum(opened, acquired + np.timedelta64(10 * 3600, "s"))
        order = np.argsort(opened, kind="stable")
        who, hours, csat, opened = who[order], hours[order], csat[order], opened[order]
        category = _pick(rng, TICKET_CATEGORIES, TICKET_CATEGORY_SHARE, n)
        first = opened + (hours * 3600).astype("timedelta64[s]")
        promise = _lookup(TICKET_PROMISE_HOURS, category)
        work = hours + promise * rng.lognormal(-0.5, 0.7, n)
        resolved = opened + (work * 3600).astype("timedelta64[s]")
        end = (END + 1).astype("datetime64[s]")
        # some complaints are never closed: 10% before go-live, 4% after (planted effect 1)
        dropped = (category == "complaint") & (rng.random(n) < np.where(opened < GO_LIVE, 0.10, 0.04))
        resolved[dropped] = np.datetime64("NaT")
        open_now = np.isnat(resolved) | (resolved >= end)
        resolved[open_now] = np.datetime64("NaT")
        first[first >= end] = np.datetime64("NaT")
        csat = np.where(open_now, np.nan, csat)
        engineers = self.emp["id"][self.emp["role"] == "service_engineer"]
        self.write(conn, models.ServiceTicket.__table__, {
            "id": np.arange(1, n + 1), "customer_id": c["id"][who],
            "engineer_id": rng.choice(engineers, n).astype(float), "category": category,
            "channel": _pick(rng, TICKET_CHANNELS, [0.4, 0.15, 0.15, 0.2, 0.1], n),
            "opened_at": opened, "first_response_at": first, "resolved_at": resolved,
            "promised_at": opened + (promise * 3600).astype("timedelta64[s]"), "csat": csat,
            "handling_cost": _cents(_lookup(TICKET_HANDLING_COST, category) * rng.lognormal(0, 0.4, n)),
        })

    # --- orders ----------------------------------------------------------------------------
    def orders(self, conn) -> None:
        rng, c = self.rng, self.cust
        n = c["id"].size
        first_day = np.maximum(c["acquired_on"], START)
        last_day = np.where(np.isnat(c["churned_on"]), END, c["churned_on"])
        months_active = np.maximum((last_day - first_day).astype(np.int64) + 1, 0) / 30.44
        rate = _lookup(CHANNEL_ORDERS_PER_MONTH, c["channel"]) * rng.gamma(0.6, 1 / 0.6, n)
        count = rng.poisson(rate * months_active)
        # every customer acquired in the window places its first order on the day it is won
        new = c["acquired_on"] >= START
        count[new] = np.maximum(count[new], 1)
        who = np.repeat(np.arange(n), count)
        span = (last_day - first_day).astype(np.int64)[who] + 1
        day = first_day[who] + (rng.random(who.size) * span).astype("timedelta64[D]")
        first_of = np.r_[0, np.cumsum(count)[:-1]]
        day[first_of[new]] = c["acquired_on"][new]
        order = np.lexsort((who, day))
        who, day = who[order], day[order]
        n_orders = who.size
        order_ids = np.arange(1, n_orders + 1)
        ch = c["channel"][who]
        # lines: 1..4 per order
        n_lines = 1 + rng.binomial(3, 0.2, n_orders)
        line_order = np.repeat(np.arange(n_orders), n_lines)
        machine = rng.random(line_order.size) < _lookup(CHANNEL_MACHINE_SHARE, ch[line_order])
        others = list(OTHER_CATEGORY_WEIGHTS)
        category = np.asarray(others, dtype=object)[rng.choice(
            len(others), line_order.size, p=list(OTHER_CATEGORY_WEIGHTS.values()))]
        category[machine] = rng.choice(np.array(MACHINES, dtype=object), machine.sum())
        product_index = np.empty(line_order.size, dtype=np.int64)
        for cat in CATEGORIES:
            sel = category == cat
            pool = np.flatnonzero(self.prod["category"] == cat)
            product_index[sel] = rng.choice(pool, sel.sum())
        qmax = np.array([CATEGORIES[k][3] for k in self.prod["category"]])[product_index]
        quantity = 1 + (rng.random(line_order.size) * qmax).astype(np.int64)
        # list prices rise 3% a year; each rep gives a personal offset (planted effect 7)
        years = (day[line_order] - START).astype(np.int64) / 365.25
        unit_price = _cents(self.prod["list_price"][product_index] * 1.03 ** years)
        line_month = (day[line_order].astype("datetime64[M]") - START.astype("datetime64[M]")).astype(np.int64)
        unit_cost = _cents(self.prod["unit_cost"][product_index] * 1.025 ** years * (1 - program_saving(line_month)))
        rep = self.cust_rep[who]
        rep_offset = rng.normal(0, 0.03, self.emp["id"].size + 1)
        discount = np.clip(_lookup(CHANNEL_DISCOUNT, ch[line_order]) + rep_offset[rep[line_order]]
                           + rng.normal(0, 0.01, line_order.size), 0, 0.4)
        lead = np.array([CATEGORIES[k][4] for k in self.prod["category"]])[product_index]
        order_lead = np.zeros(n_orders, dtype=np.int64)
        np.maximum.at(order_lead, line_order, lead)
        promised = day + order_lead.astype("timedelta64[D]")
        on_time_p = np.where(day < GO_LIVE, 0.85, 0.93)
        late = rng.random(n_orders) >= on_time_p
        delay = np.where(late, rng.integers(1, 15, n_orders), -rng.integers(0, 3, n_orders))
        delivered = promised + delay.astype("timedelta64[D]")
        delivered = np.maximum(delivered, day)
        delivered[delivered > END] = np.datetime64("NaT")
        self.order_customer, self.order_day = who, day
        self.write(conn, models.SalesOrder.__table__, {
            "id": order_ids, "customer_id": c["id"][who], "ordered_on": day, "channel": ch,
            "sales_rep_id": rep, "promised_on": promised, "delivered_on": delivered,
        })
        self.write(conn, models.OrderLine.__table__, {
            "id": np.arange(1, line_order.size + 1), "order_id": order_ids[line_order],
            "product_id": self.prod["id"][product_index], "quantity": quantity,
            "unit_price": unit_price, "unit_cost": unit_cost, "discount": np.round(discount, 4),
        })
        net = quantity * unit_price * (1 - np.round(discount, 4))
        self.order_revenue = np.bincount(line_order, weights=net, minlength=n_orders)
        self.order_margin = np.bincount(line_order, weights=net - quantity * unit_cost, minlength=n_orders)

    # --- marketing -------------------------------------------------------------------------
    def campaigns(self, conn) -> None:
        rng, c = self.rng, self.cust
        # channel, purpose, spend per contact, response rate, conversion rate of responders
        kinds = [("email", "retention", 15.0, 0.06, 0.25), ("telesales", "cross_sell", 120.0, 0.12, 0.35),
                 ("trade_show", "acquisition", TRADE_SHOW_COST_PER_CONTACT, 0.04, 0.10),
                 ("wechat", "retention", 8.0, 0.09, 0.30), ("direct_mail", "cross_sell", 30.0, 0.05, 0.3)]
        rows, contacts = [], []
        for k in range(MONTHS // 3 * 2):
            m = (k * 3) // 2
            channel, purpose, spend, response, conversion = kinds[k % len(kinds)]
            start = _month_start(m) + int(rng.integers(0, 20))
            alive = np.flatnonzero((c["acquired_on"] <= start) & (
                np.isnat(c["churned_on"]) | (c["churned_on"] > start)))
            size = min(alive.size, max(50, int(alive.size * 0.08)))
            rows.append((k + 1, f"{channel.replace('_', ' ').title()} {purpose.replace('_', '-')} "
                                f"{str(start)[:7]}", channel, purpose, start, start + 30,
                         spend * size * rng.uniform(0.8, 1.2)))
            chosen = np.sort(rng.choice(alive, size, replace=False))
            responded = rng.random(size) < response
            converted = responded & (rng.random(size) < conversion)
            revenue = np.where(converted, rng.lognormal(np.log(9000), 0.8, size), 0.0)
            contacts.append((np.full(size, k + 1), chosen,
                             start + rng.integers(0, 20, size).astype("timedelta64[D]"),
                             responded, converted, revenue))
        self.campaign_rows = rows
        self.write(conn, models.Campaign.__table__, {
            "id": [r[0] for r in rows], "name": [r[1] for r in rows], "channel": [r[2] for r in rows],
            "purpose": [r[3] for r in rows], "started_on": np.array([r[4] for r in rows]),
            "ended_on": np.array([r[5] for r in rows]), "spend": _cents([r[6] for r in rows]),
        })
        cid, who, on, responded, converted, revenue = (np.concatenate(p) for p in zip(*contacts, strict=True))
        self.write(conn, models.CampaignContact.__table__, {
            "id": np.arange(1, cid.size + 1), "campaign_id": cid, "customer_id": c["id"][who],
            "contacted_on": np.minimum(on, END), "responded": responded, "converted": converted,
            "revenue": _cents(revenue),
        })

    # --- leads and pipeline ----------------------------------------------------------------
    def leads_and_pipeline(self, conn) -> None:
        rng, c = self.rng, self.cust
        new = np.flatnonzero(c["acquired_on"] >= START)
        referred = ~np.isnan(c["referred_by_id"][new])
        # converted leads: created 10..120 days before the customer was won
        lag = np.where(c["channel"][new] == "online", rng.integers(3, 30, new.size),
                       rng.integers(20, 120, new.size))
        won_created = np.maximum(c["acquired_on"][new] - lag.astype("timedelta64[D]"), START)
        # unconverted leads: three for every won customer, spread over the window
        n_lost = new.size * 3
        lost_created = START + (rng.random(n_lost) * (MONTHS * 30.4)).astype("timedelta64[D]")
        lost_created = np.minimum(lost_created, END)
        sources = np.array(["campaign", "web", "referral", "trade_show", "cold_call"], dtype=object)
        won_source = sources[rng.choice(5, new.size, p=[0.25, 0.3, 0.0, 0.2, 0.25])]
        won_source[referred] = "referral"
        lost_source = sources[rng.choice(5, n_lost, p=[0.3, 0.3, 0.03, 0.22, 0.15])]
        created = np.concatenate([won_created, lost_created])
        source = np.concatenate([won_source, lost_source])
        campaigns = np.array([r[0] for r in self.campaign_rows])
        trade_shows = np.array([r[0] for r in self.campaign_rows if r[2] == "trade_show"])
        campaign_id = np.full(created.size, np.nan)
        is_campaign = source == "campaign"
        campaign_id[is_campaign] = rng.choice(campaigns, is_campaign.sum())
        is_show = source == "trade_show"
        campaign_id[is_show] = rng.choice(trade_shows, is_show.sum())
        n_leads = created.size
        converted = np.r_[np.ones(new.size, bool), np.zeros(n_lost, bool)]
        qualified = converted | (rng.random(n_leads) < 0.35)
        order = np.argsort(created, kind="stable")
        lead_ids = np.empty(n_leads, dtype=np.int64)
        lead_ids[order] = np.arange(1, n_leads + 1)
        region = np.concatenate([c["region"][new], _pick(rng, REGIONS, None, n_lost)])
        channel = np.concatenate([c["channel"][new], _pick(rng, CHANNELS, CHANNEL_SHARE, n_lost)])
        industry = np.concatenate([c["industry"][new], _pick(rng, INDUSTRIES, None, n_lost)])
        conv_customer = np.r_[c["id"][new].astype(float), np.full(n_lost, np.nan)]
        conv_on = np.concatenate([c["acquired_on"][new], np.full(n_lost, np.datetime64("NaT"), "datetime64[D]")])
        self.write(conn, models.Lead.__table__, {
            "id": lead_ids[order], "source": source[order], "campaign_id": campaign_id[order],
            "region": region[order], "channel": channel[order], "industry": industry[order],
            "created_on": created[order], "qualified": qualified[order],
            "converted_customer_id": conv_customer[order], "converted_on": conv_on[order],
        })
        self._opportunities(conn, lead_ids, created, qualified, converted, conv_customer, conv_on)

    def _opportunities(self, conn, lead_ids, created, qualified, converted, customer, won_on) -> None:
        rng = self.rng
        reps = self.emp["id"][np.isin(self.emp["role"], ["sales_rep", "account_manager"])]
        has_opp = qualified
        idx = np.flatnonzero(has_opp)
        n = idx.size
        opened = np.minimum(created[idx] + rng.integers(1, 10, n).astype("timedelta64[D]"), END)
        won = converted[idx]
        opened = np.where(won, np.minimum(opened, won_on[idx]), opened)
        outcome_days = rng.integers(15, 150, n).astype("timedelta64[D]")
        closed = np.where(won, won_on[idx], opened + outcome_days)
        is_open = ~won & (closed > END)
        status = np.where(won, "won", np.where(is_open, "open", "lost")).astype(object)
        closed[is_open] = np.datetime64("NaT")
        # stages reached: won went through all four; lost and open stop somewhere
        reached = np.where(won, 4, rng.integers(1, 5, n))
        stage = np.where(won, "won", np.where(is_open, np.asarray(STAGES, dtype=object)[reached - 1], "lost"))
        amount = _cents(rng.lognormal(np.log(60_000), 1.0, n))
        opp_ids = np.arange(1, n + 1)
        order = np.argsort(opened, kind="stable")
        rank = np.empty(n, dtype=np.int64)
        rank[order] = opp_ids
        self.write(conn, models.Opportunity.__table__, {
            "id": rank[order], "lead_id": lead_ids[idx][order], "customer_id": customer[idx][order],
            "owner_id": rng.choice(reps, n)[order], "created_on": opened[order],
            "closed_on": closed[order], "stage": stage[order], "status": status[order],
            "amount": amount[order],
        })
        # stage history: stage k entered at an even split of the time to close (or to END)
        horizon = np.where(is_open, END, closed)
        span = np.maximum((horizon - opened).astype(np.int64), 1)
        steps = reached + (~is_open).astype(np.int64)  # plus the closing change
        opp = np.repeat(np.arange(n), steps)
        k = np.arange(opp.size) - np.repeat(np.cumsum(steps) - steps, steps)
        frac = k / np.maximum(reached[opp], 1)
        # open opportunities: the last change happens somewhere before END
        frac = np.where(is_open[opp], frac * rng.uniform(0.5, 1.0, n)[opp], frac)
        changed = opened[opp] + (frac * span[opp]).astype("timedelta64[D]")
        to_stage = np.where(k < reached[opp], np.asarray(STAGES, dtype=object)[np.minimum(k, 3)],
                            status[opp])
        from_stage = np.where(k == 0, None, np.asarray(STAGES, dtype=object)[np.clip(k - 1, 0, 3)])
        closing = k == reached[opp]
        changed[closing] = closed[opp][closing]
        order2 = np.lexsort((k, changed))
        self.write(conn, models.OpportunityStageChange.__table__, {
            "id": np.arange(1, opp.size + 1), "opportunity_id": rank[opp][order2],
            "changed_on": changed[order2], "from_stage": from_stage[order2], "to_stage": to_stage[order2],
        })

    # --- surveys ---------------------------------------------------------------------------
    def surveys(self, conn) -> None:
        """Monthly survey of 5% of active customers; answers follow the satisfaction state."""
        rng, c = self.rng, self.cust
        parts = []
        for m in range(MONTHS):
            active = np.flatnonzero((self.cust_month <= m) & ((self.churn_month < 0) | (self.churn_month > m)))
            chosen = active[rng.random(active.size) < 0.05]
            s = self.satisfaction_history[m][chosen]
            nps = np.clip(np.round(2.2 * s - 0.6 + rng.normal(0, 1.3, chosen.size)), 0, 10)
            csat = np.clip(np.round(s + rng.normal(0, 0.6, chosen.size)), 1, 5)
            on = _month_start(m) + rng.integers(0, 28, chosen.size).astype("timedelta64[D]")
            parts.append((chosen, on, nps, csat))
        who, on, nps, csat = (np.concatenate(p) for p in zip(*parts, strict=True))
        self.write(conn, models.SurveyResponse.__table__, {
            "id": np.arange(1, who.size + 1), "customer_id": c["id"][who], "responded_on": on,
            "nps": nps.astype(np.int64), "csat": csat.astype(np.int64),
        })

    def staff_surveys_and_activity(self, conn) -> None:
        rng, emp = self.rng, self.emp
        change_start = _month_start(PROGRAM_STEPS[CHANGE_STEP - 1][4])
        parts = []
        for m in range(MONTHS):  # a pulse survey: a quarter of the staff each month
            on = _month_start(m) + 10
            active = np.flatnonzero((emp["hired_on"] <= on) & (np.isnat(emp["left_on"]) | (emp["left_on"] > on)))
            answered = active[rng.random(active.size) < 0.25]
            mean = 3.8 if on >= change_start else 2.8
            means = [mean, 3.3 if on >= GO_LIVE else 3.0, 3.6 if on >= GO_LIVE else 2.9]
            scores = [np.clip(np.round(rng.normal(mu, 0.8, answered.size)), 1, 5) for mu in means]
            parts.append((answered, np.full(answered.size, on), *scores))
        who, on, align, engage, share = (np.concatenate(p) for p in zip(*parts, strict=True))
        self.write(conn, models.EmployeeSurvey.__table__, {
            "id": np.arange(1, who.size + 1), "employee_id": emp["id"][who], "surveyed_on": on,
            "goal_alignment": align.astype(np.int64), "engagement": engage.astype(np.int64),
            "knowledge_sharing": share.astype(np.int64),
        })
        # weekly CRM activity of customer-facing staff (planted effect 8)
        weeks = np.arange(START, END + 1, 7)
        facing = np.flatnonzero(emp["customer_facing"])
        grid_e = np.repeat(facing, weeks.size)
        grid_w = np.tile(weeks, facing.size)
        employed = (emp["hired_on"][grid_e] <= grid_w) & (
            np.isnat(emp["left_on"][grid_e]) | (emp["left_on"][grid_e] > grid_w))
        grid_e, grid_w = grid_e[employed], grid_w[employed]
        after = grid_w >= GO_LIVE
        active = rng.random(grid_e.size) < np.where(after, 0.85, 0.35)
        interactions = rng.poisson(6, grid_e.size)
        notes = rng.binomial(interactions, np.where(after, 0.6, 0.25)) * active
        kinds = np.array(["call", "visit", "email"], dtype=object)
        e = np.concatenate([grid_e[active], np.repeat(grid_e, interactions), np.repeat(grid_e, notes)])
        w = np.concatenate([grid_w[active], np.repeat(grid_w, interactions), np.repeat(grid_w, notes)])
        kind = np.concatenate([np.full(active.sum(), "login", dtype=object),
                               kinds[rng.choice(3, interactions.sum(), p=[0.5, 0.2, 0.3])],
                               np.full(notes.sum(), "note", dtype=object)])
        on = np.minimum(w + rng.integers(0, 5, e.size).astype("timedelta64[D]"), END)
        customer = np.where(kind == "login", np.nan,
                            rng.integers(1, self.cust["id"].size + 1, e.size).astype(float))
        acquired = self.cust["acquired_on"][np.nan_to_num(customer, nan=1).astype(np.int64) - 1]
        customer[acquired > on] = np.nan
        order = np.lexsort((e, on))
        self.write(conn, models.CrmActivity.__table__, {
            "id": np.arange(1, e.size + 1), "employee_id": emp["id"][e][order], "customer_id": customer[order],
            "occurred_on": on[order], "kind": kind[order],
        })

    def size_targets(self) -> dict[str, tuple[float, float, float, float]]:
        """Targets of absolute KPIs: baseline the first 12 months' monthly mean, target a growth on it."""
        c = self.cust
        month = (self.order_day.astype("datetime64[M]") - START.astype("datetime64[M]")).astype(np.int64)
        first_year = month < 12
        new = self.order_day < c["acquired_on"][self.order_customer] + 365
        revenue = self.order_revenue[first_year].sum() / 12
        acquired = (c["acquired_on"] >= START) & (c["acquired_on"] < _month_start(12))
        active = ((c["acquired_on"] < _month_start(1)) & (np.isnat(c["churned_on"]) | (c["churned_on"] >= START))).sum()
        referred = acquired & ~np.isnan(c["referred_by_id"])
        return {
            "revenue": (round(revenue * 1.6, -3), round(revenue, -3), 0.3, 2.0),
            "gross_margin": (round(self.order_margin[first_year].sum() / 12 * 1.7, -3),
                             round(self.order_margin[first_year].sum() / 12, -3), 0.3, 2.0),
            "new_customer_revenue": (round(self.order_revenue[first_year & new].sum() / 12 * 1.6, -3),
                                     round(self.order_revenue[first_year & new].sum() / 12, -3), 0.3, 1.0),
            "revenue_per_active_customer": (round(revenue / active * 1.1), round(revenue / active), 0.5, 1.0),
            "active_customers": (round(active * 1.9), float(active), 0.3, 1.0),
            "new_customers": (round(acquired.sum() / 12 * 1.5, 1), round(acquired.sum() / 12, 1), 0.3, 1.0),
            "referrals": (round(referred.sum() / 12 * 1.5, 1), round(referred.sum() / 12, 1), 0.5, 1.0),
        }

    def targets_and_info(self, conn) -> None:
        targets = {**DEFAULT_TARGETS, **self.size_targets()}
        conn.execute(insert(models.KpiTarget.__table__), [
            {"kpi_id": k, "target": float(t), "baseline": float(b), "threshold": th, "weight": w}
            for k, (t, b, th, w) in targets.items()
        ])
        conn.execute(delete(models.DatasetInfo.__table__))
        conn.execute(insert(models.DatasetInfo.__table__), [
            {"key": "description", "value": DESCRIPTION},
            {"key": "description_zh", "value": DESCRIPTION_ZH},
            {"key": "source", "value": "demo"},
            {"key": "seed", "value": str(self.seed)},
            {"key": "customers", "value": str(self.size.customers)},
            {"key": "go_live", "value": str(GO_LIVE)},
        ])


def build_demo(engine: Engine, *, customers: int = 5000, seed: int = 42) -> dict[str, int]:
    """Replace the database's contents with the demo company; returns rows written per table."""
    return Builder(engine, customers=customers, seed=seed).build()
