"""Who is behind a KPI: for each customer-based KPI, the customers its numerator and denominator count.

A ``Who`` is declared beside its KPI in the catalogue (``metrics.scorecard.registry``: ``Kpi.who``). Its ``rows``
return one row per customer for the period holding ``f.end``:

``num``
    the customer's part of the KPI's numerator (1 for a customer counted, or the amount it adds: revenue,
    complaints, profit); NaN when the numerator does not hold it;
``den``
    its part of the denominator likewise (NaN when outside it, or when the KPI has no denominator);
``value``
    the measure shown beside it: what puts it on the list.

so that ``KPI = scale x sum(num) / sum(den)`` (``sum(num)`` without a denominator) over the rows, which
``tests/metrics/drill`` checks for every ``Who`` on the demo company.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from metrics.base import facts
from metrics.base.filters import Filters
from metrics.base.store import Store
from metrics.drill import sources

Part = Literal["numerator", "shortfall", "denominator"]


@dataclass(frozen=True)
class Who:
    rows: Callable[[Store, Filters], pd.DataFrame]
    numerator: dict[str, str]  # who the numerator holds, both languages
    value: dict[str, str]  # the name of the measure shown beside each customer
    unit: str  # its unit: currency, percent, count, score, date
    denominator: dict[str, str] | None = None  # who the denominator holds; None: the KPI is a count or a sum
    shortfall: dict[str, str] | None = None  # the denominator outside the numerator, when they are whom to see first
    scale: float = 1.0  # the KPI is scale x num / den (100: per 100 customers)
    lowest_first: bool = False  # the list starts from the lowest value (the worst scores, the least profitable)

    @property
    def parts(self) -> tuple[Part, ...]:
        """The parts a list can show, the one to open first first."""
        parts: list[Part] = ["shortfall"] if self.shortfall else []
        parts.append("numerator")
        if self.denominator:
            parts.append("denominator")
        return tuple(parts)

    def words(self, part: Part) -> dict[str, str]:
        return {"numerator": self.numerator, "shortfall": self.shortfall, "denominator": self.denominator}[part]


def _one(flags: pd.Series) -> pd.Series:
    """1 where ``flags`` holds, else NaN: a counted customer."""
    return pd.Series(np.where(flags.fillna(False).astype(bool), 1.0, np.nan), index=flags.index)


def _where(flags: pd.Series, amounts: pd.Series) -> pd.Series:
    return amounts.where(flags.fillna(False).astype(bool))


def _frame(num: pd.Series, value: pd.Series, den: pd.Series | None = None) -> pd.DataFrame:
    frame = pd.DataFrame({"num": num, "den": den if den is not None else np.nan, "value": value})
    frame.index.name = "customer_id"
    return frame[frame["num"].notna() | frame["den"].notna()]


def _days(frame: pd.DataFrame, column: str) -> pd.Series:
    return pd.to_datetime(frame[column])


def _joined(*frames: pd.DataFrame) -> pd.DataFrame:
    """Outer join on ``customer_id``; counts and amounts of a customer absent from a frame are 0."""
    out = frames[0]
    for other in frames[1:]:
        out = out.join(other, how="outer")
    return out


def _zero(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.assign(**{c: frame[c].fillna(0.0) for c in columns})


# --- the customer base: active, new, kept, lost ---------------------------------------------------------------
def active(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    return _frame(_one(b["active"]), _days(b, "acquired_on"))


def new(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    return _frame(_one(b["new"]), _days(b, "acquired_on"))


def referred(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    return _frame(_one(b["referred"]), _days(b, "acquired_on"))


def retained(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    return _frame(_one(b["retained"] & b["at_start"]), _days(b, "churned_on"), _one(b["at_start"]))


def lost(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    return _frame(_one(b["lost"]), _days(b, "churned_on"), _one(b["at_start"]))


def acquisition_cost(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    cost = b["acquisition_cost"].fillna(0.0)
    return _frame(_where(b["new"], cost), cost, _one(b["new"]))


def unowned(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    return _frame(_one(b["unowned_end"] & b["alive_end"]), _days(b, "acquired_on"), _one(b["alive_end"]))


def completeness(store: Store, f: Filters) -> pd.DataFrame:
    b = sources.base(store, f)
    return _frame(_where(b["alive_end"], b["completeness"]), b["completeness"], _one(b["alive_end"]))


# --- the last 12 months: repeat buyers, profit, value tiers -----------------------------------------------------
def repeat_buyers(store: Store, f: Filters) -> pd.DataFrame:
    v = sources.value(store, f)
    return _frame(_one(v["repeat_buyer"]), v["orders_12m"], _one(v["buyer"]))


def unprofitable(store: Store, f: Filters) -> pd.DataFrame:
    v = sources.value(store, f)
    return _frame(_one(v["unprofitable"]), v["profit"], _one(pd.Series(True, index=v.index)))


def top20(store: Store, f: Filters) -> pd.DataFrame:
    v = sources.value(store, f)
    return _frame(_where(v["top20"], v["profit"].fillna(0.0)), v["profit"], v["profit"])


def tier_a(store: Store, f: Filters) -> pd.DataFrame:
    v = sources.value(store, f)
    return _frame(_where(v["tier_a"], v["revenue_12m"]), v["revenue_12m"], v["revenue_12m"])


# --- the period's sales ---------------------------------------------------------------------------------------
def revenue(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.sales(store, f)
    return _frame(s["revenue"], s["revenue"])


def margin(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.sales(store, f)
    return _frame(s["margin"], s["margin"])


def margin_of_revenue(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.sales(store, f)
    return _frame(s["margin"], s["margin"] / s["revenue"].where(s["revenue"] != 0), s["revenue"])


def new_revenue(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.sales(store, f)
    buying = s["new_revenue"] > 0
    return _frame(_where(buying, s["new_revenue"]), s["new_revenue"])


def new_revenue_share(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.sales(store, f)
    return _frame(_where(s["new_revenue"] > 0, s["new_revenue"]), s["new_revenue"], s["revenue"])


def revenue_per_active(store: Store, f: Filters) -> pd.DataFrame:
    both = _zero(_joined(sources.base(store, f)[["active"]], sources.sales(store, f)[["revenue"]]), "revenue")
    bought = both["revenue"] != 0
    return _frame(_where(bought, both["revenue"]), both["revenue"], _one(both["active"]))


def categories(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.sales(store, f)
    return _frame(s["categories"], s["categories"], pd.Series(1.0, index=s.index))


def cross_sold(store: Store, f: Filters) -> pd.DataFrame:
    d = _zero(_joined(sources.development(store, f), sources.sales(store, f)[["revenue"]]), "revenue")
    return _frame(_one(d["cross_sold"]), d["revenue"], pd.Series(1.0, index=d.index))


# --- service, surveys, deliveries, campaigns ------------------------------------------------------------------
def cost_to_serve(store: Store, f: Filters) -> pd.DataFrame:
    both = _joined(sources.base(store, f)[["active"]], sources.service(store, f)[["handling_cost"]],
                   sources.campaigns(store, f)[["spend_existing"]])
    cost = both["handling_cost"].fillna(0.0) + both["spend_existing"].fillna(0.0)
    return _frame(cost.where(cost != 0), cost, _one(both["active"]))


def complaints(store: Store, f: Filters) -> pd.DataFrame:
    both = _joined(sources.base(store, f)[["active"]], sources.service(store, f)[["complaints"]])
    count = both["complaints"].fillna(0.0)
    return _frame(count.where(count > 0), count, _one(both["active"]))


def _tickets(part: str, whole: str, shown: str) -> Callable[[Store, Filters], pd.DataFrame]:
    def rows(store: Store, f: Filters) -> pd.DataFrame:
        s = sources.service(store, f)
        counted = s[whole] > 0
        return _frame(_where(counted & (s[part] > 0), s[part]), s[shown], _where(counted, s[whole]))
    return rows


complaints_resolved = _tickets("complaints_resolved", "complaints", "complaints_open")
tickets_in_time = _tickets("resolved_in_time", "resolved", "resolved_late")
how_to_tickets = _tickets("how_to", "tickets", "how_to")


def csat(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.surveys(store, f)
    answered = s["csat_answers"] > 0
    return _frame(_where(answered, s["csat_sum"]), s["csat"], _where(answered, s["csat_answers"]))


def nps(store: Store, f: Filters) -> pd.DataFrame:
    s = sources.surveys(store, f)
    net = s["promoters"] - s["detractors"]
    return _frame(_where(net != 0, net), s["nps"], s["responses"])


def on_time(store: Store, f: Filters) -> pd.DataFrame:
    d = sources.deliveries(store, f)
    delivered = d["delivered"] > 0
    return _frame(_where(delivered & (d["on_time"] > 0), d["on_time"]), d["late"], _where(delivered, d["delivered"]))


def responses(store: Store, f: Filters) -> pd.DataFrame:
    c = sources.campaigns(store, f, window=facts.CAMPAIGN_WINDOW_MONTHS)
    return _frame(_where(c["responded"] > 0, c["responded"]), c["unanswered"], c["contacts"])


def _w(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


ACTIVE_WORDS = _w("Active customers in the period", "本期活跃客户")
AT_START_WORDS = _w("Active at the period's start", "期初活跃客户")
BUYERS_12M = _w("Bought in the last 12 months", "近 12 个月有购买")
ALIVE_END_WORDS = _w("Customers at the period's end", "期末存续客户")
BUYERS = _w("Bought in the period", "本期有购买")
SINCE, LOST_ON = _w("Customer since", "成为客户日期"), _w("Lost on", "流失日期")
REVENUE = _w("Revenue in the period", "本期收入")
PROFIT = _w("Profit after cost to serve, 12 months", "近 12 个月扣除服务成本后利润")

WHO: dict[str, Who] = {
    # financial
    "revenue": Who(revenue, _w("Customers who bought, by revenue", "有购买的客户（按收入）"), REVENUE, "currency"),
    "gross_margin": Who(margin, _w("Customers who bought, by gross margin", "有购买的客户（按毛利）"),
                        _w("Gross margin in the period", "本期毛利"), "currency", lowest_first=True),
    "gross_margin_pct": Who(margin_of_revenue, _w("Customers who bought: their margin", "有购买的客户：毛利"),
                            _w("Gross margin %", "毛利率"), "percent",
                            denominator=_w("…and their revenue", "…及其收入"), lowest_first=True),
    "new_customer_revenue": Who(new_revenue, _w("New customers who bought", "有购买的新客户"),
                                _w("Revenue from new customers", "新客户收入"), "currency"),
    "new_customer_revenue_share": Who(new_revenue_share, _w("New customers who bought", "有购买的新客户"),
                                      _w("Revenue from new customers", "新客户收入"), "currency",
                                      denominator=BUYERS),
    "revenue_per_active_customer": Who(revenue_per_active, BUYERS, REVENUE, "currency", denominator=ACTIVE_WORDS,
                                       shortfall=_w("Active, bought nothing", "活跃但未购买")),
    "customer_acquisition_cost": Who(acquisition_cost, _w("New customers, by acquisition cost", "新客户（按获取成本）"),
                                     _w("Acquisition cost", "获取成本"), "currency",
                                     denominator=_w("New customers", "新客户")),
    "cost_to_serve": Who(cost_to_serve, _w("Customers with service or campaign cost", "有服务或营销成本的客户"),
                         _w("Cost to serve in the period", "本期服务成本"), "currency", denominator=ACTIVE_WORDS),
    "unprofitable_customer_share": Who(unprofitable, _w("Unprofitable after cost to serve", "扣除服务成本后亏损"),
                                       PROFIT, "currency", denominator=ALIVE_END_WORDS, lowest_first=True),
    "top20_profit_share": Who(top20, _w("The 20% most profitable", "利润最高的 20%"), PROFIT, "currency",
                              denominator=ALIVE_END_WORDS),
    # customer
    "active_customers": Who(active, ACTIVE_WORDS, SINCE, "date"),
    "new_customers": Who(new, _w("Acquired in the period", "本期获取的客户"), SINCE, "date"),
    "retention_rate": Who(retained, _w("Kept to the period's end", "保持至期末"), LOST_ON, "date",
                          denominator=AT_START_WORDS, shortfall=_w("Lost in the period", "本期流失")),
    "churn_rate": Who(lost, _w("Lost in the period", "本期流失"), LOST_ON, "date", denominator=AT_START_WORDS),
    "repeat_purchase_rate": Who(repeat_buyers, _w("Ordered twice or more", "下单两次及以上"),
                                _w("Orders, last 12 months", "近 12 个月订单数"), "count", denominator=BUYERS_12M,
                                shortfall=_w("Ordered once: did not buy again", "仅下单一次：未再购买")),
    "average_csat": Who(csat, _w("Answered a survey: their scores", "参与调查的客户：评分"),
                        _w("Satisfaction (1–5)", "满意度（1–5）"), "score",
                        denominator=_w("…and their answers", "…及其答卷数"), lowest_first=True),
    "net_promoter_score": Who(nps, _w("Promoters or detractors", "推荐者或贬损者"),
                              _w("Mean answer (0–10)", "平均评分（0–10）"), "score",
                              denominator=_w("Answered a survey", "参与调查"), scale=100, lowest_first=True),
    "complaints_per_100": Who(complaints, _w("Customers who complained", "有投诉的客户"),
                              _w("Complaints in the period", "本期投诉数"), "count", denominator=ACTIVE_WORDS,
                              scale=100),
    "categories_per_customer": Who(categories, BUYERS, _w("Categories bought", "购买品类数"), "count",
                                   denominator=BUYERS, lowest_first=True),
    "referrals": Who(referred, _w("Acquired through a referral", "经推荐获取"), SINCE, "date"),
    # process
    "top_tier_revenue_share": Who(tier_a, _w("Tier A customers", "A 层客户"), _w("Revenue, last 12 months",
                                  "近 12 个月收入"), "currency", denominator=ALIVE_END_WORDS),
    "cross_sell_rate": Who(cross_sold, _w("Bought a new category", "购买了新品类"), REVENUE, "currency",
                           denominator=BUYERS, shortfall=_w("Bought, no new category", "有购买但无新品类")),
    "on_time_delivery": Who(on_time, _w("With orders delivered on time", "有准时交付订单的客户"),
                            _w("Late deliveries", "延迟交付数"), "count",
                            denominator=_w("With orders delivered", "有已交付订单的客户")),
    "complaint_resolution_rate": Who(complaints_resolved, _w("With complaints resolved", "有已解决投诉的客户"),
                                     _w("Complaints still open", "未解决投诉数"), "count",
                                     denominator=_w("Complained in the period", "本期有投诉的客户")),
    "tickets_within_promise": Who(tickets_in_time, _w("With tickets resolved in time", "有按时解决工单的客户"),
                                  _w("Tickets resolved late", "超时解决工单数"), "count",
                                  denominator=_w("With tickets resolved", "有已解决工单的客户")),
    "avoidable_ticket_share": Who(how_to_tickets, _w("Asked how-to questions", "提出使用咨询的客户"),
                                  _w("How-to tickets", "使用咨询工单数"), "count",
                                  denominator=_w("Opened tickets", "有新开工单的客户")),
    "campaign_response_rate": Who(responses, _w("Responded to a campaign", "对营销活动有响应"),
                                  _w("Contacts without a response", "未响应的接触数"), "count",
                                  denominator=_w("Contacted by campaigns", "被营销活动接触的客户")),
    # learning & growth
    "data_completeness": Who(completeness, _w("Customers at the period's end: completeness", "期末存续客户：完整率"),
                             _w("Contact fields filled", "联系字段填写比例"), "percent", denominator=ALIVE_END_WORDS,
                             lowest_first=True),
    "unowned_customer_share": Who(unowned, _w("Without an active owner", "无在职负责人"), SINCE, "date",
                                  denominator=ALIVE_END_WORDS),
}

# KPIs without a who list, and why (said on the Who page and in the report)
NO_LIST: dict[str, dict[str, str]] = {
    "revenue_growth": _w("compares two periods, not one group of customers", "比较两个期间，而非一组客户"),
    "existing_revenue_growth": _w("compares two periods, not one group of customers", "比较两个期间，而非一组客户"),
    "marketing_roi": _w("a return on campaign spend, not a count of customers", "营销费用回报，而非客户计数"),
    "campaign_roi": _w("a return on campaign spend, not a count of customers", "营销费用回报，而非客户计数"),
    "lead_conversion_rate": _w("counts leads, who are not customers yet", "统计线索，尚非客户"),
    "lead_to_customer_days": _w("counts leads, who are not customers yet", "统计线索，尚非客户"),
    "opportunity_win_rate": _w("counts opportunities, not customers", "统计商机，而非客户"),
    "sales_cycle_days": _w("counts opportunities, not customers", "统计商机，而非客户"),
    "pipeline_advance_share": _w("counts opportunities, not customers", "统计商机，而非客户"),
    "first_response_hours": _w("a median over tickets: no customer holds part of it", "工单的中位数：不可分到客户"),
    "complaint_resolution_days": _w("a mean over complaints' days", "投诉天数的平均值"),
    "price_spread": _w("measured over products and months, not customers", "按产品和月份计算，而非客户"),
    "training_hours_per_employee": _w("counts staff, not customers", "统计员工，而非客户"),
    "crm_adoption": _w("counts staff, not customers", "统计员工，而非客户"),
    "goal_alignment": _w("counts staff, not customers", "统计员工，而非客户"),
    "notes_per_100_interactions": _w("counts staff, not customers", "统计员工，而非客户"),
    "staff_turnover": _w("counts staff, not customers", "统计员工，而非客户"),
}
