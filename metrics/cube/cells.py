"""The cube's cells, written at refresh: the facts aggregated once by month and the customer's filter attributes.

Every filter of the product (region, channel, industry, manager) is an attribute of the customer, so a customer,
and every fact of it, falls in exactly one cell (``DIMS``); sums and counts over a filtered set of customers are
sums over its cells. Tables (all keyed by ``DIMS``):

cube_customer   one row per (acquisition month, churn month, manager's leaving month, referred): the customers,
                their acquisition cost and data completeness summed. Every customer state at a month boundary
                (active, at start, retained, new, lost, alive and unowned at the end) is a range condition on
                those months, so any period's states add up from these rows, at any grain and fiscal start.
cube_sales      per month: revenue, margin, cost (with how many lines knew them), new/existing revenue, lines,
                orders (an order has one customer and one month: distinct per cell and month, additive).
cube_buyers     per (month, previous month with a purchase): customers. A customer buys in a period
                [a, b) exactly once counted: in its first purchase month m in [a, b), where its previous
                purchase month is before a (or none). So distinct buyers of any period add up, with no
                sum of monthly distincts.
cube_pairs      the same per (customer, category) pair: distinct categories bought.
cube_cross      the same over the months a customer first bought a category after its first one: cross-sold.
cube_service    per month of opening: ticket counts, resolution and complaint sums, handling cost, CSAT sums.
cube_response   per ticket answered: month, cell, hours to the first response (the median is not additive:
                the narrow table lets the exact median read only its periods' rows).
cube_surveys    per month: responses, CSAT sums, promoters, detractors.
cube_deliveries per month of ordering: orders delivered and on time.
cube_campaigns  per month of contact: contacts, responses, conversions, revenue and spend (split per contact).

Rollups (``<table>_rollup``): each additive table above summed over its managers, read by the filters that
choose no manager (nearly all): at a million customers a region's months read thousands of rows, not millions
(cube_pairs: 66,000 rows against 8.3 million). ``cube_customer``'s keeps whether a customer has a manager (the
unowned state). ``cube_response`` (a median) has none.

:func:`precompute` is the ``jobs.refresh`` step; :func:`update` rebuilds the months from ``first_month`` on
(an import that appended months), the rest kept: same tables as a full build.
"""

from __future__ import annotations

from datetime import date

import duckdb

from data import appended
from metrics.base.store import Store

DIMS = "region, channel, industry, manager_id"
MONTHLY = ("cube_sales", "cube_buyers", "cube_pairs", "cube_cross", "cube_service", "cube_response",
           "cube_surveys", "cube_deliveries", "cube_campaigns")
TABLES = ("cube_customer", *MONTHLY)
ROLLED = tuple(name for name in TABLES if name != "cube_response")  # additive: summed over the managers
ROLLUPS = tuple(f"{name}_rollup" for name in ROLLED)
# a cell's keys (every other column is an additive measure): what a rollup keeps, the manager folded
KEYS = ("month", "prev", "region", "channel", "industry", "acquired_month", "churned_month", "manager_left_month",
        "referred")

CUSTOMER_SQL = """
    SELECT c.region, c.channel, c.industry, c.manager_id,
           CAST(date_trunc('month', c.acquired_on) AS DATE) AS acquired_month,
           CAST(date_trunc('month', c.churned_on) AS DATE) AS churned_month,
           CAST(date_trunc('month', e.left_on) AS DATE) AS manager_left_month,
           c.referred_by_id IS NOT NULL AS referred,
           count(*) AS customers, sum(c.acquisition_cost) AS acquisition_cost,
           sum((CASE WHEN c.contact_name IS NULL THEN 0 ELSE 1 END + CASE WHEN c.email IS NULL THEN 0 ELSE 1 END
                + CASE WHEN c.phone IS NULL THEN 0 ELSE 1 END + CASE WHEN c.city IS NULL THEN 0 ELSE 1 END) / 4.0)
               AS completeness
    FROM customer c LEFT JOIN employee e ON e.id = c.manager_id
    GROUP BY ALL
"""

# month-keyed cells: {since} is "" (every month) or a condition on the month column for an incremental update
MONTHLY_SQL: dict[str, str] = {
    "cube_sales": f"""
        WITH per_order AS (  -- by order first: a count of distinct orders per cell holds them all in memory
            SELECT month, {DIMS}, order_id, sum(revenue) AS revenue, sum(margin) AS margin,
                   count(margin) AS margin_known, sum(cost) AS cost, count(cost) AS cost_known,
                   sum(revenue) FILTER (WHERE is_new) AS new_revenue,
                   sum(revenue) FILTER (WHERE NOT is_new) AS existing_revenue, count(*) AS lines
            FROM sales WHERE TRUE {{since}} GROUP BY ALL)
        SELECT month, {DIMS}, sum(revenue) AS revenue, sum(margin) AS margin,
               CAST(sum(margin_known) AS BIGINT) AS margin_known, sum(cost) AS cost,
               CAST(sum(cost_known) AS BIGINT) AS cost_known, coalesce(sum(new_revenue), 0) AS new_revenue,
               coalesce(sum(existing_revenue), 0) AS existing_revenue, CAST(sum(lines) AS BIGINT) AS lines,
               count(*) AS orders
        FROM per_order GROUP BY ALL""",
    "cube_buyers": f"""
        WITH bought AS (SELECT DISTINCT customer_id, month, {DIMS} FROM cube_bought),
        steps AS (SELECT *, lag(month) OVER (PARTITION BY customer_id ORDER BY month) AS prev FROM bought)
        SELECT month, prev, {DIMS}, count(*) AS customers FROM steps WHERE TRUE {{since}} GROUP BY ALL""",
    "cube_pairs": f"""
        WITH steps AS (SELECT *, lag(month) OVER (PARTITION BY customer_id, category ORDER BY month) AS prev
                       FROM cube_bought)
        SELECT month, prev, {DIMS}, count(*) AS pairs FROM steps WHERE TRUE {{since}} GROUP BY ALL""",
    "cube_cross": f"""
        WITH first_buy AS (SELECT customer_id, min(first_month) AS first_month FROM customer_category_first
                           GROUP BY 1),
        who AS (SELECT DISTINCT customer_id, {DIMS} FROM cube_bought),
        crossed AS (SELECT DISTINCT f.customer_id, f.first_month AS month
                    FROM customer_category_first f JOIN first_buy b USING (customer_id)
                    WHERE f.first_month > b.first_month),
        steps AS (SELECT x.*, w.region, w.channel, w.industry, w.manager_id,
                         lag(x.month) OVER (PARTITION BY x.customer_id ORDER BY x.month) AS prev
                  FROM crossed x JOIN who w USING (customer_id))
        SELECT month, prev, {DIMS}, count(*) AS customers FROM steps WHERE TRUE {{since}} GROUP BY ALL""",
    "cube_service": """
        SELECT CAST(date_trunc('month', t.opened_at) AS DATE) AS month, c.region, c.channel, c.industry,
               c.manager_id, count(*) AS tickets,
               count(*) FILTER (WHERE t.category = 'complaint') AS complaints,
               count(*) FILTER (WHERE t.category = 'how_to') AS how_to,
               count(t.resolved_at) AS resolved,
               count(*) FILTER (WHERE t.resolved_at <= t.promised_at) AS resolved_in_time,
               count(t.resolved_at) FILTER (WHERE t.category = 'complaint') AS complaints_resolved,
               sum(epoch(t.resolved_at - t.opened_at) / 86400.0) FILTER (WHERE t.category = 'complaint')
                   AS complaint_days_sum,
               count(epoch(t.resolved_at - t.opened_at)) FILTER (WHERE t.category = 'complaint')
                   AS complaint_days_n,
               sum(t.handling_cost) AS handling_cost,
               sum(t.csat) AS csat_sum, count(t.csat) AS csat_n
        FROM service_ticket t JOIN customer c ON c.id = t.customer_id
        WHERE TRUE {since} GROUP BY ALL""",
    "cube_response": """
        SELECT CAST(date_trunc('month', t.opened_at) AS DATE) AS month, c.region, c.channel, c.industry,
               c.manager_id, epoch(t.first_response_at - t.opened_at) / 3600.0 AS hours
        FROM service_ticket t JOIN customer c ON c.id = t.customer_id
        WHERE t.first_response_at IS NOT NULL {since} ORDER BY month""",
    "cube_surveys": """
        SELECT CAST(date_trunc('month', r.responded_on) AS DATE) AS month, c.region, c.channel, c.industry,
               c.manager_id, count(*) AS responses, sum(r.csat) AS csat_sum, count(r.csat) AS csat_n,
               count(*) FILTER (WHERE r.nps >= 9) AS promoters, count(*) FILTER (WHERE r.nps <= 6) AS detractors
        FROM survey_response r JOIN customer c ON c.id = r.customer_id
        WHERE TRUE {since} GROUP BY ALL""",
    "cube_deliveries": """
        SELECT CAST(date_trunc('month', o.ordered_on) AS DATE) AS month, c.region, c.channel, c.industry,
               c.manager_id, count(o.delivered_on) AS delivered,
               count(*) FILTER (WHERE o.delivered_on <= o.promised_on) AS on_time
        FROM sales_order o JOIN customer c ON c.id = o.customer_id
        WHERE TRUE {since} GROUP BY ALL""",
    "cube_campaigns": """
        WITH per_contact AS (SELECT k.campaign_id, any_value(g.spend) / count(*) AS spend,
                                    any_value(g.purpose) AS purpose
                             FROM campaign_contact k JOIN campaign g ON g.id = k.campaign_id GROUP BY k.campaign_id)
        SELECT CAST(date_trunc('month', k.contacted_on) AS DATE) AS month, c.region, c.channel, c.industry,
               c.manager_id, count(*) AS contacts, count(*) FILTER (WHERE k.responded) AS responded,
               count(*) FILTER (WHERE k.converted) AS converted, sum(k.revenue) AS revenue,
               sum(pc.spend) AS spend,
               coalesce(sum(k.revenue) FILTER (WHERE pc.purpose <> 'acquisition'), 0) AS revenue_existing,
               coalesce(sum(pc.spend) FILTER (WHERE pc.purpose <> 'acquisition'), 0) AS spend_existing
        FROM campaign_contact k JOIN per_contact pc USING (campaign_id) JOIN customer c ON c.id = k.customer_id
        WHERE TRUE {since} GROUP BY ALL""",
}
# the month expression each table's {since} condition compares (the fact's own month, before grouping)
MONTH_OF = {"cube_sales": "month", "cube_buyers": "month", "cube_pairs": "month", "cube_cross": "month",
            "cube_service": "CAST(date_trunc('month', t.opened_at) AS DATE)",
            "cube_response": "CAST(date_trunc('month', t.opened_at) AS DATE)",
            "cube_surveys": "CAST(date_trunc('month', r.responded_on) AS DATE)",
            "cube_deliveries": "CAST(date_trunc('month', o.ordered_on) AS DATE)",
            "cube_campaigns": "CAST(date_trunc('month', k.contacted_on) AS DATE)"}
# the first month of any contact of a campaign that has a contact in the months rebuilt
CAMPAIGNS_TOUCHED = """
    SELECT CAST(date_trunc('month', min(contacted_on)) AS DATE) FROM campaign_contact
    WHERE campaign_id IN (SELECT campaign_id FROM campaign_contact
                          WHERE CAST(date_trunc('month', contacted_on) AS DATE) >= $first_month)
"""
SOURCES = {"cube_customer": ("customer", "employee"), "cube_sales": ("sales",), "cube_buyers": ("sales",),
           "cube_pairs": ("sales",), "cube_cross": ("sales", "customer_category_first"),
           "cube_service": ("service_ticket", "customer"), "cube_response": ("service_ticket", "customer"),
           "cube_surveys": ("survey_response", "customer"), "cube_deliveries": ("sales_order", "customer"),
           "cube_campaigns": ("campaign_contact", "campaign", "customer")}


def _tables(connection: duckdb.DuckDBPyConnection) -> set[str]:
    return {row[0] for row in connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()").fetchall()}


def _write(connection: duckdb.DuckDBPyConnection, name: str, sql: str, params: dict | None = None) -> None:
    cursor = connection.cursor()  # a reader may have left a result open on the connection
    try:
        cursor.execute(f"CREATE OR REPLACE TABLE {name} AS {sql}", params or {})
    finally:
        cursor.close()


# what each customer bought when (customer, category, month), read by the buyers, pairs and cross cells
BOUGHT_SQL = f"CREATE OR REPLACE TABLE cube_bought AS SELECT DISTINCT customer_id, category, month, {DIMS} FROM sales"
READS_BOUGHT = ("cube_buyers", "cube_pairs", "cube_cross")


def _bought(connection: duckdb.DuckDBPyConnection, tables, since: date | None = None) -> bool:
    """The working table ``cube_bought`` (dropped after) when one of ``tables`` reads it (and sales are there);
    with ``since``, only the customers who bought from that month on (their whole history: the cells of those
    months need each one's previous purchase, and no one else has a row in them)."""
    if "sales" not in _tables(connection) or not set(tables) & set(READS_BOUGHT):
        return False
    recent = " WHERE customer_id IN (SELECT customer_id FROM sales WHERE month >= $since)" if since else ""
    connection.execute(BOUGHT_SQL + recent, {"since": since} if since else {})
    return True


def rollup_sql(connection: duckdb.DuckDBPyConnection, name: str) -> str:
    """``name``'s cells summed over their managers: every key but the manager kept; ``cube_customer``'s manager
    folded to 1 (has one) or NULL, which is all its states ask of it."""
    columns = [row[0] for row in connection.execute(f"DESCRIBE {name}").fetchall()]
    keys = [c for c in columns if c in KEYS]
    manager = ["CASE WHEN manager_id IS NOT NULL THEN 1 END AS manager_id"] if name == "cube_customer" else []
    measures = [f"sum({c}) AS {c}" for c in columns if c not in KEYS and c != "manager_id"]
    return f"SELECT {', '.join(keys + manager + measures)} FROM {name} GROUP BY ALL"


def roll_up(connection: duckdb.DuckDBPyConnection) -> None:
    """Every rollup rebuilt whole from its cells (1.2 s at a million customers)."""
    present = _tables(connection)
    for name in ROLLED:
        if name in present:
            _write(connection, f"{name}_rollup", rollup_sql(connection, name))


def build(connection: duckdb.DuckDBPyConnection, tables: tuple[str, ...] = TABLES) -> None:
    """Write ``tables`` from the facts now in the store (those whose facts are missing: not written), and the
    rollups."""
    _write_tables(connection, tables)
    roll_up(connection)


def _write_tables(connection: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> None:
    present = _tables(connection)
    bought = _bought(connection, tables)
    for name in tables:
        if not set(SOURCES[name]) <= present:
            continue
        sql = CUSTOMER_SQL if name == "cube_customer" else MONTHLY_SQL[name].format(since="")
        _write(connection, name, sql)
    if bought:
        connection.execute("DROP TABLE IF EXISTS cube_bought")


def update(connection: duckdb.DuckDBPyConnection, first_month: date) -> None:
    """The cells of the months from ``first_month`` on rebuilt from the facts, the earlier months' cells kept;
    ``cube_customer`` (states move with every new month: churn, leaving managers) rebuilt whole, and the campaign
    cells from the first month of any campaign with a new contact (its spend is split over all its contacts).
    Equals :func:`build` when no fact before ``first_month`` changed (an import that also wrote into older months
    passes the first month it wrote into)."""
    present = _tables(connection)
    whole = tuple(name for name in MONTHLY if name not in present or not set(SOURCES[name]) <= present)
    _write_tables(connection, ("cube_customer", *whole))
    kept = tuple(name for name in MONTHLY if name not in whole)
    bought = _bought(connection, kept, first_month)
    for name in kept:
        since = first_month
        if name == "cube_campaigns":  # a campaign's spend is split over all its contacts: new ones move old months
            found = connection.execute(CAMPAIGNS_TOUCHED, {"first_month": first_month}).fetchone()[0]
            since = min(first_month, found) if found is not None else first_month
        sql = MONTHLY_SQL[name].format(since=f"AND {MONTH_OF[name]} >= $first_month")
        cursor = connection.cursor()
        try:
            cursor.execute(f"DELETE FROM {name} WHERE month >= $first_month", {"first_month": since})
            cursor.execute(f"INSERT INTO {name} BY NAME {sql}", {"first_month": since})
        finally:
            cursor.close()
    if bought:
        connection.execute("DROP TABLE IF EXISTS cube_bought")
    roll_up(connection)


def precompute(store: Store, connection: duckdb.DuckDBPyConnection) -> None:
    """``jobs.refresh`` step: every cube table; on an incremental refresh (:func:`data.appended.scope`), the
    previous store's cells with the months from the first month the data changed in rebuilt."""
    since = appended.scope(connection)
    if since is not None and appended.take(connection, TABLES):
        update(connection, since)
    else:
        build(connection)


def present(store: Store) -> bool:
    """Whether ``store`` holds every cube table (a store built before the cube, or whose cube step failed: no)."""
    return set(TABLES) <= found(store)


def found(store: Store) -> set[str]:
    """The cube tables and rollups ``store`` holds."""
    return set(store.query("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'cube_%'")
               ["table_name"])
