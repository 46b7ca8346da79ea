"""Names of columns, code values, tables and 7P measures in English and Simplified Chinese: the tables
``dashboard.core.labels`` names everything shown with."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    en: str
    zh: str
    kind: str = "text"  # text | code | codes (a tuple of codes) | id | date | month | currency | percent | count
    #                     | number | ratio | days | hours | score | bool


COLUMNS: dict[str, Column] = {c_id: Column(*spec) for c_id, spec in {
    # customers
    "customer_id": ("Customer no.", "客户编号", "id"), "id": ("No.", "编号", "id"),
    "shown_id": ("Customer no.", "客户编号"),  # the company's own id (metrics.base.keys): text
    "name": ("Name", "名称"), "customer": ("Customer", "客户"), "region": ("Region", "大区", "code"),
    "channel": ("Channel", "渠道", "code"), "industry": ("Industry", "行业", "code"),
    "type": ("Customer type", "客户类型", "code"), "city": ("City", "城市", "code"),
    "monetary": ("Revenue, last 12 months", "近 12 个月收入", "currency"),
    "revenue_12m": ("Revenue, last 12 months", "近 12 个月收入", "currency"),
    "last_order": ("Last order", "最近下单", "date"),
    "profit": ("Profit after cost to serve", "扣除服务成本后利润", "currency"),
    "profit_12m": ("Profit after cost to serve", "扣除服务成本后利润", "currency"),
    "clv": ("Lifetime value, next 12 months", "未来 12 个月客户价值", "currency"),
    "p_alive": ("Probability still active", "仍活跃的概率", "percent"),
    "r_score": ("Recency score", "最近购买得分", "score"), "f_score": ("Frequency score", "购买频次得分", "score"),
    "m_score": ("Monetary score", "消费金额得分", "score"),
    "segment": ("RFM segment", "RFM 细分", "code"), "tier": ("Value tier", "价值层级", "code"),
    # call list and win-back list
    "category": ("Category", "类别", "code"), "purchases": ("Purchase days", "购买天数", "count"),
    "last_purchase": ("Last purchase", "上次购买", "date"),
    "usual_interval_days": ("Usual interval", "惯常间隔", "days"),
    "days_since": ("Days since", "距今天数", "days"), "overdue_days": ("Overdue by", "已逾期", "days"),
    "categories_due": ("Categories due", "到期品类", "codes"),
    "manager": ("Customer manager", "客户经理"), "manager_id": ("Manager no.", "客户经理编号", "id"),
    # one customer's history
    "order_id": ("Order no.", "订单编号", "id"), "ordered_on": ("Ordered on", "下单日期", "date"),
    "lines": ("Order lines", "订单行数", "count"), "units": ("Units", "数量", "count"),
    "revenue": ("Revenue", "收入", "currency"), "margin": ("Gross margin", "毛利", "currency"),
    "product": ("Product", "产品"), "first_bought": ("First bought", "首次购买", "date"),
    "last_bought": ("Last bought", "最近购买", "date"),
    "campaign": ("Campaign", "营销活动"), "purpose": ("Purpose", "目的", "code"),
    "contacted_on": ("Contacted on", "接触日期", "date"), "responded": ("Responded", "已响应", "bool"),
    "converted": ("Converted", "已转化", "bool"),
    "ticket": ("Ticket no.", "工单编号", "id"), "opened_at": ("Opened", "创建时间", "date"),
    "first_response_at": ("First response", "首次响应时间", "date"),
    "resolved_at": ("Resolved", "解决时间", "date"), "promised_at": ("Promised by", "承诺时间", "date"),
    "csat": ("Satisfaction (1-5)", "满意度（1-5）", "number"),
    "nps": ("Recommend (0-10)", "推荐意愿（0-10）", "number"),
    "response_hours": ("Hours to first response", "首次响应小时数", "hours"),
    "responded_on": ("Answered on", "答复日期", "date"),
    "changed_on": ("Changed on", "变更日期", "date"), "from_manager": ("From", "原负责人"),
    "to_manager": ("To", "新负责人"),
    # cohorts, learning, segment shares, portfolios
    "cohort": ("Acquisition quarter", "获客季度", "text"), "months_since": ("Months since", "间隔月数", "count"),
    "customers": ("Customers", "客户数", "count"), "retained": ("Still active", "仍活跃", "count"),
    "rate": ("Share still active", "仍活跃占比", "percent"),
    "training_hours": ("Training hours", "培训小时", "hours"),
    "completeness": ("Data completeness", "数据完整率", "percent"),
    "customers_share": ("Share of customers", "客户数占比", "percent"),
    "revenue_share": ("Share of revenue", "收入占比", "percent"),
    "profit_share": ("Share of profit", "利润占比", "percent"),
    "predicted_value": ("Predicted value, next 12 months", "未来 12 个月预测价值", "currency"),
    "growth": ("Revenue growth, last 12 months", "近 12 个月收入增长", "percent"),
    "retention": ("Retention, last 12 months", "近 12 个月保持率", "percent"),
    "last_activity": ("Last activity", "最近活动", "date"), "activity": ("Activity", "活动", "code"),
    # CRM program: plan and earned value, cost, return by step, indicators, benchmarks, health, method check
    "step": ("Step", "步骤"), "phase": ("Phase", "阶段", "id"),
    "planned_start": ("Planned start", "计划开始", "date"), "planned_end": ("Planned end", "计划结束", "date"),
    "actual_start": ("Actual start", "实际开始", "date"), "actual_end": ("Actual end", "实际结束", "date"),
    "owner": ("Owner", "负责人"), "status": ("Status", "状态", "code"),
    "percent_complete": ("% complete", "完成度", "percent"), "budget": ("Budget", "预算", "currency"),
    "actual_cost": ("Actual cost", "实际成本", "currency"),
    "planned_value": ("Planned value (PV)", "计划价值", "currency"),
    "earned_value": ("Earned value (EV)", "挣值", "currency"),
    "cpi": ("CPI", "成本绩效指数 CPI", "ratio"), "spi": ("SPI", "进度绩效指数 SPI", "ratio"),
    "cost_pv": ("Cost (PV)", "成本（现值）", "currency"),
    "benefit_pv": ("Benefit credited (PV)", "分摊收益（现值）", "currency"),
    "benefit_low": ("95% from", "95% 区间下限", "currency"), "benefit_high": ("95% to", "95% 区间上限", "currency"),
    "roi": ("ROI", "投资回报率 ROI", "percent"), "p_roi": ("P(ROI > 0)", "ROI 为正的概率", "percent"),
    "roi_note": ("ROI note", "回报说明", "code"),
    "phase_from": ("Months from", "起始月份", "month"), "phase_to": ("Months to", "截止月份", "month"),
    "benefit_measured": ("Benefit measured in these months", "这些月份实测收益", "currency"),
    "benefit_note": ("Note", "说明", "code"),
    "kpi_id": ("Indicator", "指标", "code"), "kind": ("Kind", "类型", "code"),
    "moved_in": ("Moved in", "变化月份", "month"), "stage": ("Step running then", "当时进行的步骤"),
    "change": ("Change", "变化幅度"),
    "lead_gross_margin": ("Months ahead of margin", "领先毛利的月数"),
    "lead_retention_rate": ("Months ahead of retention", "领先保持率的月数"),
    "cases": ("Cases", "案例数", "count"), "band_low": ("Cases' band from", "案例区间下限", "percent"),
    "band_high": ("Cases' band to", "案例区间上限", "percent"), "ours": ("Ours", "本公司", "percent"),
    "gap": ("Gap to band", "与区间的差距", "percent"),
    "factor": ("Success factor", "成功因素", "code"), "measured": ("Measured", "实测"),
    "threshold": ("Threshold", "门槛"), "healthy": ("Healthy", "健康", "bool"),
    "check": ("Estimate", "估计", "code"), "post_start": ("From", "起始月份", "month"),
    "cumulative": ("Cumulative effect", "累计效果", "currency"),
    "cumulative_low": ("Cumulative, 95% interval from", "累计效果 95% 区间下限", "currency"),
    "cumulative_high": ("Cumulative, 95% interval to", "累计效果 95% 区间上限", "currency"),
    "p_no_effect": ("Probability of no effect", "无效果的概率", "percent"), "verdict": ("Verdict", "结论", "code"),
    "written_on": ("Date", "日期", "date"), "author": ("Author", "作者"), "text": ("Note", "内容"),
    # whom to call (masked for roles that may not see contact data), accounts and the audit trail
    "contact_name": ("Contact", "联系人"), "phone": ("Phone", "电话"), "email": ("E-mail", "电子邮箱"),
    "role": ("Role", "角色", "code"), "active": ("Active", "启用", "bool"),
    "has_password": ("Local password", "本地密码", "bool"), "created_at": ("Created", "创建时间"),
    "last_sign_in_at": ("Last sign-in", "最近登录"), "at": ("When (UTC)", "时间（UTC）"),
    "actor": ("Who", "操作人"), "action": ("Action", "操作", "code"), "detail": ("Detail", "详情"),
}.items()}

YES_NO = {True: ("Yes", "是"), False: ("No", "否")}

# Every code value the analytical store holds, named in both languages (tests/dashboard/core/test_labels.py).
CODES: dict[str, tuple[str, str]] = {
    # the basis of a baseline target (metrics.scorecard.baselines)
    "year_before": ("Same month a year before", "上年同月"),
    "median_12": ("Median of the last 12 months", "近 12 个月中位数"),
    # regions, channels, industries, customer types, cities
    "East": ("East", "华东"), "North": ("North", "华北"), "South": ("South", "华南"), "West": ("West", "西部"),
    "Central": ("Central", "华中"), "direct": ("Direct sales", "直销"), "distributor": ("Distributors", "经销商"),
    "retail_chain": ("Retail chains", "零售连锁"), "online": ("Online", "线上"),
    "construction": ("Construction", "建筑"), "mining": ("Mining", "矿山"), "agriculture": ("Agriculture", "农业"),
    "logistics": ("Logistics", "物流"), "municipal": ("Municipal", "市政"),
    "machinery": ("Machinery", "机械制造"), "distribution": ("Distribution", "分销"),
    "cross-industry": ("Across industries", "跨行业"),
    "sme": ("Small and medium business", "中小企业"), "enterprise": ("Large enterprise", "大型企业"),
    "government": ("Government", "政府"),
    "Beijing": ("Beijing", "北京"), "Shanghai": ("Shanghai", "上海"), "Guangzhou": ("Guangzhou", "广州"),
    "Chengdu": ("Chengdu", "成都"), "Hangzhou": ("Hangzhou", "杭州"), "Wuhan": ("Wuhan", "武汉"),
    "Xi'an": ("Xi'an", "西安"),
    # product categories
    "excavator": ("Excavators", "挖掘机"), "loader": ("Loaders", "装载机"), "crane": ("Cranes", "起重机"),
    "attachment": ("Attachments", "属具"), "spare_parts": ("Spare parts", "备件"),
    "lubricants": ("Lubricants", "润滑油"),
    "maintenance": ("Maintenance", "维保服务"), "telematics": ("Telematics", "车联网"),
    # campaigns: channels and purposes
    "email": ("Email", "电子邮件"), "telesales": ("Telesales", "电话营销"), "trade_show": ("Trade show", "展会"),
    "wechat": ("WeChat", "微信"), "direct_mail": ("Direct mail", "直邮"),
    "retention": ("Retention", "客户保持"), "cross_sell": ("Cross-selling", "交叉销售"),
    "acquisition": ("Acquisition", "客户获取"),
    # service tickets: categories and channels
    "complaint": ("Complaint", "投诉"), "how_to": ("How-to question", "使用咨询"), "repair": ("Repair", "维修"),
    "phone": ("Phone", "电话"), "onsite": ("On site", "现场"), "web": ("Web", "网站"),
    # leads and opportunities
    "cold_call": ("Cold call", "陌生拜访"), "referral": ("Referral", "转介绍"), "campaign": ("Campaign", "营销活动"),
    "prospecting": ("Prospecting", "潜在"), "qualification": ("Qualification", "资格确认"),
    "proposal": ("Proposal", "方案"), "negotiation": ("Negotiation", "谈判"), "won": ("Won", "赢单"),
    "lost": ("Lost", "输单"), "open": ("Open", "进行中"),
    # staff: roles, departments, CRM activity, training courses, program costs
    "marketing": ("Marketing", "市场"), "account_manager": ("Account manager", "客户经理"),
    "sales_rep": ("Sales representative", "销售代表"), "back_office": ("Back office", "后台支持"),
    "service_engineer": ("Service engineer", "服务工程师"), "sales": ("Sales", "销售"),
    "finance": ("Finance", "财务"), "service": ("Service", "服务"),
    "call": ("Call", "电话"), "visit": ("Visit", "拜访"), "note": ("Note", "记录"), "login": ("Login", "登录"),
    "Safety": ("Safety", "安全"), "Product technology": ("Product technology", "产品技术"),
    "Service skills": ("Service skills", "服务技能"), "Negotiation": ("Negotiation", "谈判技巧"),
    "CRM system and customer strategy": ("CRM system and customer strategy", "CRM 系统与客户战略"),
    "staff": ("Staff", "人员"), "consulting": ("Consulting", "咨询"), "software": ("Software", "软件"),
    "hardware": ("Hardware", "硬件"), "training": ("Training", "培训"),
    # forecasting models (strategy links)
    "ar_trend": ("Autoregression with trend", "带趋势的自回归"), "ets": ("Exponential smoothing", "指数平滑"),
    # CRM program: step status, the benefit model's checks, benchmark industries
    "planned": ("Planned", "计划中"), "on_hold": ("On hold", "暂停"),
    "in_progress": ("In progress", "进行中"), "done": ("Done", "已完成"),
    # initiatives (issue 20): statuses and why an effect is not measured yet
    "active": ("Active", "进行中"), "cancelled": ("Cancelled", "已取消"), "not_started": ("Not started", "尚未开始"),
    "too_few_months": ("Too few months live", "实施月数不足"), "short_history": ("Too little history", "历史数据不足"),
    "gaps": ("Months without a value", "存在缺失月份"), "no_values": ("No values in this data", "此数据中无数值"),
    "unknown_kpi": ("Unknown KPI", "未知指标"),
    "main": ("Main estimate", "主估计"), "placebo": ("Placebo go-live", "安慰剂上线"),
    "effect_found": ("Effect found", "发现效果"), "no_effect_found": ("No effect found", "未发现效果"),
    "not_yet_measurable": ("Not yet measurable: no cost yet", "尚不可衡量：尚无成本"),
    "before_go_live": ("Before go-live: no benefit measured", "上线前：未衡量收益"),
    "leading": ("Leading", "领先"), "lagging": ("Lagging", "滞后"),
    "health_goal_alignment": ("Staff goals aligned with CRM (1..5)", "员工目标与 CRM 一致（1..5）"),
    "health_breadth": ("Departments using the CRM", "使用 CRM 的部门占比"),
    "health_training_coverage": ("Customer-facing staff trained (last 12 months)", "一线员工培训覆盖率（近 12 个月）"),
    "health_targets_set": ("KPIs with quantified targets", "设有量化目标的指标占比"),
    "health_change_management": ("Change management (step 11) done", "变革管理（第 11 步）完成度"),
    "manufacturing": ("Manufacturing", "制造业"),
    # the demo's benchmark cases name this KPI by an older id
    "avg_csat": ("Average customer satisfaction (CSAT)", "平均客户满意度"),
    # where the churn rule's days come from (metrics.customers.churn_rule)
    "recorded": ("Churn dates recorded by the company", "公司记录的流失日期"),
    "purchase_rhythm": ("Inferred from the purchase rhythm", "由购买节奏推断"),
    "setting": ("The company's own setting", "公司自定设置"),
    "too_few_repeat_customers": ("Too few repeat customers to infer", "重复购买客户太少，无法推断"),
    # the refresh's steps and their outcome (metrics.base.steps; the other steps are named in texts/core.py)
    "baseline_targets": ("Baseline targets", "基线目标"),
    "baseline_targets_applied": ("Baseline targets applied", "已应用基线目标"),
    "kpi_series": ("KPI monthly series", "KPI 月度序列"),
    "cube": ("Scorecard cube (every filter, every month)", "计分卡数据立方体（任意筛选、逐月）"),
    "customer_views": ("Customer pages' first view (latest month, unfiltered)", "客户页面首屏（最近月份、未筛选）"),
    "opening_profile": ("Segments page's opening 7P profile", "客户细分页面首屏 7P 画像"),
    "data_quality": ("Data quality rules (integrity, orphans, possible duplicates)",
                     "数据质量规则（完整性、孤立记录、疑似重复）"),
    "ok": ("Computed", "已计算"), "warned": ("Computed with a warning", "已计算（有警告）"),
    "failed": ("Could not compute", "无法计算"),
    # why a strategy link's fit leaves months out (metrics.links.windows)
    "history": ("Too little history", "历史数据不足"), "inputs": ("Inputs not recorded", "输入数据未记录"),
    # where a target comes from (metrics.scorecard.baselines, the sales team's targets)
    "set": ("Set by the company", "公司设定"), "baseline": ("Baseline (from history)", "基线（按历史）"),
    "editor": ("Entered on the page", "页面录入"),
    # the dimensions a KPI is broken down by (kpi_monthly_unit)
    "region": ("Region", "大区"), "channel": ("Channel", "渠道"), "industry": ("Industry", "行业"),
}


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
    "kpi_target_change": ("KPI target changes", "KPI 目标变更记录"),
    "sales_rep_target": ("Sales targets per representative", "销售代表目标"),
    "objective_weight": ("Objective weights", "战略目标权重"),
    "kpi_target_segment": ("KPI targets by region, channel and month", "按大区、渠道和月份的 KPI 目标"),
    "initiative": ("Initiatives", "改进举措"), "initiative_kpi": ("KPIs of initiatives", "举措关联指标"),
    "initiative_objective": ("Objectives of initiatives", "举措关联目标"),
}

# The system's own bookkeeping, not the company's data: left off the Data page, with the tables ``data.models`` marks
# private (accounts, the audit trail and the app's settings; the first two have pages of their own).
PRIVATE_TABLES = frozenset({"import_mapping", "job_lock"})


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
