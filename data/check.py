"""Integrity report of the system of record: row counts, date ranges, problems found."""

from dataclasses import dataclass, field

from sqlalchemy import Engine, func, inspect, select, text

from data import models
from data.db import tables

DATE_COLUMNS = {
    "customer": "acquired_on",
    "sales_order": "ordered_on",
    "service_ticket": "opened_at",
    "campaign": "started_on",
    "campaign_contact": "contacted_on",
    "lead": "created_on",
    "opportunity": "created_on",
    "opportunity_stage_change": "changed_on",
    "survey_response": "responded_on",
    "training_record": "completed_on",
    "employee_survey": "surveyed_on",
    "crm_activity": "occurred_on",
    "program_cost": "incurred_on",
}

# name -> SQL counting offending rows (plain, fixed statements: no user input)
RULES = {
    "order lines with a quantity of zero or less": "SELECT count(*) FROM order_line WHERE quantity <= 0",
    "order lines with a negative price or cost":
        "SELECT count(*) FROM order_line WHERE unit_price < 0 OR unit_cost < 0",
    "order lines with a discount outside 0..1":
        "SELECT count(*) FROM order_line WHERE discount < 0 OR discount > 1",
    "orders before their customer was acquired":
        "SELECT count(*) FROM sales_order o JOIN customer c ON c.id = o.customer_id "
        "WHERE o.ordered_on < c.acquired_on",
    "orders delivered before they were placed":
        "SELECT count(*) FROM sales_order WHERE delivered_on < ordered_on",
    "tickets answered before they were opened":
        "SELECT count(*) FROM service_ticket WHERE first_response_at < opened_at",
    "tickets resolved before they were opened":
        "SELECT count(*) FROM service_ticket WHERE resolved_at < opened_at",
    "tickets with a CSAT outside 1..5":
        "SELECT count(*) FROM service_ticket WHERE csat < 1 OR csat > 5",
    "survey answers outside their scale (NPS 0..10, CSAT 1..5)":
        "SELECT count(*) FROM survey_response WHERE nps < 0 OR nps > 10 OR csat < 1 OR csat > 5",
    "customers churned before they were acquired":
        "SELECT count(*) FROM customer WHERE churned_on < acquired_on",
    "customers referred by themselves": "SELECT count(*) FROM customer WHERE referred_by_id = id",
    "opportunities closed before they were opened":
        "SELECT count(*) FROM opportunity WHERE closed_on < created_on",
}


# name -> SQL counting rows worth a look that may be right (the demo has some): a finding, not a problem,
# unless they are a large share of their table (DOUBLED_SHARE: the same lines imported twice)
REPEATED_LINES = "order lines repeated within their order (same product, quantity and price)"
FINDINGS = {
    REPEATED_LINES: "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM order_line "
                    "GROUP BY order_id, product_id, quantity, unit_price HAVING count(*) > 1) AS repeated",
}
DOUBLED_SHARE = 0.10


@dataclass
class Report:
    counts: dict[str, int] = field(default_factory=dict)
    ranges: dict[str, tuple[str, str]] = field(default_factory=dict)
    problems: dict[str, int] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)  # worth a look; not failing the check

    @property
    def ok(self) -> bool:
        return not self.problems


def orphan_rules() -> dict[str, str]:
    """One rule per foreign key: child rows whose parent does not exist."""
    rules = {}
    for table in tables():
        for fk in table.foreign_keys:
            child, parent = fk.parent, fk.column
            rules[f"{table.name}.{child.name} pointing to a missing {parent.table.name}"] = (
                f"SELECT count(*) FROM {table.name} t WHERE t.{child.name} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {parent.table.name} p WHERE p.{parent.name} = t.{child.name})"
            )
    return rules


def table_stats(engine: Engine) -> tuple[dict[str, tuple[int, str | None, str | None]], dict[str, str]]:
    """Rows, first and last date per table (ISO strings), and the ``dataset_info`` facts.

    Tables missing from the database count as empty.
    """
    existing = set(inspect(engine).get_table_names())
    stats: dict[str, tuple[int, str | None, str | None]] = {}
    info: dict[str, str] = {}
    with engine.connect() as conn:
        for table in tables():
            if table.name not in existing:
                stats[table.name] = (0, None, None)
                continue
            rows = conn.execute(select(func.count()).select_from(table)).scalar_one()
            low = high = None
            column = DATE_COLUMNS.get(table.name)
            if column:
                low, high = conn.execute(select(func.min(table.c[column]), func.max(table.c[column]))).one()
            stats[table.name] = (rows, str(low)[:10] if low else None, str(high)[:10] if high else None)
        if "dataset_info" in existing:
            info = dict(conn.execute(select(models.DatasetInfo.key, models.DatasetInfo.value)).all())
    return stats, info


def check(engine: Engine) -> Report:
    """Count rows, find date ranges and count rows that break each integrity rule."""
    report = Report()
    existing = set(inspect(engine).get_table_names())
    missing = [t.name for t in tables() if t.name not in existing]
    if missing:
        report.problems[f"missing tables: {', '.join(missing)}"] = len(missing)
        return report
    stats, _info = table_stats(engine)
    for name, (rows, low, high) in stats.items():
        report.counts[name] = rows
        if low:
            report.ranges[name] = (low, high)
    with engine.connect() as conn:
        for name, sql in {**orphan_rules(), **RULES}.items():
            count = conn.execute(text(sql)).scalar_one()
            if count:
                report.problems[name] = count
        for name, sql in FINDINGS.items():
            count = int(conn.execute(text(sql)).scalar_one())
            if count:
                report.findings[name] = count
    lines = report.counts.get("order_line", 0)
    repeated = report.findings.get(REPEATED_LINES, 0)
    if lines and repeated >= DOUBLED_SHARE * lines:  # a tenth of all lines repeated: imported twice, most likely
        report.problems[f"{REPEATED_LINES}: {repeated / lines:.0%} of all lines, imported twice?"] = \
            report.findings.pop(REPEATED_LINES)
    return report


def format_report(report: Report) -> str:
    lines = [f"{'table':<26} {'rows':>10}  date range"]
    for name, count in report.counts.items():
        low, high = report.ranges.get(name, ("", ""))
        lines.append(f"{name:<26} {count:>10,}  {low + ' .. ' + high if low else ''}")
    lines.append("")
    if report.ok:
        lines.append("integrity: no problems found")
    else:
        lines.append("integrity problems:")
        lines += [f"  {count:>8,}  {name}" for name, count in report.problems.items()]
    if report.findings:
        lines.append("worth a look (not counted as problems):")
        lines += [f"  {count:>8,}  {name}" for name, count in report.findings.items()]
    return "\n".join(lines)

