"""The KPI catalogue: every KPI declared once; everything else iterates it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Literal

import pandas as pd

from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.drill.catalogue import WHO
from metrics.drill.who import Who
from metrics.scorecard.kpis import customer_perspective as customer
from metrics.scorecard.kpis import financial, learning, process
from metrics.scorecard.strategy import Perspective


class Unit(StrEnum):
    CURRENCY = "currency"  # CNY
    PERCENT = "percent"  # stored as a fraction, shown as %
    COUNT = "count"
    DAYS = "days"
    HOURS = "hours"
    SCORE = "score"
    RATIO = "ratio"


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True)
class Kpi:
    id: str
    perspective: Perspective
    objective: str
    name: dict[str, str]
    unit: Unit
    better: Direction
    kind: Literal["leading", "lagging"]
    compute: Callable[[Store, Filters], pd.Series]
    definition: dict[str, str]
    share: bool = False  # a share of a whole: always within [0, 1]
    additive: bool = False  # splits by region, channel, industry or manager sum to the total
    # how a monthly target carries to quarters and years (``scoring.period_target``): "sum" (x months: flows,
    # and flows per customer or per employee), "keep" (a rate kept: r ** months), "loss" (a rate lost:
    # 1 - (1 - r) ** months), "scale" (a share or count over everyone the period reaches, which grows with its
    # length: the period is judged by the mean of its months) or "same" (ratios of flows, stocks at a day)
    per_period: Literal["same", "sum", "keep", "loss", "scale"] = "same"
    # what a ratio counts per, written after its number (``metrics.base.format.PER_WORDS``): "3.20 per 100"
    per: Literal["per_100", "per_customer"] | None = None
    # the customers behind the number (``metrics.drill.who``): declared for every KPI built from customers
    who: Who | None = None


F, C, P, L = Perspective.FINANCIAL, Perspective.CUSTOMER, Perspective.PROCESS, Perspective.LEARNING
UP, DOWN = Direction.HIGHER, Direction.LOWER


def _kpi(id, perspective, objective_id, en, zh, unit, better, kind, compute, def_en, def_zh, **flags) -> Kpi:
    return Kpi(id, perspective, objective_id, {"en": en, "zh": zh}, unit, better, kind, compute,
               {"en": def_en, "zh": def_zh}, **flags)


CATALOGUE: tuple[Kpi, ...] = (
    # --- financial ---------------------------------------------------------------------------
    _kpi("revenue", F, "grow_revenue", "Revenue", "销售收入", Unit.CURRENCY, UP, "lagging", financial.revenue,
         "Sum over order lines ordered in the period of quantity x unit price x (1 - discount).",
         "期间内订单明细的 数量 x 单价 x (1 - 折扣) 之和。", additive=True, per_period="sum"),
    _kpi("revenue_growth", F, "grow_revenue", "Revenue growth vs a year before", "收入同比增长", Unit.PERCENT, UP,
         "lagging", financial.revenue_growth,
         "Revenue of the period over revenue of the same period a year before, minus 1.",
         "本期收入 / 上年同期收入 - 1。"),
    _kpi("gross_margin", F, "profitable_base", "Gross margin", "毛利", Unit.CURRENCY, UP, "lagging",
         financial.gross_margin, "Revenue less quantity x unit cost, over order lines ordered in the period.",
         "期间内订单明细的收入减去 数量 x 单位成本。", additive=True, per_period="sum"),
    _kpi("gross_margin_pct", F, "profitable_base", "Gross margin %", "毛利率", Unit.PERCENT, UP, "lagging",
         financial.gross_margin_pct, "Gross margin over revenue, for orders placed in the period.",
         "期间内毛利 / 收入。"),
    _kpi("new_customer_revenue", F, "grow_revenue", "Revenue from new customers", "新客户收入", Unit.CURRENCY, UP,
         "lagging", financial.new_customer_revenue,
         "Revenue of order lines ordered within 365 days of the customer's acquisition date.",
         "客户获取日起 365 天内下单的订单明细收入。", additive=True, per_period="sum"),
    _kpi("new_customer_revenue_share", F, "grow_revenue", "Share of revenue from new customers", "新客户收入占比",
         Unit.PERCENT, UP, "lagging", financial.new_customer_revenue_share,
         "Revenue from new customers (acquired within the last 365 days) over all revenue of the period.",
         "新客户（获取不满 365 天）收入 / 期间总收入。", share=True),
    _kpi("existing_revenue_growth", F, "grow_existing", "Revenue growth from existing customers",
         "现有客户收入增长", Unit.PERCENT, UP, "lagging", financial.existing_revenue_growth,
         "Revenue from customers acquired over 365 days before the order, over the same a year before, minus 1.",
         "获取已满 365 天客户的收入 / 上年同期同口径收入 - 1。"),
    _kpi("revenue_per_active_customer", F, "grow_existing", "Revenue per active customer", "活跃客户平均收入",
         Unit.CURRENCY, UP, "lagging", financial.revenue_per_active_customer,
         "Revenue of the period over active customers (acquired before its end and not lost before its start).",
         "期间收入 / 活跃客户数（期末前已获取且期初前未流失）。", per_period="sum"),
    _kpi("customer_acquisition_cost", F, "productivity", "Customer acquisition cost", "客户获取成本",
         Unit.CURRENCY, DOWN, "lagging", financial.customer_acquisition_cost,
         "Acquisition cost recorded on customers acquired in the period, over their number.",
         "期间内新获取客户的获取成本之和 / 新客户数。"),
    _kpi("cost_to_serve", F, "productivity", "Cost to serve per active customer", "活跃客户平均服务成本",
         Unit.CURRENCY, DOWN, "lagging", financial.cost_to_serve,
         "Handling cost of tickets opened in the period plus retention and cross-sell campaign spend on "
         "contacts made in it, over active customers.",
         "期间内新开工单处理成本与保持/交叉销售活动费用（按接触分摊）之和 / 活跃客户数。", per_period="sum"),
    _kpi("unprofitable_customer_share", F, "profitable_base", "Share of customers unprofitable after cost to serve",
         "扣除服务成本后亏损客户占比", Unit.PERCENT, DOWN, "lagging", financial.unprofitable_customer_share,
         "Customers alive at the period's end whose gross margin over the last 12 months is below their "
         "service and campaign cost over the same months, over all those customers.",
         "期末存续客户中，近 12 个月毛利低于同期服务及营销成本的客户占比。", share=True),
    _kpi("top20_profit_share", F, "profitable_base", "Share of profit from the top 20% of customers",
         "前 20% 客户利润占比", Unit.PERCENT, DOWN, "lagging", financial.top20_profit_share,
         "Profit after cost to serve over the last 12 months of the 20% most profitable customers, over the "
         "profit of all customers alive at the period's end; above 100% when the rest lose money.",
         "近 12 个月扣除服务成本后利润最高的 20% 客户的利润 / 全部期末存续客户利润；其余客户亏损时超过 100%。"),
    _kpi("marketing_roi", F, "productivity", "Marketing ROI", "营销投资回报率", Unit.PERCENT, UP, "lagging",
         financial.marketing_roi,
         "Revenue attributed to campaign contacts made in the 3 months to the period's end (the period itself "
         "when longer: campaigns run about every six weeks, so every month gets a value) times the period's "
         "gross margin %, less the campaign spend on those contacts, over that spend.",
         "截至期末近 3 个月（期间更长时取整个期间；营销活动约每六周一次，因此每个月都有数值）活动接触带来的收入 "
         "x 当期毛利率，减去对应活动费用，再除以该费用。"),
    # --- customer ----------------------------------------------------------------------------
    _kpi("active_customers", C, "keep_customers", "Active customers", "活跃客户数", Unit.COUNT, UP, "lagging",
         customer.active_customers,
         "Customers acquired before the period's end and not lost before its start.",
         "期末前已获取且期初前未流失的客户数。", additive=True, per_period="scale"),
    _kpi("new_customers", C, "win_customers", "New customers", "新客户数", Unit.COUNT, UP, "lagging",
         customer.new_customers, "Customers whose acquisition date falls in the period.",
         "获取日期在本期的客户数。", additive=True, per_period="sum"),
    _kpi("retention_rate", C, "keep_customers", "Customer retention rate", "客户保持率", Unit.PERCENT, UP,
         "lagging", customer.retention_rate,
         "Of the customers active at the period's start, the share not lost by its end.",
         "期初活跃客户中期末仍未流失的比例。", share=True, per_period="keep"),
    _kpi("churn_rate", C, "keep_customers", "Customer churn rate", "客户流失率", Unit.PERCENT, DOWN, "lagging",
         customer.churn_rate, "Of the customers active at the period's start, the share lost by its end.",
         "期初活跃客户中期末前流失的比例。", share=True, per_period="loss"),
    _kpi("repeat_purchase_rate", C, "loyal_customers", "Repeat purchase rate", "重复购买率", Unit.PERCENT, UP,
         "leading", customer.repeat_purchase_rate,
         "Of the customers who ordered in the 12 months to the period's end, the share who ordered twice or more.",
         "截至期末近 12 个月有订单的客户中，下单两次及以上的比例。", share=True),
    _kpi("average_csat", C, "satisfy_customers", "Average customer satisfaction (CSAT)", "平均客户满意度",
         Unit.SCORE, UP, "leading", customer.average_csat,
         "Mean overall satisfaction (1 to 5) of customer survey answers given in the period.",
         "期间内客户调查总体满意度（1-5 分）的平均值。"),
    _kpi("net_promoter_score", C, "loyal_customers", "Net promoter score (NPS)", "净推荐值", Unit.SCORE, UP,
         "leading", customer.net_promoter_score,
         "Share of survey answers in the period scoring 9-10 less the share scoring 0-6, times 100.",
         "期间内调查中 9-10 分占比减去 0-6 分占比，乘以 100。"),
    _kpi("complaints_per_100", C, "satisfy_customers", "Complaints per 100 active customers", "每百活跃客户投诉数",
         Unit.RATIO, DOWN, "leading", customer.complaints_per_100,
         "Complaint tickets opened in the period per 100 active customers.",
         "期间内新开投诉工单数 / 活跃客户数 x 100。", per_period="sum", per="per_100"),
    _kpi("categories_per_customer", C, "loyal_customers", "Product categories per buying customer",
         "每位购买客户的品类数", Unit.RATIO, UP, "leading", customer.categories_per_customer,
         "Distinct product categories each customer who ordered in the period bought in it, averaged.",
         "本期下单客户在本期购买的不同产品品类数的平均值。", per_period="scale", per="per_customer"),
    _kpi("referrals", C, "loyal_customers", "Referred new customers", "推荐获得的新客户", Unit.COUNT, UP,
         "leading", customer.referrals, "Customers acquired in the period who were referred by another customer.",
         "本期获取、由其他客户推荐而来的客户数。", additive=True, per_period="sum"),
    # --- process -----------------------------------------------------------------------------
    _kpi("top_tier_revenue_share", P, "select", "Revenue share of the top value tier", "高价值客户层收入占比",
         Unit.PERCENT, UP, "leading", process.top_tier_revenue_share,
         "Over the 12 months to the period's end: revenue of tier A (the most profitable customers who together "
         "make 80% of positive gross margin) over the revenue of all customers alive at the end.",
         "截至期末近 12 个月：A 层客户（按毛利降序累计贡献 80% 正毛利的客户）收入 / 期末存续客户总收入。", share=True),
    _kpi("lead_conversion_rate", P, "acquire", "Lead conversion rate", "线索转化率", Unit.PERCENT, UP, "leading",
         process.lead_conversion_rate,
         "Of the leads created 4 months before the period (9 in 10 converting leads convert within 4 months), "
         "the share that had become customers by the period's end. Recent leads are left out: they have not "
         "had the time to convert yet.",
         "提前 4 个月（九成转化的线索在 4 个月内完成转化）新建的线索中，截至期末已转化为客户的比例。"
         "最近的线索尚未到转化时间，不计入。", share=True),
    _kpi("lead_to_customer_days", P, "acquire", "Days from lead to customer", "线索到成交天数", Unit.DAYS, DOWN,
         "leading", process.lead_to_customer_days,
         "Mean days from lead creation to acquisition for leads converted in the period.",
         "本期转化的线索从创建到成为客户的平均天数。"),
    _kpi("opportunity_win_rate", P, "acquire", "Opportunity win rate", "商机赢单率", Unit.PERCENT, UP, "leading",
         process.opportunity_win_rate, "Won opportunities over won and lost ones closed in the period.",
         "本期关闭的商机中赢单数 / (赢单数 + 丢单数)。", share=True),
    _kpi("sales_cycle_days", P, "acquire", "Sales cycle", "销售周期", Unit.DAYS, DOWN, "leading",
         process.sales_cycle_days, "Mean days from creation to close of opportunities won in the period.",
         "本期赢单商机从创建到关闭的平均天数。"),
    _kpi("pipeline_advance_share", P, "acquire", "Open opportunities advanced in the last 7 days",
         "近 7 天推进阶段的在途商机占比", Unit.PERCENT, UP, "leading", process.pipeline_advance_share,
         "Of the opportunities open at the period's end, the share with a stage change in its last 7 days.",
         "期末在途商机中，期末前 7 天内发生阶段变更的比例。", share=True),
    _kpi("first_response_hours", P, "retain", "Median first response", "首次响应时长中位数", Unit.HOURS, DOWN,
         "leading", process.first_response_hours,
         "Median hours from opening to first response of tickets opened in the period.",
         "本期新开工单从创建到首次响应的小时数中位数。"),
    _kpi("tickets_within_promise", P, "retain", "Tickets resolved within the promised time", "按承诺时限解决的工单占比",
         Unit.PERCENT, UP, "leading", process.tickets_within_promise,
         "Of the tickets opened in the period and resolved, the share resolved by the promised time.",
         "本期新开且已解决的工单中，在承诺时间前解决的比例。", share=True),
    _kpi("on_time_delivery", P, "retain", "On-time delivery", "准时交付率", Unit.PERCENT, UP, "leading",
         process.on_time_delivery,
         "Of the orders placed in the period and delivered, the share delivered on or before the promised day.",
         "本期下单且已交付的订单中，在承诺日期当天或之前交付的比例。", share=True),
    _kpi("complaint_resolution_rate", P, "retain", "Complaint resolution rate", "投诉解决率", Unit.PERCENT, UP,
         "leading", process.complaint_resolution_rate,
         "Of the complaints opened in the period, the share resolved (by the data's end).",
         "本期新开投诉中（截至数据日期）已解决的比例。", share=True),
    _kpi("complaint_resolution_days", P, "retain", "Complaint resolution time", "投诉解决天数", Unit.DAYS, DOWN,
         "leading", process.complaint_resolution_days,
         "Mean days from opening to resolution of the resolved complaints opened in the period.",
         "本期新开且已解决投诉从创建到解决的平均天数。"),
    _kpi("avoidable_ticket_share", P, "retain", "Share of how-to tickets", "可自助解决的咨询工单占比",
         Unit.PERCENT, DOWN, "leading", process.avoidable_ticket_share,
         "How-to tickets (questions a customer could have solved alone) over all tickets opened in the period.",
         "本期新开工单中“使用咨询”类（客户本可自行解决）的比例。", share=True),
    _kpi("cross_sell_rate", P, "develop", "Cross-sell rate", "交叉销售率", Unit.PERCENT, UP, "leading",
         process.cross_sell_rate,
         "Of the customers who ordered in the period, the share who bought a category for the first time "
         "after having bought another one before.",
         "本期下单客户中，首次购买某品类且此前已购买过其他品类的客户比例。", share=True, per_period="scale"),
    _kpi("campaign_response_rate", P, "develop", "Campaign response rate", "营销活动响应率", Unit.PERCENT, UP,
         "leading", process.campaign_response_rate,
         "Of the campaign contacts made in the 3 months to the period's end (the period itself when longer: "
         "campaigns run about every six weeks, so every month gets a value), the share that responded.",
         "截至期末近 3 个月（期间更长时取整个期间；营销活动约每六周一次，因此每个月都有数值）"
         "的活动接触中有响应的比例。",
         share=True),
    _kpi("campaign_roi", P, "develop", "Campaign ROI (retention and cross-sell)", "营销活动回报率（保持与交叉销售）",
         Unit.PERCENT, UP, "leading", process.campaign_roi,
         "Attributed revenue less spend, over spend, for retention and cross-sell campaign contacts made in "
         "the 3 months to the period's end (the period itself when longer; every month gets a value) (each "
         "campaign's spend split evenly over its contacts).",
         "截至期末近 3 个月（期间更长时取整个期间；每个月都有数值）保持及交叉销售活动接触的（归因收入 - 费用）/ 费用"
         "（活动费用按接触平均分摊）。"),
    _kpi("price_spread", P, "consistent_quotes", "Quote spread for the same product", "同一产品报价离散度",
         Unit.PERCENT, DOWN, "leading", process.price_spread,
         "Coefficient of variation of the net unit price paid for one product in one month, averaged over "
         "product-months with two or more lines, weighted by lines.",
         "同一产品同一月份成交净单价的变异系数，按明细行数加权平均（仅含两行及以上的产品月份）。"),
    # --- learning & growth -------------------------------------------------------------------
    _kpi("training_hours_per_employee", L, "staff_skills", "Training hours per customer-facing employee",
         "一线员工人均培训小时", Unit.HOURS, UP, "leading", learning.training_hours_per_employee,
         "Training hours completed in the period by customer-facing staff, over customer-facing staff employed "
         "during it.", "本期一线员工完成的培训小时 / 本期在职一线员工数。", per_period="sum"),
    _kpi("crm_adoption", L, "crm_adoption", "CRM adoption", "CRM 使用率", Unit.PERCENT, UP, "leading",
         learning.crm_adoption,
         "Share of employee-weeks in the period in which a customer-facing employee logged in to the CRM.",
         "本期一线员工在职周数中登录 CRM 的周数占比。", share=True),
    _kpi("data_completeness", L, "data_quality", "Customer data completeness", "客户数据完整率", Unit.PERCENT, UP,
         "leading", learning.data_completeness,
         "Mean share of the four contact fields (contact, email, phone, city) filled, over customers alive at "
         "the period's end.", "期末存续客户四项联系字段（联系人、邮箱、电话、城市）填写比例的平均值。", share=True),
    _kpi("unowned_customer_share", L, "data_quality", "Customers without an active owner", "无在职负责人的客户占比",
         Unit.PERCENT, DOWN, "leading", learning.unowned_customer_share,
         "Share of customers alive at the period's end with no manager or a manager who has left.",
         "期末存续客户中没有客户经理或其客户经理已离职的比例。", share=True),
    _kpi("goal_alignment", L, "climate", "Staff goal alignment with CRM", "员工目标与 CRM 目标一致度",
         Unit.SCORE, UP, "leading", learning.goal_alignment,
         "Mean answer (1 to 5) to 'my personal goals match the CRM goals' in staff surveys of the period.",
         "本期员工调查中“个人目标与 CRM 目标一致”（1-5 分）的平均分。"),
    _kpi("notes_per_100_interactions", L, "crm_adoption", "Notes logged per 100 customer interactions",
         "每百次客户互动记录的笔记数", Unit.RATIO, UP, "leading", learning.notes_per_100_interactions,
         "CRM notes logged by customer-facing staff in the period per 100 calls, visits and emails logged.",
         "本期一线员工记录的笔记数 / 电话、拜访、邮件次数 x 100。", per="per_100"),
    _kpi("staff_turnover", L, "climate", "Staff turnover", "员工流失率", Unit.PERCENT, DOWN, "lagging",
         learning.staff_turnover, "Employees who left in the period over employees employed at its start.",
         "本期离职员工数 / 期初在职员工数。", per_period="loss"),
)

# each KPI built from customers with its who list (``metrics.drill.catalogue.WHO``, keyed by KPI id; ``NO_LIST``
# there says why the others have none)
CATALOGUE = tuple(replace(k, who=WHO.get(k.id)) for k in CATALOGUE)
_BY_ID = {k.id: k for k in CATALOGUE}


def get(kpi_id: str) -> Kpi:
    """The KPI declared as ``kpi_id``; KeyError names the known ids."""
    try:
        return _BY_ID[kpi_id]
    except KeyError:
        raise KeyError(f"unknown KPI {kpi_id!r}; known: {', '.join(_BY_ID)}") from None


def by_perspective(perspective: Perspective) -> list[Kpi]:
    return [k for k in CATALOGUE if k.perspective == perspective]


def by_objective(objective_id: str) -> list[Kpi]:
    return [k for k in CATALOGUE if k.objective == objective_id]
