"""The who lists of the KPI catalogue: which customers are behind each KPI built from customers (``WHO``, keyed by
KPI id, attached to ``metrics.scorecard.registry.Kpi.who``), and why the others have none (``NO_LIST``)."""

from __future__ import annotations

from metrics.drill.who import (
    Who,
    acquisition_cost,
    active,
    categories,
    complaints,
    complaints_resolved,
    completeness,
    cost_to_serve,
    cross_sold,
    csat,
    how_to_tickets,
    lost,
    margin,
    margin_of_revenue,
    new,
    new_revenue,
    new_revenue_share,
    nps,
    on_time,
    referred,
    repeat_buyers,
    responses,
    retained,
    revenue,
    revenue_per_active,
    tickets_in_time,
    tier_a,
    top20,
    unowned,
    unprofitable,
)


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
