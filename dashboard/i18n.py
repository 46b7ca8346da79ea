"""English and Simplified Chinese: labels, number and date formats. The language is kept in the URL."""

from datetime import date
from typing import Literal

import streamlit as st

Lang = Literal["en", "zh"]
LANGUAGES: dict[str, str] = {"en": "English", "zh": "简体中文"}

TEXT: dict[str, dict[str, str]] = {
    "app_title": {"en": "CRM Scorecard", "zh": "CRM 平衡计分卡"},
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
    "benchmark_case": ("Benchmark cases", "指标案例"),
}


def table_name(table: str) -> str:
    """A table's name for people, in the current language."""
    names = TABLE_NAMES.get(table)
    return names[0 if lang() == "en" else 1] if names else table


def init_language() -> None:
    """Start a session in the language its URL asks for (``?lang=zh``), English by default."""
    if st.session_state.get("language") not in LANGUAGES:
        asked = st.query_params.get("lang", "en")
        st.session_state["language"] = asked if asked in LANGUAGES else "en"


def language_picker() -> None:
    """The language switch; the choice is written back to the URL so links keep it."""
    st.radio("Language · 语言", list(LANGUAGES), format_func=LANGUAGES.get, key="language", horizontal=True)
    st.query_params["lang"] = lang()


def lang() -> Lang:
    """The current language of this session."""
    value = st.session_state.get("language", "en")
    return value if value in LANGUAGES else "en"


def t(key: str, **values: object) -> str:
    """The text for ``key`` in the current language, with ``{placeholders}`` filled."""
    entry = TEXT[key]
    return entry[lang()].format(**values) if values else entry[lang()]


def number(value: float, *, decimals: int = 0, language: Lang | None = None) -> str:
    """A number with thousands separators; in Chinese, large amounts in 万 / 亿."""
    language = language or lang()
    if language == "zh" and abs(value) >= 100_000_000:
        return f"{value / 100_000_000:,.2f} 亿"
    if language == "zh" and abs(value) >= 100_000:
        return f"{value / 10_000:,.1f} 万"
    return f"{value:,.{decimals}f}"


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
