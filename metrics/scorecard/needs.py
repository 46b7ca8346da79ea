"""The data each KPI needs: tables, and the columns in them that must hold values.

A company that imports only customers and orders sees the KPIs it can measure and, for the rest,
"not measured: needs service tickets". Kept beside the catalogue (not in it) so the KPI definitions
and these declarations change independently; a test checks every catalogue KPI has an entry.
"""

from __future__ import annotations

from metrics.base.store import Store

# table -> what it is, in words (English, Chinese)
TABLE_WORDS = {
    "customer": ("customers", "客户"), "sales_order": ("orders", "订单"), "order_line": ("order lines", "订单明细"),
    "product": ("products", "产品"), "employee": ("employees", "员工"), "campaign": ("campaigns", "营销活动"),
    "campaign_contact": ("campaign contacts", "营销接触记录"), "lead": ("leads", "线索"),
    "opportunity": ("opportunities", "商机"), "opportunity_stage_change": ("opportunity stage changes", "商机阶段变更"),
    "service_ticket": ("service tickets", "服务工单"), "survey_response": ("survey responses", "客户调查"),
    "training_record": ("training records", "培训记录"), "employee_survey": ("employee surveys", "员工调查"),
    "crm_activity": ("CRM activity", "CRM 使用记录"),
}
# (table, column) -> the data a column holds, in words (English, Chinese): a company reads "needs unit costs of
# products", never a column name
COLUMN_WORDS: dict[tuple[str, str], tuple[str, str]] = {
    ("order_line", "quantity"): ("quantities of order lines", "订单明细数量"),
    ("order_line", "unit_price"): ("unit prices of order lines", "订单明细单价"),
    ("order_line", "unit_cost"): ("unit costs of products", "产品单位成本"),
    ("sales_order", "ordered_on"): ("order dates", "下单日期"),
    ("sales_order", "promised_on"): ("promised delivery dates", "承诺交货日期"),
    ("sales_order", "delivered_on"): ("delivery dates", "实际交货日期"),
    ("customer", "id"): ("customers", "客户"),
    ("customer", "acquired_on"): ("customers' acquisition dates", "客户获取日期"),
    ("customer", "acquisition_cost"): ("acquisition costs of customers", "客户获取成本"),
    ("customer", "referred_by_id"): ("who referred each customer", "客户推荐人"),
    ("customer", "manager_id"): ("customer managers", "客户经理"),
    ("customer", "churned_on"): ("churn dates of customers", "客户流失日期"),
    ("product", "category"): ("product categories", "产品类别"),
    ("service_ticket", "opened_at"): ("opening times of service tickets", "服务工单创建时间"),
    ("service_ticket", "handling_cost"): ("handling costs of service tickets", "服务工单处理成本"),
    ("service_ticket", "csat"): ("satisfaction scores of service tickets", "服务工单满意度评分"),
    ("service_ticket", "category"): ("categories of service tickets", "服务工单类别"),
    ("service_ticket", "first_response_at"): ("first response times of service tickets", "服务工单首次响应时间"),
    ("service_ticket", "resolved_at"): ("resolution times of service tickets", "服务工单解决时间"),
    ("service_ticket", "promised_at"): ("promised resolution times of service tickets", "服务工单承诺解决时间"),
    ("survey_response", "nps"): ("NPS answers of customer surveys", "客户调查 NPS 评分"),
    ("campaign", "spend"): ("campaign spend", "营销活动花费"),
    ("campaign_contact", "contacted_on"): ("campaign contact dates", "营销接触日期"),
    ("campaign_contact", "responded"): ("campaign responses", "营销响应记录"),
    ("campaign_contact", "revenue"): ("revenue attributed to campaigns", "营销归因收入"),
    ("lead", "created_on"): ("lead creation dates", "线索创建日期"),
    ("lead", "converted_on"): ("lead conversion dates", "线索转化日期"),
    ("opportunity", "status"): ("opportunity outcomes", "商机结果"),
    ("opportunity", "closed_on"): ("opportunity close dates", "商机关闭日期"),
    ("opportunity", "created_on"): ("opportunity creation dates", "商机创建日期"),
    ("opportunity_stage_change", "changed_on"): ("dates of opportunity stage changes", "商机阶段变更日期"),
    ("training_record", "hours"): ("training hours", "培训时长"),
    ("employee", "hired_on"): ("employees' hiring dates", "员工入职日期"),
    ("employee", "customer_facing"): ("which employees face customers", "员工是否面向客户"),
    ("employee_survey", "goal_alignment"): ("goal alignment answers of employee surveys", "员工调查目标一致性评分"),
    ("crm_activity", "kind"): ("kinds of CRM activity", "CRM 活动类型"),
}
SALES = (("order_line", ("quantity", "unit_price")), ("sales_order", ("ordered_on",)))
COST = (("order_line", ("unit_cost",)),)
ACQUIRED = (("customer", ("acquired_on",)),)
TICKETS = (("service_ticket", ("opened_at",)),)

NEEDS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "revenue": SALES, "revenue_growth": SALES, "gross_margin": SALES + COST, "gross_margin_pct": SALES + COST,
    "new_customer_revenue": SALES + ACQUIRED, "new_customer_revenue_share": SALES + ACQUIRED,
    "existing_revenue_growth": SALES + ACQUIRED, "revenue_per_active_customer": SALES,
    "customer_acquisition_cost": (*ACQUIRED, ("customer", ("acquisition_cost",))),
    "cost_to_serve": (*TICKETS, ("service_ticket", ("handling_cost",))),
    "unprofitable_customer_share": SALES + COST, "top20_profit_share": SALES + COST,
    "marketing_roi": SALES + COST + (("campaign", ("spend",)), ("campaign_contact", ("contacted_on",))),
    "active_customers": SALES, "new_customers": ACQUIRED, "retention_rate": SALES, "churn_rate": SALES,
    "repeat_purchase_rate": SALES, "average_csat": (("service_ticket", ("csat",)),),
    "net_promoter_score": (("survey_response", ("nps",)),),
    "complaints_per_100": (*TICKETS, ("service_ticket", ("category",))),
    "categories_per_customer": (*SALES, ("product", ("category",))),
    "referrals": (*ACQUIRED, ("customer", ("referred_by_id",))),
    "top_tier_revenue_share": SALES + COST,
    "lead_conversion_rate": (("lead", ("created_on",)),), "lead_to_customer_days": (("lead", ("converted_on",)),),
    "opportunity_win_rate": (("opportunity", ("status", "closed_on")),),
    "sales_cycle_days": (("opportunity", ("closed_on",)),),
    "pipeline_advance_share": (("opportunity", ("created_on",)), ("opportunity_stage_change", ("changed_on",))),
    "first_response_hours": (("service_ticket", ("first_response_at",)),),
    "tickets_within_promise": (("service_ticket", ("resolved_at", "promised_at")),),
    "on_time_delivery": (("sales_order", ("promised_on", "delivered_on")),),
    "complaint_resolution_rate": (*TICKETS, ("service_ticket", ("category", "resolved_at"))),
    "complaint_resolution_days": (*TICKETS, ("service_ticket", ("category", "resolved_at"))),
    "avoidable_ticket_share": (*TICKETS, ("service_ticket", ("category",))),
    "cross_sell_rate": (*SALES, ("product", ("category",))),
    "campaign_response_rate": (("campaign_contact", ("responded",)),),
    "campaign_roi": (("campaign", ("spend",)), ("campaign_contact", ("revenue",))),
    "price_spread": SALES,
    "training_hours_per_employee": (("training_record", ("hours",)), ("employee", ("hired_on",))),
    "crm_adoption": (("crm_activity", ("kind",)), ("employee", ("customer_facing", "hired_on"))),
    "data_completeness": (("customer", ("id",)),),
    "unowned_customer_share": (("customer", ("manager_id",)),),
    "goal_alignment": (("employee_survey", ("goal_alignment",)),),
    "notes_per_100_interactions": (("crm_activity", ("kind",)),),
    "staff_turnover": (("employee", ("hired_on",)),),
}


def available(store: Store) -> dict[str, dict[str, int]]:
    """Per table: its row count (``"*"``) and, per needed column, how many rows hold a value."""
    out: dict[str, dict[str, int]] = {}
    wanted: dict[str, set[str]] = {}
    for needs in NEEDS.values():
        for table, columns in needs:
            wanted.setdefault(table, set()).update(columns)
    for table, columns in wanted.items():
        names = sorted(columns)
        counts = ", ".join(["count(*) AS \"*\"", *(f'count("{c}") AS "{c}"' for c in names)])
        try:
            row = store.query(f"SELECT {counts} FROM {table}").iloc[0]
        except Exception:
            out[table] = dict.fromkeys(["*", *names], 0)
            continue
        out[table] = {c: int(row[c]) for c in ["*", *names]}
    return out


def missing(store: Store) -> dict[str, list[str]]:
    """KPI id -> what it lacks: a table without rows (``"service_ticket"``) or empty columns
    (``"order_line.unit_cost"``); KPIs with everything they need are left out."""
    have = available(store)
    out = {}
    for kpi_id, needs in NEEDS.items():
        lacking: list[str] = []
        for table, columns in needs:
            counts = have.get(table, {})
            item = [table] if not counts.get("*") else [f"{table}.{c}" for c in columns if not counts.get(c)]
            lacking.extend(i for i in item if i not in lacking)
        if lacking:
            out[kpi_id] = lacking
    return out


def needs_words(lacking: list[str], language: str) -> str:
    """``["service_ticket"]`` -> "service tickets" (or "服务工单"); a column in words, ``order_line.unit_cost``
    -> "unit costs of products" ("产品单位成本"); never a table or column name."""
    index = 0 if language == "en" else 1
    parts = []
    for item in lacking:
        table, _, column = item.partition(".")
        table_words = TABLE_WORDS.get(table, ("data", "数据"))[index]
        words = COLUMN_WORDS.get((table, column), (table_words, table_words))[index] if column else table_words
        if words not in parts:
            parts.append(words)
    return ("、" if index else ", ").join(parts)
