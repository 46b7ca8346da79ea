"""English and Simplified Chinese: labels, number and date formats. The language is kept in the URL."""

from datetime import date
from typing import Literal

import streamlit as st

from dashboard.core import texts
from dashboard.core.texts import access, importing, links, program, speed, targets
from metrics.base.format import format_number

Lang = Literal["en", "zh"]
LANGUAGES: dict[str, str] = {"en": "English", "zh": "简体中文"}

CORE_TEXT: dict[str, dict[str, str]] = {
    "app_title": {"en": "CRM Scorecard", "zh": "CRM 平衡计分卡"},
    "page_overview": {"en": "Overview", "zh": "总览"},
    "page_segments": {"en": "Segments", "zh": "客户细分"},
    "page_customer_detail": {"en": "Customer detail", "zh": "客户详情"},
    "page_portfolios": {"en": "Portfolios", "zh": "客户组合"},
    "portfolios_title": {"en": "Customer portfolios and the picket fence", "zh": "客户组合与尖桩篱栅"},
    "portfolio_table": {"en": "Portfolio of each customer manager", "zh": "各客户经理的客户组合"},
    "predicted_value": {"en": "Predicted value, next 12 months", "zh": "未来 12 个月预测价值"},
    "growth": {"en": "Revenue growth, last 12 months", "zh": "近 12 个月收入增长"},
    "retention": {"en": "Retention, last 12 months", "zh": "近 12 个月保持率"},
    "picket_fence": {"en": "Picket fence: customers ranked by predicted value", "zh": "尖桩篱栅：按预测价值排序的客户"},
    "customer_rank": {"en": "Customer rank", "zh": "客户排名"},
    "cumulative_value": {"en": "Cumulative share of predicted value", "zh": "预测价值累计占比"},
    "managed": {"en": "Under a named manager", "zh": "有专属客户经理"},
    "unmanaged": {"en": "No active manager", "zh": "无在职客户经理"},
    "fence_at": {"en": "Fence around the top customers", "zh": "篱栅覆盖的头部客户数"},
    "fence": {"en": "fence", "zh": "篱栅"},
    "fence_value_share": {"en": "Value inside the fence", "zh": "篱栅内价值占比"},
    "fence_profit_share": {"en": "Profit inside the fence", "zh": "篱栅内利润占比"},
    "managed_value_share": {"en": "Value under named managers today", "zh": "当前专属经理覆盖价值"},
    "managed_in_fence": {"en": "Of the fence, already managed", "zh": "篱栅内已有专属经理"},
    "segments_title": {"en": "Who are our valuable customers?", "zh": "谁是我们的高价值客户？"},
    "rfm_map": {"en": "RFM map: customers per score",
                "zh": "RFM 分布：各得分的客户数"},
    "recency_score": {"en": "Recency score (5 = most recent)", "zh": "最近购买得分（5 = 最近）"},
    "fm_score": {"en": "Frequency & monetary score", "zh": "频次与金额得分"},
    "segment_shares": {"en": "Share of customers, revenue and profit (last 12 months)",
                       "zh": "客户数、收入与利润占比（近 12 个月）"},
    "group_by": {"en": "Group by", "zh": "分组方式"},
    "by_segment": {"en": "RFM segment", "zh": "RFM 细分"},
    "by_tier": {"en": "Value tier", "zh": "价值层级"},
    "segment": {"en": "Segment", "zh": "细分"},
    "compare_segment": {"en": "Compare with", "zh": "对比细分"},
    "none_selected": {"en": "(none)", "zh": "（无）"},
    "seven_p": {"en": "7P profile", "zh": "7P 分析"},
    "p_profiling": {"en": "Profiling: who they are", "zh": "客户概况"},
    "p_persistency": {"en": "Persistency: do they stay", "zh": "忠诚度"},
    "p_profitability": {"en": "Profitability", "zh": "利润"},
    "p_performance": {"en": "Performance: spend trend", "zh": "表现：消费趋势"},
    "p_prospecting": {"en": "Prospecting: next 12 months (90% interval)", "zh": "未来：未来 12 个月（90% 区间）"},
    "p_product": {"en": "Product: mix and cross-sell gaps", "zh": "产品：品类结构与交叉销售空白"},
    "p_promotion": {"en": "Promotion: campaigns", "zh": "促销：营销活动"},
    "customer_list": {"en": "Customers in the segment", "zh": "细分内客户"},
    "search": {"en": "Search by name or id", "zh": "按名称或编号搜索"},
    "call_list": {"en": "Due to reorder now: the call list", "zh": "现在该补货了：电话回访清单"},
    "call_list_help": {"en": "Customers whose usual interval between purchases of a category has just passed "
                             "(by at most half an interval, or a month), most valuable (revenue, last 12 months) "
                             "first.",
                       "zh": "某品类惯常购买间隔刚刚过去（不超过半个间隔或一个月）的客户，"
                             "按近 12 个月收入从高到低排列。"},
    "win_back": {"en": "Lapsed: the win-back list", "zh": "已久未购买：客户赢回清单"},
    "win_back_help": {"en": "Customers further past their usual reorder time (more than half an interval and "
                            "a month): the need has likely gone elsewhere, a win-back offer rather than a reminder.",
                      "zh": "超过惯常补货时间半个间隔且一个月以上的客户：需求可能已转向别处，应采取赢回措施而非提醒。"},
    "pick_due": {"en": "Most valuable customers due to reorder now", "zh": "现在该补货的高价值客户"},
    "pick_recent": {"en": "Recent activity: latest orders", "zh": "最近动态：最新订单"},
    "pick_help": {"en": "Select a row to open the customer, or search by name or id.",
                  "zh": "选择一行打开客户，或按名称、编号搜索。"},
    "lifetime_status": {"en": "Status", "zh": "状态"},
    "churned": {"en": "Churned", "zh": "已流失"},
    "open_customer": {"en": "Select a row to open the customer.", "zh": "选择一行打开客户详情。"},
    "custom_segment": {"en": "Custom: every customer the sidebar filters select",
                       "zh": "自定义：侧栏筛选条件选中的全部客户"},
    "tier_A": {"en": "Tier A (top 80% of profit)", "zh": "A 层（前 80% 利润）"},
    "tier_B": {"en": "Tier B (next 15%)", "zh": "B 层（其后 15%）"},
    "tier_C": {"en": "Tier C (the rest)", "zh": "C 层（其余）"},
    "choose_customer": {"en": "Customer", "zh": "客户"},
    "customer_facts": {"en": "Who they are", "zh": "基本信息"},
    "history": {"en": "History", "zh": "历史记录"},
    "h_orders": {"en": "Orders", "zh": "订单"},
    "h_products": {"en": "Products", "zh": "产品"},
    "h_campaigns": {"en": "Campaigns", "zh": "营销活动"},
    "h_tickets": {"en": "Tickets and complaints", "zh": "工单与投诉"},
    "h_surveys": {"en": "Surveys", "zh": "调查"},
    "h_owners": {"en": "Owner changes", "zh": "负责人变更"},
    "clv_12m": {"en": "Lifetime value, next 12 months", "zh": "未来 12 个月客户价值"},
    "p_alive": {"en": "Probability still active", "zh": "仍活跃的概率"},
    "expected_purchases": {"en": "Expected purchases, next 12 months", "zh": "未来 12 个月预计购买次数"},
    "revenue_12m": {"en": "Revenue, last 12 months", "zh": "近 12 个月收入"},
    "owner": {"en": "Owner", "zh": "负责人"},
    "owner_left": {"en": "{name} (left {day})", "zh": "{name}（已于 {day} 离职）"},
    "no_owner": {"en": "No owner", "zh": "无负责人"},
    "due_for": {"en": "Due to reorder", "zh": "该补货"},
    "due_line": {"en": "{category}: {since} since the last purchase; usually every {usual}",
                 "zh": "{category}：距上次购买 {since}，惯常间隔 {usual}"},
    "nothing_due": {"en": "Nothing is due.", "zh": "暂无到期补货。"},
    "no_customer": {"en": "No customer matches.", "zh": "没有匹配的客户。"},
    "page_financial": {"en": "Financial", "zh": "财务"},
    "page_customer": {"en": "Customer", "zh": "客户"},
    "page_process": {"en": "Internal process", "zh": "内部流程"},
    "page_learning": {"en": "Learning & growth", "zh": "学习与成长"},
    "overview_title": {"en": "Is our customer strategy working?", "zh": "我们的客户战略见效了吗？"},
    "filters": {"en": "Filters", "zh": "筛选"},
    "grain": {"en": "Period type", "zh": "期间类型"},
    "grain_month": {"en": "Month", "zh": "月"},
    "grain_quarter": {"en": "Quarter", "zh": "季度"},
    "grain_year": {"en": "Year", "zh": "年"},
    "period": {"en": "Period", "zh": "期间"},
    "compare_with": {"en": "Compare with", "zh": "对比"},
    "compare_prev": {"en": "Previous period", "zh": "上期"},
    "compare_year": {"en": "A year before", "zh": "去年同期"},
    "region": {"en": "Region", "zh": "大区"},
    "channel": {"en": "Channel", "zh": "渠道"},
    "industry": {"en": "Industry", "zh": "行业"},
    "manager": {"en": "Customer manager", "zh": "客户经理"},
    "all": {"en": "All", "zh": "全部"},
    "value_proposition": {"en": "Value proposition", "zh": "价值主张"},
    "value_proposition_help": {
        "en": "The value discipline the company chose; it marks the customer processes that matter most.",
        "zh": "公司选择的价值主张，决定哪些客户流程最关键。"},
    "overall_score": {"en": "Overall score", "zh": "综合得分"},
    "score_of": {"en": "{score} / 100", "zh": "{score} / 100"},
    "strategy_map": {"en": "Strategy map", "zh": "战略地图"},
    "strategy_map_help": {
        "en": "Objectives coloured by their KPIs' status; arrows run from cause to effect. ★ marks the customer "
              "processes key to the chosen value proposition.",
        "zh": "目标按其 KPI 状态着色，箭头由因指向果。★ 表示所选价值主张下的关键客户流程。"},
    "scorecard": {"en": "Scorecard", "zh": "计分卡"},
    "kpi": {"en": "KPI", "zh": "指标"},
    "value": {"en": "Value", "zh": "实际值"},
    "target": {"en": "Target", "zh": "目标"},
    "status": {"en": "Status", "zh": "状态"},
    "delta_prev": {"en": "vs previous", "zh": "较上期"},
    "delta_year": {"en": "vs a year before", "zh": "较去年同期"},
    "trend_12": {"en": "Last 12 periods", "zh": "近 12 期"},
    "status_green": {"en": "On target", "zh": "达标"},
    "status_amber": {"en": "Close", "zh": "接近"},
    "status_red": {"en": "Off target", "zh": "未达标"},
    "status_none": {"en": "No value", "zh": "无数据"},
    "open_kpi": {"en": "Open a KPI", "zh": "查看指标"},
    "open_kpi_help": {"en": "Select a row, or pick a KPI here, to open its perspective page.",
                      "zh": "选择表格中的一行或在此选择指标，打开其所属视角页面。"},
    "download_csv": {"en": "CSV", "zh": "CSV"},
    "download_excel": {"en": "Excel", "zh": "Excel"},
    "download_report": {"en": "One-page report (PDF)", "zh": "一页报告（PDF）"},
    "focus_kpi": {"en": "KPI in focus", "zh": "重点指标"},
    "definition": {"en": "Definition", "zh": "定义"},
    "trend_vs_target": {"en": "Trend against target", "zh": "趋势与目标"},
    "breakdown": {"en": "Breakdown", "zh": "分解"},
    "breakdown_by": {"en": "Break down by", "zh": "分解维度"},
    "breakdown_managers_note": {"en": "The {n} largest portfolios.", "zh": "客户数最多的 {n} 个客户组合。"},
    "new_vs_existing": {"en": "Revenue from new and existing customers", "zh": "新老客户收入"},
    "new_customers_rev": {"en": "New customers (first 365 days)", "zh": "新客户（首 365 天）"},
    "existing_customers_rev": {"en": "Existing customers", "zh": "现有客户"},
    "cohort_retention": {"en": "Cohort retention: share of each acquisition quarter still active",
                         "zh": "客户群保持率：各获客季度客户的存续比例"},
    "months_since": {"en": "Months since acquisition quarter", "zh": "自获客季度起的月数"},
    "cohort": {"en": "Acquired in", "zh": "获客季度"},
    "customer_since": {"en": "Customer since", "zh": "成为客户日期"},
    "churned_on": {"en": "Churned on {day}", "zh": "已于 {day} 流失"},
    "churned_note": {"en": "This customer churned on {day}: no lifetime value and no chance of still being active.",
                     "zh": "该客户已于 {day} 流失：不再计算客户价值和仍活跃概率。"},
    "funnel": {"en": "Sales funnel (leads created in the last 12 months)", "zh": "销售漏斗（近 12 个月新建线索）"},
    "funnel_leads": {"en": "Leads", "zh": "线索"},
    "funnel_qualified": {"en": "Qualified", "zh": "合格线索"},
    "funnel_opportunities": {"en": "Opportunities", "zh": "商机"},
    "funnel_won": {"en": "Won", "zh": "赢单"},
    "stage_velocity": {"en": "Days spent in each stage", "zh": "各阶段停留天数"},
    "stage_prospecting": {"en": "Prospecting", "zh": "潜在"},
    "stage_qualification": {"en": "Qualification", "zh": "资格确认"},
    "stage_proposal": {"en": "Proposal", "zh": "方案"},
    "stage_negotiation": {"en": "Negotiation", "zh": "谈判"},
    "days": {"en": "Days", "zh": "天"},
    "training_vs_completeness": {
        "en": "Training hours of each account manager against the completeness of their customers' data",
        "zh": "客户经理培训时长与其客户数据完整率"},
    "training_hours": {"en": "Training hours", "zh": "培训小时"},
    "completeness": {"en": "Data completeness", "zh": "数据完整率"},
    "customers_count": {"en": "Customers", "zh": "客户数"},
    "key_processes": {"en": "Key processes for {vp}: {processes}", "zh": "{vp}的关键流程：{processes}"},
    "process_selection": {"en": "selection", "zh": "客户选择"},
    "process_acquisition": {"en": "acquisition", "zh": "客户获取"},
    "process_retention": {"en": "retention", "zh": "客户保持"},
    "process_development": {"en": "development", "zh": "客户发展"},
    "no_data_for": {"en": "No data for {what}: nothing matches these filters in that period.",
                    "zh": "{what} 无数据：该期间内没有符合筛选条件的数据。"},
    "ignored_link_values": {"en": "The link asked for values that are not in the data and were ignored: {values}",
                            "zh": "链接中的以下取值在数据中不存在，已忽略：{values}"},
    "store_missing": {"en": "The analytical store has not been built yet: run `python -m data refresh`.",
                      "zh": "分析库尚未生成：请运行 `python -m data refresh`。"},
    "target_band": {"en": "Target", "zh": "目标"},
    "amber_band": {"en": "Amber band", "zh": "接近区间"},
    "objective": {"en": "Objective", "zh": "目标"},
    "leading": {"en": "leading", "zh": "领先指标"},
    "lagging": {"en": "lagging", "zh": "滞后指标"},
    "higher_better": {"en": "higher is better", "zh": "越高越好"},
    "lower_better": {"en": "lower is better", "zh": "越低越好"},
    "group_scorecard": {"en": "Scorecard", "zh": "计分卡"},
    "group_customers": {"en": "Customers", "zh": "客户"},
    "group_program": {"en": "Program", "zh": "CRM 项目"},
    "group_admin": {"en": "Admin", "zh": "管理"},
    "page_data": {"en": "Data", "zh": "数据"},
    "data_title": {"en": "Data loaded", "zh": "已加载的数据"},
    "customers": {"en": "Customers", "zh": "客户数"},
    "orders": {"en": "Orders", "zh": "订单数"},
    "order_lines": {"en": "Order lines", "zh": "订单明细"},
    "tickets": {"en": "Service tickets", "zh": "服务工单"},
    "employees": {"en": "Employees", "zh": "员工数"},
    "as_of": {"en": "Data as of", "zh": "数据截至"},
    "period_covered": {"en": "Period covered", "zh": "覆盖期间"},
    "table": {"en": "Table", "zh": "数据表"},
    "rows": {"en": "Rows", "zh": "行数"},
    "first": {"en": "First date", "zh": "最早日期"},
    "last": {"en": "Last date", "zh": "最晚日期"},
    "database": {"en": "Database", "zh": "数据库"},
    "stale": {
        "en": "The latest data is from {as_of}, more than a month ago: load newer data.",
        "zh": "最新数据截至 {as_of}，已超过一个月，请导入新数据。",
    },
    "empty_database": {
        "en": "The database at {url} holds no customers yet. Build the demo company with "
        "`python -m data demo` or import your data.",
        "zh": "数据库 {url} 中还没有客户数据。请运行 `python -m data demo` 生成演示公司，或导入您的数据。",
    },
    "db_down": {
        "en": "Cannot reach the database at {url}. Check that the server is running, that "
        "DATABASE_URL is right and that the credentials are valid. Detail: {reason}",
        "zh": "无法连接数据库 {url}。请检查数据库服务是否运行、DATABASE_URL 是否正确、账号密码是否有效。详情：{reason}",
    },
}

TEXT = texts.merge(CORE_TEXT, program.TEXT, links.TEXT, importing.TEXT, access.TEXT, speed.TEXT, targets.TEXT)

TABLE_NAMES: dict[str, tuple[str, str]] = {
    "dataset_info": ("Data set facts", "数据集信息"), "employee": ("Employees", "员工"),
    "customer": ("Customers", "客户"), "product": ("Products", "产品"), "sales_order": ("Sales orders", "销售订单"),
    "order_line": ("Order lines", "订单明细"), "campaign": ("Campaigns", "营销活动"),
    "campaign_contact": ("Campaign contacts", "活动接触"), "lead": ("Leads", "销售线索"),
    "opportunity": ("Opportunities", "商机"), "opportunity_stage_change": ("Opportunity stage changes", "商机阶段变更"),
    "service_ticket": ("Service tickets", "服务工单"), "survey_response": ("Customer surveys", "客户调查"),
    "training_record": ("Training records", "培训记录"), "employee_survey": ("Staff surveys", "员工调查"),
    "crm_activity": ("CRM activity", "CRM 使用记录"), "kpi_target": ("KPI targets", "KPI 目标"),
    "program_step": ("CRM program steps", "CRM 项目步骤"), "program_cost": ("CRM program costs", "CRM 项目成本"),
    "benchmark_case": ("Benchmark cases", "标杆案例"),
    "customer_owner_change": ("Customer owner changes", "客户负责人变更"),
    "program_budget": ("CRM program budgets", "CRM 项目预算"),
    "program_comment": ("CRM program commentary", "CRM 项目评论"),
}


def member(value: object) -> str:
    """A code value's name in the current language (regions, channels, industries, categories...):
    ``dashboard.labels.CODES``; a value without a name is shown as given."""
    from dashboard.core import labels

    return labels.code(value, lang())


def table_name(table: str) -> str:
    """A table's name for people, in the current language."""
    names = TABLE_NAMES.get(table)
    return names[0 if lang() == "en" else 1] if names else table


def init_language() -> None:
    """Start a session in the language its URL asks for (``?lang=zh``), English by default; later runs
    keep the session's choice (also kept under a plain key: Streamlit forgets a widget's value on a
    run that does not draw it)."""
    state = st.session_state
    current = state.get("language")
    if current not in LANGUAGES:
        current = state.get("_language_saved") or st.query_params.get("lang", "en")
    # assigned on every run, before the picker is drawn: the picker then keeps it across page switches
    state["language"] = current if current in LANGUAGES else "en"


def language_picker() -> None:
    """The language switch; the choice is written back to the URL so links keep it."""
    st.radio("Language · 语言", list(LANGUAGES), format_func=LANGUAGES.get, key="language", horizontal=True)
    st.session_state["_language_saved"] = lang()
    st.query_params["lang"] = lang()


def lang() -> Lang:
    """The current language of this session."""
    value = st.session_state.get("language", "en")
    return value if value in LANGUAGES else "en"

MEASURES: dict[str, tuple[str, str]] = {
    "customers": ("Customers", "客户数"), "tenure_years": ("Mean tenure (years)", "平均客户年限（年）"),
    "top_region": ("Largest region", "最大大区"), "top_channel": ("Largest channel", "最大渠道"),
    "top_industry": ("Largest industry", "最大行业"), "repeat_rate": ("Repeat buyers", "重复购买客户占比"),
    "probability_alive": ("Mean probability still active", "平均仍活跃概率"),
    "days_since_last_order": ("Median days since last order", "距上次下单天数中位数"),
    "gross_margin": ("Gross margin", "毛利"),
    "profit_after_cost_to_serve": ("Profit after cost to serve", "扣除服务成本后利润"),
    "cost_to_serve_per_customer": ("Cost to serve per customer", "客户平均服务成本"),
    "unprofitable_share": ("Unprofitable customers", "亏损客户占比"), "revenue_12m": ("Revenue", "收入"),
    "revenue_per_customer": ("Revenue per customer", "客户平均收入"),
    "revenue_change_last_6m": ("Last 6 months vs the 6 before", "近 6 个月较前 6 个月"),
    "expected_purchases_next_12m": ("Expected purchases", "预计购买次数"),
    "clv_next_12m": ("Lifetime value", "客户价值"),
    "revenue_share": ("Revenue share", "收入占比"), "never_bought": ("Never bought", "从未购买"),
    "campaign_contacts": ("Campaign contacts", "活动接触次数"), "campaign_response_rate": ("Response rate", "响应率"),
    "campaign_roi": ("Campaign ROI", "活动回报率"),
}
def measure(name: str) -> str:
    """A 7P measure's label; ``kind:member`` names get the member appended (a category or a region)."""
    kind, _, member_name = name.partition(":")
    pair = MEASURES.get(kind)
    label = pair[0 if lang() == "en" else 1] if pair else kind
    if member_name:
        label += f": {member(member_name)}"
    return label


def labeller(prefix: str = "", *, names: dict[str, dict[str, str]] | None = None):
    """A format function for widget options, fixed to the current language: ``TEXT[prefix + option]``,
    a member name, or ``names[option][language]``. (Widgets keep their format function past the run.)"""
    language = lang()

    def label(option: object) -> str:
        if names is not None:
            return names[option][language]
        key = f"{prefix}{option}"
        if key in TEXT:
            return TEXT[key][language]
        from dashboard.core import labels

        return labels.code(option, language)

    return label


def t(key: str, **values: object) -> str:
    """The text for ``key`` in the current language, with ``{placeholders}`` filled."""
    entry = TEXT[key]
    return entry[lang()].format(**values) if values else entry[lang()]


def number(value: float, *, decimals: int = 0, language: Lang | None = None) -> str:
    """A number with thousands separators; in Chinese, large amounts in 万 / 亿 (``metrics.format``)."""
    return format_number(value, language or lang(), decimals=decimals)


def day(value: date | None, *, language: Lang | None = None) -> str:
    """A date: ``23 Nov 2026`` in English, ``2026年11月23日`` in Chinese."""
    if value is None:
        return "–"
    language = language or lang()
    if language == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value:%b %Y}"


def month(value: date | None, *, language: Lang | None = None) -> str:
    """A month: ``Nov 2026`` in English, ``2026年11月`` in Chinese."""
    if value is None:
        return "–"
    language = language or lang()
    return f"{value.year}年{value.month}月" if language == "zh" else f"{value:%b %Y}"
