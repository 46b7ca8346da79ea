"""Import templates: one CSV per table (headers and an example row) and a description of every column.

``python -m data template DIR`` writes them; the import page offers the same files.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from data.importing.rules import IMPORTABLE, spec

KIND_NAMES = {
    "key": ("key: a whole number or your own text code (ALFKI, 00123)",
            "编号：整数或贵公司自己的文本编码（ALFKI、00123）"),
    "int": ("whole number", "整数"), "money": ("amount, up to 2 decimals", "金额，最多 2 位小数"),
    "decimal": ("number", "数值"), "float": ("number", "数值"), "bool": ("true / false", "是 / 否 (true / false)"),
    "date": ("date 2024-03-31", "日期 2024-03-31"), "datetime": ("date and time 2024-03-31T09:30:00Z",
                                                              "日期时间 2024-03-31T09:30:00Z"),
    "text": ("text", "文本"),
}
# (table, column) -> (meaning in English, meaning in Chinese); other columns get a generic line
MEANINGS = {
    ("customer", "id"): ("Your customer number", "客户编号"),
    ("customer", "name"): ("Customer name", "客户名称"),
    ("customer", "region"): ("Region, in your own words", "地区（按贵公司自己的叫法）"),
    ("customer", "channel"): ("Sales channel, in your own words", "销售渠道（自由文本）"),
    ("customer", "industry"): ("Industry, in your own words", "行业（自由文本）"),
    ("customer", "type"): ("Customer type, in your own words", "客户类型（自由文本）"),
    ("customer", "acquired_on"): ("Date the customer was won; empty: the first order date",
                                  "获客日期；留空则取首单日期"),
    ("customer", "acquisition_cost"): ("Cost of winning the customer", "获客成本"),
    ("customer", "manager_id"): ("Account manager: an employee id", "客户经理（员工编号）"),
    ("customer", "referred_by_id"): ("Customer who referred this one", "推荐人（客户编号）"),
    ("customer", "churned_on"): ("Date the customer was lost", "流失日期"),
    ("employee", "id"): ("Your employee number", "员工编号"),
    ("employee", "name"): ("Employee name", "员工姓名"),
    ("employee", "customer_facing"): ("Works with customers", "是否面向客户"),
    ("product", "id"): ("Your product number", "产品编号"),
    ("product", "name"): ("Product name", "产品名称"),
    ("product", "category"): ("Product category, in your own words", "产品类别（自由文本）"),
    ("product", "unit_cost"): ("Cost of one unit; empty: unknown (no margin shown)",
                               "单位成本；留空表示未知（不计算毛利）"),
    ("sales_order", "id"): ("Your order number", "订单编号"),
    ("sales_order", "customer_id"): ("Customer who ordered", "下单客户编号"),
    ("sales_order", "ordered_on"): ("Order date", "下单日期"),
    ("sales_order", "promised_on"): ("Delivery date promised", "承诺交货日期"),
    ("sales_order", "delivered_on"): ("Delivery date", "实际交货日期"),
    ("order_line", "id"): ("Line id; empty: numbered on import", "明细编号；留空则自动编号"),
    ("order_line", "line_no"): ("Line number within its order; empty: the line's position in its order in the file. "
                                "Importing the same lines again (upsert) finds them by order and line number",
                                "订单内的行号；留空则按文件中该订单各行的先后顺序编号。"
                                "再次导入（按编号更新）时按订单和行号找到已有的行"),
    ("order_line", "order_id"): ("Order the line belongs to", "所属订单编号"),
    ("order_line", "product_id"): ("Product sold", "产品编号"),
    ("order_line", "quantity"): ("Units sold (more than 0)", "销售数量（大于 0）"),
    ("order_line", "unit_price"): ("Price of one unit before discount", "折前单价"),
    ("order_line", "unit_cost"): ("Cost of one unit; empty: unknown margin, never 100 %", "单位成本；留空则毛利未知"),
    ("order_line", "discount"): ("Discount as a share 0..1; empty: none", "折扣比例 0..1；留空表示无折扣"),
    ("service_ticket", "opened_at"): ("When the ticket was opened", "工单创建时间"),
    ("service_ticket", "csat"): ("Satisfaction 1..5", "满意度 1..5"),
    ("survey_response", "nps"): ("Likelihood to recommend 0..10", "推荐意愿 0..10"),
    ("initiative", "id"): ("Your initiative number or code (INI-7)", "举措编号或编码（如 INI-7）"),
    ("initiative", "owner"): ("Owner: an account's e-mail", "负责人（账户邮箱）"),
    ("initiative", "start_on"): ("Start date", "开始日期"),
    ("initiative", "end_on"): ("Planned end date", "计划结束日期"),
    ("initiative", "percent_complete"): ("% complete, 0..100", "完成百分比 0..100"),
    ("initiative", "status"): ("planned, active, on_hold, done or cancelled",
                               "状态：planned、active、on_hold、done 或 cancelled"),
    ("initiative", "region"): ("Region it runs in; empty: the whole company", "实施区域；留空表示全公司"),
    ("initiative_kpi", "kpi_id"): ("A KPI it should move, by its id (churn_rate)", "应推动的指标编号（如 churn_rate）"),
    ("initiative_objective", "objective_id"): ("An objective it serves, by its id (keep_customers)",
                                              "服务的战略目标编号（如 keep_customers）"),
}
EXAMPLES = {"key": "1", "int": "1", "money": "1200.50", "decimal": "0.1", "float": "4.5", "bool": "true",
            "date": "2024-03-31", "datetime": "2024-03-31T09:30:00Z", "text": "Example"}
EXAMPLE_TEXT = {("customer", "churned_on"): "",
                ("customer", "name"): "上海示例贸易有限公司", ("customer", "region"): "华东",
                ("employee", "name"): "王芳", ("product", "name"): "Pump P-100"}


def columns_sheet() -> pd.DataFrame:
    """Every column of every table: required or not, type and meaning, in English and Chinese."""
    rows = []
    for name in IMPORTABLE:
        for col in spec(name):
            en, zh = MEANINGS.get((name, col.name), (f"{col.name.replace('_', ' ')} of the {name.replace('_', ' ')}",
                                                     f"{name}.{col.name}"))
            if col.parent:
                en += f" (a {col.parent} id)"
                zh += f"（{col.parent} 编号）"
            rows.append({"table": name, "column": col.name, "required": "yes" if col.required else "no",
                         "必填": "是" if col.required else "否", "type": KIND_NAMES[col.kind][0],
                         "类型": KIND_NAMES[col.kind][1], "meaning": en, "含义": zh})
    return pd.DataFrame(rows)


def example(name: str) -> pd.DataFrame:
    row = {c.name: "" if c.parent == name else EXAMPLE_TEXT.get((name, c.name), EXAMPLES[c.kind])
           for c in spec(name)}
    if name == "order_line":
        row["discount"] = "0.05"
    return pd.DataFrame([row])


def csv_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8-sig")


def files() -> dict[str, bytes]:
    """File name -> content: ``<table>.csv`` per table and ``columns.csv``."""
    out = {f"{name}.csv": csv_bytes(example(name)) for name in IMPORTABLE}
    out["columns.csv"] = csv_bytes(columns_sheet())
    return out


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files().items():
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written
