"""Data quality of the loaded data, read from the analytical store: completeness per column, rule
violations and orphans (the rules of ``python -m data check``), possible duplicates, freshness, and findings
about data the KPIs need (:func:`findings`: churn dates empty everywhere, so churn is inferred; a needed column
empty on every row; order lines without a unit cost; lifetime value not estimable)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from data.check import DATE_COLUMNS, RULES, orphan_rules
from data.importing.rules import IMPORTABLE, spec
from metrics.base.store import Store, write_table
from metrics.customers.churn_rule import churn_rule
from metrics.scorecard.needs import COLUMN_WORDS, NEEDS, TABLE_WORDS


def completeness(store: Store) -> pd.DataFrame:
    """One row per table and column: rows, values given, share given (0..1)."""
    rows = []
    for table in IMPORTABLE:
        columns = [c.name for c in spec(table)]
        counts = ", ".join(["count(*) AS \"*\"", *(f'count("{c}") AS "{c}"' for c in columns)])
        try:
            got = store.query(f"SELECT {counts} FROM {table}").iloc[0]
        except Exception:  # a store without this table (older file): nothing to say
            continue
        total = int(got["*"])
        if table == "customer" and "churned_on" in columns and churn_rule(store).inferred:
            got["churned_on"] = 0  # the store's dates are inferred from inactivity: the company gave none
        rows += [{"table": table, "column": c, "rows": total, "given": int(got[c]),
                  "share": int(got[c]) / total if total else float("nan")} for c in columns]
    return pd.DataFrame(rows, columns=["table", "column", "rows", "given", "share"])


def freshness(store: Store, today: date) -> pd.DataFrame:
    """Per table with a date: first and last date, and days from the last one to ``today``."""
    rows = []
    for table, column in DATE_COLUMNS.items():
        if table not in IMPORTABLE:
            continue
        try:
            low, high = store.query(f"SELECT min({column}) AS low, max({column}) AS high FROM {table}").iloc[0]
        except Exception:
            continue
        if pd.isna(high):
            continue
        last = pd.Timestamp(high).date()
        rows.append({"table": table, "first": pd.Timestamp(low).date(), "last": last,
                     "days_old": (today - last).days})
    return pd.DataFrame(rows, columns=["table", "first", "last", "days_old"])


def violations(store: Store) -> pd.DataFrame:
    """Rows breaking each rule of ``python -m data check`` (orphans included), and possible duplicate
    customers (same name, ignoring case and spaces); only rules with offending rows."""
    rules = {**orphan_rules(), **RULES,
             "customers sharing a name with another customer (possible duplicates)":
                 "SELECT count(*) FROM customer WHERE name IS NOT NULL AND lower(replace(name, ' ', '')) IN "
                 "(SELECT lower(replace(name, ' ', '')) FROM customer WHERE name IS NOT NULL "
                 "GROUP BY 1 HAVING count(*) > 1)"}
    rows = []
    for name, sql in rules.items():
        try:
            count = int(store.query(sql).iloc[0, 0])
        except Exception:
            continue
        if count:
            rows.append({"rule": name, "rows": count})
    return pd.DataFrame(rows, columns=["rule", "rows"])


VIOLATIONS_TABLE = "quality_violations"


def precompute(store: Store, connection) -> None:
    """``jobs.refresh`` step: :func:`violations` as table ``quality_violations`` (rule, rows, position). A hundred
    queries over every table of the data: 7 s at a million customers, a refresh's work and not a page run's."""
    found = violations(store).astype({"rule": str, "rows": "int64"})
    found["position"] = range(len(found))
    write_table(connection, VIOLATIONS_TABLE, found)


def stored_violations(store: Store) -> pd.DataFrame:
    """:func:`violations` as the refresh that built ``store`` found them; checked now on a store without them (built
    before this step, or the step failed)."""
    if not store.has_table(VIOLATIONS_TABLE):
        return violations(store)
    found = store.query(f"SELECT rule, rows FROM {VIOLATIONS_TABLE} ORDER BY position")
    return found.astype({"rule": str, "rows": "int64"})


FINDINGS = {
    "churn_inferred": {
        "en": "churn dates of customers are empty on every row: churn is inferred from inactivity (no purchase "
              "for {days} days)",
        "zh": "客户流失日期全部为空：流失按不活跃推断（{days} 天无购买）"},
    "column_empty": {"en": "{what} empty on every row (KPIs not measured for want of it: {kpis})",
                     "zh": "{what}全部为空（因此无法计量的指标：{kpis} 个）"},
    "unit_cost_partial": {
        "en": "order lines without a unit cost: margin and profit unknown for the customers and periods they touch",
        "zh": "无单位成本的订单明细：所涉客户与期间的毛利和利润未知"},
    "lifetime_not_estimable": {
        "en": "lifetime value not estimable on this data ({reason}): probabilities and values are left unknown",
        "zh": "此数据无法估计客户价值（{reason}）：概率与价值保持未知"},
}
LIFETIME_REASONS = {
    "no_orders": ("no orders", "没有订单"),
    "too_few_repeat_customers": ("too few repeat customers", "回头客太少"),
    "not_converged": ("the model's fit did not converge", "模型拟合未收敛"),
    "degenerate": ("the model's fit is degenerate", "模型拟合退化"),
}


def findings(store: Store, language: str = "en") -> pd.DataFrame:
    """Data the KPIs need that this company's data lacks (``rule``: a sentence in ``language``; ``rows``: the rows
    concerned): churn dates empty everywhere (churn inferred), a column a KPI needs empty on every row of a table
    that has rows, order lines without a unit cost among lines with one, lifetime value not estimable."""
    index = 0 if language == "en" else 1
    say = {code: text["zh" if index else "en"] for code, text in FINDINGS.items()}
    rows = []
    rule = churn_rule(store)
    if rule.inferred:
        customers = int(store.query("SELECT count(*) AS n FROM customer")["n"].iloc[0])
        rows.append({"rule": say["churn_inferred"].format(days=rule.days), "rows": customers})
    kpis_by_column: dict[tuple[str, str], int] = {}
    for needs in NEEDS.values():
        for table, columns in needs:
            for column in columns:
                kpis_by_column[(table, column)] = kpis_by_column.get((table, column), 0) + 1
    by_table: dict[str, list[str]] = {}
    for table, column in kpis_by_column:
        by_table.setdefault(table, []).append(column)
    for table, columns in sorted(by_table.items()):
        counts = ", ".join(["count(*) AS \"*\"", *(f'count("{c}") AS "{c}"' for c in sorted(columns))])
        try:
            got = store.query(f"SELECT {counts} FROM {table}").iloc[0]
        except Exception:  # a store without this table: nothing to say
            continue
        total = int(got["*"])
        for column in sorted(columns):
            given = int(got[column])
            if total and not given:
                what = COLUMN_WORDS.get((table, column), TABLE_WORDS.get(table, (table, table)))[index]
                rows.append({"rule": say["column_empty"].format(what=what, kpis=kpis_by_column[(table, column)]),
                             "rows": total})
            elif (table, column) == ("order_line", "unit_cost") and given < total:
                rows.append({"rule": say["unit_cost_partial"], "rows": total - given})
    if store.has_table("lifetime_status"):
        status = store.query("SELECT reason, (SELECT count(*) FROM customer_lifetime) AS customers "
                             "FROM lifetime_status WHERE reason IS NOT NULL")
        for reason, customers in zip(status["reason"], status["customers"], strict=True):
            words = LIFETIME_REASONS.get(reason, (reason, reason))[index]
            rows.append({"rule": say["lifetime_not_estimable"].format(reason=words), "rows": int(customers)})
    return pd.DataFrame(rows, columns=["rule", "rows"])
